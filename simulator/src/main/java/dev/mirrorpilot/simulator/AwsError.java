package dev.mirrorpilot.simulator;

/**
 * An error the simulator answers with, as AWS would: an error code, a message and an HTTP status.
 * Each protocol renders it in its own envelope (EC2 XML, JSON 1.1, REST-JSON).
 */
public final class AwsError extends RuntimeException {
    private final String code;
    private final int status;

    public AwsError(int status, String code, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    public static AwsError badRequest(String code, String message) {
        return new AwsError(400, code, message);
    }

    public static AwsError invalidParameter(String message) {
        return badRequest("InvalidParameterValue", message);
    }

    public static AwsError missingParameter(String name) {
        return badRequest("MissingParameter", "The request must contain the parameter " + name);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
