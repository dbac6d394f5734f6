package dev.mirrorpilot.local;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A Lambda {@link Context} for running a handler outside Lambda: {@code mirrorpilot invoke} and
 * tests. Without a timeout it always reports 15 minutes left; with one, the time left counts down
 * from its creation, as a deadline in Lambda does.
 */
public record LocalContext(String functionName, String account, String region, long deadlineNanos) implements Context {
    private static final long NO_DEADLINE = Long.MIN_VALUE;
    private static final int LAMBDA_MAXIMUM_MILLIS = 900_000;

    public LocalContext(String functionName, String account, String region) {
        this(functionName, account, region, NO_DEADLINE);
    }

    /** A context whose invocation times out {@code timeout} from now. */
    public static LocalContext withTimeout(String functionName, String account, String region, java.time.Duration timeout) {
        return new LocalContext(functionName, account, region, System.nanoTime() + timeout.toNanos());
    }

    @Override
    public String getAwsRequestId() {
        return UUID.randomUUID().toString();
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + region + ":" + account + ":function:" + functionName;
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
        if (deadlineNanos == NO_DEADLINE) {
            return LAMBDA_MAXIMUM_MILLIS;
        }
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
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
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                System.out.println(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
