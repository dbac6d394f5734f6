package dev.mirrorpilot.simulator.securityhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Security Hub (REST-JSON): BatchImportFindings ({@code POST /findings/import}) with its limits
 * (1..100 findings, 240 KB each, 6 MB per call, the required ASFF fields, one's own default
 * product) and GetFindings ({@code POST /findings}) with the filters MirrorPilot uses. Importing an
 * existing {@code ProductArn}+{@code Id} updates that finding.
 */
public final class SecurityHubApi {
    static final int MAX_FINDINGS = 100;
    static final int MAX_FINDING_BYTES = 240 * 1024;
    static final int MAX_REQUEST_BYTES = 6 * 1024 * 1024;
    static final List<String> REQUIRED = List.of("SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId",
            "CreatedAt", "UpdatedAt", "Title", "Description", "Resources", "Types", "Severity");

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ObjectNode> findings = new LinkedHashMap<>();
    private final String accountId;
    private final String region;

    public SecurityHubApi(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    private boolean enabled = true;

    public synchronized void reset() {
        findings.clear();
        enabled = true;
    }

    /** Off: every call fails as in an account where Security Hub was never enabled. */
    public synchronized void enabled(boolean on) {
        enabled = on;
    }

    public String defaultProductArn() {
        return "arn:aws:securityhub:" + region + ":" + accountId + ":product/" + accountId + "/default";
    }

    /** Routes by method and path; throws {@link AwsError} for what AWS would refuse. */
    public synchronized JsonNode handle(String method, String path, JsonNode body, int bodyBytes) {
        if (!enabled) {
            throw new AwsError(401, "InvalidAccessException",
                    "Account " + accountId + " is not subscribed to AWS Security Hub");
        }
        if (method.equals("POST") && path.equals("/findings/import")) {
            return importFindings(body, bodyBytes);
        }
        if (method.equals("POST") && path.equals("/findings")) {
            return getFindings(body);
        }
        throw new AwsError(404, "ResourceNotFoundException", "No Security Hub operation at " + method + " " + path);
    }

    private JsonNode importFindings(JsonNode body, int bodyBytes) {
        var list = body.path("Findings");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_FINDINGS) {
            throw AwsError.badRequest("InvalidInputException",
                    "Findings must hold 1 to " + MAX_FINDINGS + " findings, it held " + (list.isArray() ? list.size() : 0));
        }
        if (bodyBytes > MAX_REQUEST_BYTES) {
            throw AwsError.badRequest("InvalidInputException", "The request is larger than 6 MB");
        }
        var result = json.createObjectNode();
        var failed = json.createArrayNode();
        int success = 0;
        for (var finding : list) {
            var problem = problem(finding);
            if (problem != null) {
                var entry = failed.addObject();
                entry.put("Id", finding.path("Id").asText(""));
                entry.put("ErrorCode", "InvalidInput");
                entry.put("ErrorMessage", problem);
                continue;
            }
            var stored = ((ObjectNode) finding).deepCopy();
            if (!stored.has("RecordState")) {
                var earlier = findings.get(key(finding));
                stored.put("RecordState", earlier == null ? "ACTIVE" : earlier.path("RecordState").asText("ACTIVE"));
            }
            findings.put(key(finding), stored);
            success++;
        }
        result.put("FailedCount", failed.size());
        result.put("SuccessCount", success);
        result.set("FailedFindings", failed);
        return result;
    }

    private String problem(JsonNode finding) {
        for (var field : REQUIRED) {
            if (!finding.hasNonNull(field)) {
                return "Finding is missing required field " + field;
            }
        }
        if (!finding.get("ProductArn").asText().equals(defaultProductArn())) {
            return "ProductArn must be " + defaultProductArn() + " for findings of account " + accountId;
        }
        if (!finding.get("AwsAccountId").asText().equals(accountId)) {
            return "AwsAccountId must be " + accountId;
        }
        var resources = finding.get("Resources");
        if (!resources.isArray() || resources.isEmpty()) {
            return "Resources must hold at least one resource";
        }
        for (var resource : resources) {
            if (!resource.hasNonNull("Type") || !resource.hasNonNull("Id")) {
                return "Each resource needs Type and Id";
            }
        }
        if (finding.toString().getBytes(StandardCharsets.UTF_8).length > MAX_FINDING_BYTES) {
            return "Finding is larger than 240 KB";
        }
        var state = finding.path("RecordState").asText("ACTIVE");
        if (!state.equals("ACTIVE") && !state.equals("ARCHIVED")) {
            return "RecordState must be ACTIVE or ARCHIVED";
        }
        return null;
    }

    private static String key(JsonNode finding) {
        return finding.get("ProductArn").asText() + "|" + finding.get("Id").asText();
    }

    private JsonNode getFindings(JsonNode body) {
        int max = body.path("MaxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw AwsError.badRequest("InvalidInputException", "MaxResults must be between 1 and 100");
        }
        var filters = body.path("Filters");
        var matching = new ArrayList<ObjectNode>();
        for (var finding : findings.values()) {
            if (matches(finding, filters)) {
                matching.add(finding);
            }
        }
        int offset = body.hasNonNull("NextToken") ? Integer.parseInt(body.get("NextToken").asText()) : 0;
        int end = Math.min(matching.size(), offset + max);
        var result = json.createObjectNode();
        var list = result.putArray("Findings");
        matching.subList(Math.min(offset, matching.size()), end).forEach(list::add);
        if (end < matching.size()) {
            result.put("NextToken", Integer.toString(end));
        }
        return result;
    }

    /** String filters (EQUALS, NOT_EQUALS, PREFIX) on top-level fields and ResourceId / ResourceType. */
    private static boolean matches(JsonNode finding, JsonNode filters) {
        var names = filters.fieldNames();
        while (names.hasNext()) {
            var name = names.next();
            var actual = switch (name) {
                case "ResourceId" -> List.of(finding.path("Resources").path(0).path("Id").asText());
                case "ResourceType" -> List.of(finding.path("Resources").path(0).path("Type").asText());
                case "SeverityLabel" -> List.of(finding.path("Severity").path("Label").asText());
                default -> List.of(finding.path(name).asText());
            };
            boolean anyEqual = false;
            boolean any = false;
            boolean allNotEqual = true;
            for (var condition : filters.get(name)) {
                var value = condition.path("Value").asText();
                var comparison = condition.path("Comparison").asText("EQUALS");
                switch (comparison) {
                    case "NOT_EQUALS" -> allNotEqual &= actual.stream().noneMatch(value::equals);
                    case "PREFIX" -> {
                        any = true;
                        anyEqual |= actual.stream().anyMatch(a -> a.startsWith(value));
                    }
                    default -> {
                        any = true;
                        anyEqual |= actual.stream().anyMatch(value::equals);
                    }
                }
            }
            if ((any && !anyEqual) || !allNotEqual) {
                return false;
            }
        }
        return true;
    }

    /** For tests and the control API: every stored finding. */
    public synchronized List<JsonNode> all() {
        return List.copyOf(findings.values());
    }
}
