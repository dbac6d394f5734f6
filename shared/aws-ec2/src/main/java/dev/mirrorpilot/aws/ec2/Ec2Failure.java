package dev.mirrorpilot.aws.ec2;

import java.util.Set;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * What an EC2 failure means for the caller, after the SDK has retried what it retries:
 * transient ones are rethrown so Lambda retries the event; permanent ones are logged with what to
 * fix and not retried; capacity ones send the planner to another target.
 */
public enum Ec2Failure {
    /** Throttling, 5xx, timeouts, connection errors: try again later. */
    TRANSIENT,
    /** The caller lacks a permission or the request can never succeed: a person must fix something. */
    PERMANENT,
    /** A target or source limit was reached between planning and creating: re-plan. */
    CAPACITY,
    /** The resource is already gone: nothing left to do. */
    GONE;

    private static final Set<String> CAPACITY_CODES = Set.of("TrafficMirrorSourcesPerTargetLimitExceeded",
            "TrafficMirrorSessionsPerInterfaceLimitExceeded", "TrafficMirrorSessionsPerTargetLimitExceeded");

    public static Ec2Failure of(SdkException exception) {
        if (exception instanceof Ec2Exception ec2) {
            var code = ec2.awsErrorDetails() == null ? "" : ec2.awsErrorDetails().errorCode();
            if (ec2.isThrottlingException() || ec2.statusCode() >= 500 || "RequestLimitExceeded".equals(code)) {
                return TRANSIENT;
            }
            if (code != null && code.endsWith(".NotFound") && code.startsWith("InvalidTrafficMirrorSession")) {
                return GONE;
            }
            if (CAPACITY_CODES.contains(code)) {
                return CAPACITY;
            }
            return PERMANENT;
        }
        return exception instanceof SdkClientException ? TRANSIENT : PERMANENT;
    }

    /** The account holds 10,000 sessions: no other create can succeed until some are deleted. */
    public static boolean isAccountSessionLimit(SdkException exception) {
        return code(exception).equals("TrafficMirrorSessionLimitExceeded");
    }

    /** The caller's role lacks a permission (or its credentials are bad): no other call will fare better. */
    public static boolean isPermissionDenied(SdkException exception) {
        var code = code(exception);
        return code.equals("UnauthorizedOperation") || code.startsWith("AuthFailure") || code.equals("AccessDenied")
                || code.equals("AccessDeniedException");
    }

    public static String code(SdkException exception) {
        return exception instanceof Ec2Exception ec2 && ec2.awsErrorDetails() != null
                ? ec2.awsErrorDetails().errorCode() : exception.getClass().getSimpleName();
    }
}
