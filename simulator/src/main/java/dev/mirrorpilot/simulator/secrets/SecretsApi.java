package dev.mirrorpilot.simulator.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS Secrets Manager GetSecretValue (JSON 1.1, target prefix {@code secretsmanager}): secrets
 * set by the test, found by name or ARN; an unknown one is a ResourceNotFoundException, as AWS
 * answers ("Secrets Manager can't find the specified secret.").
 */
public final class SecretsApi {
    public static final String TARGET_PREFIX = "secretsmanager.";
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final String accountId;
    private final String region;

    public SecretsApi(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    /** Sets a secret's string; returns its ARN. */
    public String put(String name, String secretString) {
        values.put(name, secretString);
        return arn(name);
    }

    public void reset() {
        values.clear();
    }

    private String arn(String name) {
        return "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:" + name + "-AbCdEf";
    }

    public ObjectNode handle(String operation, JsonNode request) {
        if (!operation.equals("GetSecretValue")) {
            throw new AwsError(400, "UnknownOperationException", "The simulator serves GetSecretValue only, not " + operation);
        }
        var id = request.path("SecretId").asText("");
        if (id.isEmpty() || id.length() > 2048) {
            throw new AwsError(400, "InvalidParameterException", "SecretId must be 1 to 2048 characters.");
        }
        var name = id.startsWith("arn:") ? id.replaceAll("^arn:[^:]+:secretsmanager:[^:]+:[^:]+:secret:", "").replaceAll("-[A-Za-z0-9]{6}$", "")
                : id;
        var value = values.get(name);
        if (value == null) {
            throw new AwsError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        var reply = json.createObjectNode().put("ARN", arn(name)).put("Name", name).put("VersionId", UUID.nameUUIDFromBytes(value.getBytes()).toString())
                .put("SecretString", value).put("CreatedDate", 1.7964e9);
        reply.putArray("VersionStages").add("AWSCURRENT");
        return reply;
    }
}
