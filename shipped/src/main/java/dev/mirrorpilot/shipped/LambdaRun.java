package dev.mirrorpilot.shipped;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the Lambda runtime does with a shipped jar, and nothing more: loads the handler class by name
 * from the class path (the jar alone), constructs it, and hands it one event. The result goes to a
 * file, so stdout holds only what the function logs.
 *
 * <p>Usage: {@code LambdaRun HANDLER_CLASS EVENT_FILE RESULT_FILE FUNCTION_ARN}
 */
public final class LambdaRun {
    private LambdaRun() {
    }

    public static void main(String[] args) throws Exception {
        var handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        var event = Files.readAllBytes(Path.of(args[1]));
        try (var out = new FileOutputStream(args[2])) {
            handler.handleRequest(new ByteArrayInputStream(event), out, new RunContext(args[3]));
        }
    }

    /**
     * A context with a 15-minute deadline from now (the longest a Lambda function runs). Not shared/local's
     * LocalContext on purpose: nothing but the jar and this class may be on the class path, or a jar that
     * needed the local classes would pass.
     */
    private record RunContext(String arn) implements Context {
        private static final long DEADLINE = System.currentTimeMillis() + 900_000;

        @Override
        public String getAwsRequestId() {
            return "shipped-jar-run";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "shipped";
        }

        @Override
        public String getFunctionName() {
            return arn.substring(arn.lastIndexOf(':') + 1);
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return arn;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, DEADLINE - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
