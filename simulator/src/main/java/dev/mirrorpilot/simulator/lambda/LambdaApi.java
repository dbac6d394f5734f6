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
 * plain name or an ARN with a qualifier (an alias such as {@code live}).
 */
public final class LambdaApi {
    public static final String PATH_PREFIX = "/2015-03-31/functions/";
    private final String accountId;
    private final String region;
    private final Map<String, UnaryOperator<byte[]>> functions = new ConcurrentHashMap<>();
    private final List<String> invoked = java.util.Collections.synchronizedList(new ArrayList<>());

    /** What an invoke answered: the payload and, when the function failed, the error kind. */
    public record Answer(byte[] payload, String functionError) {
    }

    public LambdaApi(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    /** Registers a function by name; returns its ARN. */
    public String register(String name, UnaryOperator<byte[]> function) {
        functions.put(name, function);
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
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
