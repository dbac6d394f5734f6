package dev.mirrorpilot.simulator.lambda;

import dev.mirrorpilot.simulator.AwsError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * AWS Lambda Invoke (REST: {@code POST /2015-03-31/functions/{FunctionName}/invocations}) for
 * functions the test registers in process: a function is a name and what it does with a payload; a
 * function that throws answers 200 with {@code X-Amz-Function-Error: Unhandled} and the error as the
 * payload, as Lambda does; an unknown name is a 404 ResourceNotFoundException. The name may be a
 * plain name or an ARN with a qualifier (an alias such as {@code live}). GetFunction
 * ({@code GET /2015-03-31/functions/{FunctionName}}) answers the function's configuration (its
 * timeout) and its tags, such as the {@code aws:cloudformation:*} tags CloudFormation puts on
 * every function of a stack.
 */
public final class LambdaApi {
    public static final String PATH_PREFIX = "/2015-03-31/functions/";
    private final String accountId;
    private final String region;
    private final Map<String, UnaryOperator<byte[]>> functions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    private final Map<String, Integer> timeouts = new ConcurrentHashMap<>();
    private final List<String> invoked = java.util.Collections.synchronizedList(new ArrayList<>());

    /** What an invoke answered: the payload and, when the function failed, the error kind. */
    public record Answer(byte[] payload, String functionError) {
    }

    public LambdaApi(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    /** Registers a function by name, untagged, with Lambda's default 3-second timeout; returns its ARN. */
    public String register(String name, UnaryOperator<byte[]> function) {
        return register(name, Map.of(), 3, function);
    }

    /** Registers a function with its tags and timeout; returns its ARN. */
    public String register(String name, Map<String, String> functionTags, int timeoutSeconds, UnaryOperator<byte[]> function) {
        functions.put(name, function);
        tags.put(name, Map.copyOf(functionTags));
        timeouts.put(name, timeoutSeconds);
        return arn(name);
    }

    private String arn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /** GetFunction: the configuration and tags of a registered function. */
    public com.fasterxml.jackson.databind.node.ObjectNode getFunction(String path) {
        var name = nameOf(URLDecoder.decode(path.substring(PATH_PREFIX.length()), StandardCharsets.UTF_8));
        if (!functions.containsKey(name)) {
            throw new AwsError(404, "ResourceNotFoundException", "Function not found: " + arn(name));
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var reply = json.createObjectNode();
        reply.putObject("Configuration").put("FunctionName", name).put("FunctionArn", arn(name))
                .put("Timeout", timeouts.getOrDefault(name, 3)).put("Runtime", "java21");
        var tagNode = reply.putObject("Tags");
        tags.getOrDefault(name, Map.of()).forEach(tagNode::put);
        return reply;
    }

    private String nameOf(String raw) {
        if (raw.startsWith("arn:")) {
            if (!raw.split(":")[4].equals(accountId)) {
                throw new AwsError(403, "AccessDeniedException", "User is not authorized to perform: lambda:GetFunction on " + raw);
            }
            return raw.split(":")[6];
        }
        return raw.split(":")[0];
    }

    /** The function names invoked, in order. */
    public List<String> invoked() {
        return List.copyOf(invoked);
    }

    public void reset() {
        invoked.clear();
    }

    public Answer invoke(String path, byte[] payload) {
        var raw = URLDecoder.decode(path.substring(PATH_PREFIX.length(), path.length() - "/invocations".length()),
                StandardCharsets.UTF_8);
        var name = raw.startsWith("arn:") ? raw.split(":")[6] : raw.split(":")[0];
        if (raw.startsWith("arn:") && !raw.split(":")[4].equals(accountId)) {
            throw new AwsError(403, "AccessDeniedException", "User is not authorized to perform: lambda:InvokeFunction on " + raw);
        }
        var function = functions.get(name);
        if (function == null) {
            throw new AwsError(404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:" + region + ":" + accountId
                    + ":function:" + name);
        }
        invoked.add(name);
        try {
            return new Answer(function.apply(payload), null);
        } catch (RuntimeException e) {
            var message = String.valueOf(e.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"");
            return new Answer(("{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + e.getClass().getName() + "\"}")
                    .getBytes(StandardCharsets.UTF_8), "Unhandled");
        }
    }
}
