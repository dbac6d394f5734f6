package dev.mirrorpilot.simulator.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Systems Manager Parameter Store, GetParameter and PutParameter (JSON 1.1, target prefix
 * {@code AmazonSSM}), as the AWS API reference documents them: a name of 1 to 2048 characters, a
 * standard-tier value of at most 4 KB, {@code ParameterNotFound} for a name nobody put,
 * {@code ParameterAlreadyExists} when PutParameter would overwrite without {@code Overwrite}, and a
 * version that grows with each put. CloudFormation's {@code AWS::SSM::Parameter} is a PutParameter.
 */
public final class ParametersApi {
    public static final String TARGET_PREFIX = "AmazonSSM.";
    private static final int STANDARD_VALUE_LIMIT = 4096;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Stored> parameters = new ConcurrentHashMap<>();
    private final String accountId;
    private final String region;

    private record Stored(String type, String value, long version) {
    }

    public ParametersApi(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    /** Puts (or overwrites) a String parameter, as a stack deploy or update would. */
    public void put(String name, String value) {
        parameters.compute(name, (n, old) -> new Stored("String", value, old == null ? 1 : old.version() + 1));
    }

    public void reset() {
        parameters.clear();
    }

    public ObjectNode handle(String operation, JsonNode request) {
        var name = request.path("Name").asText("");
        if (name.isEmpty() || name.length() > 2048) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'name' failed to satisfy "
                    + "constraint: Member must have length between 1 and 2048");
        }
        return switch (operation) {
            case "GetParameter" -> get(name);
            case "PutParameter" -> put(name, request);
            default -> throw new AwsError(400, "UnknownOperationException",
                    "The simulator serves GetParameter and PutParameter only, not " + operation);
        };
    }

    private ObjectNode get(String name) {
        var stored = parameters.get(name);
        if (stored == null) {
            throw new AwsError(400, "ParameterNotFound", null);
        }
        var reply = json.createObjectNode();
        reply.putObject("Parameter").put("Name", name).put("Type", stored.type()).put("Value", stored.value())
                .put("Version", stored.version()).put("LastModifiedDate", 1.7964e9).put("DataType", "text")
                .put("ARN", "arn:aws:ssm:" + region + ":" + accountId + ":parameter" + (name.startsWith("/") ? "" : "/") + name);
        return reply;
    }

    private ObjectNode put(String name, JsonNode request) {
        var value = request.path("Value").asText("");
        if (value.isEmpty() || value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > STANDARD_VALUE_LIMIT) {
            throw new AwsError(400, "ValidationException", "Standard tier parameters support a maximum parameter value of 4096 characters.");
        }
        var overwrite = request.path("Overwrite").asBoolean(false);
        var type = request.path("Type").asText("String");
        var stored = parameters.compute(name, (n, old) -> {
            if (old != null && !overwrite) {
                throw new AwsError(400, "ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the "
                        + "overwrite option in the request to true.");
            }
            return new Stored(type, value, old == null ? 1 : old.version() + 1);
        });
        return json.createObjectNode().put("Version", stored.version()).put("Tier", "Standard");
    }
}
