package dev.mirrorpilot.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.ec2.Ec2Failure;
import org.slf4j.Logger;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * What a function does with an AWS error that is still there after the SDK's retries: transient
 * ones are logged, counted as {@code Throttled} and rethrown, so whatever invoked the function
 * retries; permanent ones are logged with what to fix, counted as {@code PermanentFailures} and
 * returned as a {@code failed} result, never retried.
 */
public final class AwsFailure {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AwsFailure() {
    }

    /** The call never got an answer from AWS: a client-side failure (no service response), not a throttle. */
    public static boolean isUnreachable(SdkException e) {
        return e instanceof software.amazon.awssdk.core.exception.SdkClientException;
    }

    /**
     * @param whoRetries what retries a transient failure ("the event will be retried by Lambda")
     * @param whatToFix  the permanent failure's advice, with a {@code {}} for the AWS message
     * @throws SdkException the same exception, when it is transient
     */
    public static ObjectNode handle(SdkException e, Telemetry telemetry, Logger log, String whoRetries, String whatToFix) {
        var code = Ec2Failure.code(e);
        if (isUnreachable(e)) {
            // No answer at all (connection refused, DNS, timeout): not throttling, and said so.
            telemetry.count("Unreachable", 1);
            log.warn("AWS could not be reached (" + e.getMessage() + "); check the network path (VPC endpoints, NAT) "
                    + "and AWS_ENDPOINT_URL; " + whoRetries);
            throw e;
        }
        if (Ec2Failure.of(e) == Ec2Failure.TRANSIENT) {
            telemetry.count("Throttled", 1);
            log.warn("AWS still failing after the SDK's retries; " + whoRetries, entry("code", code));
            throw e;
        }
        telemetry.count("PermanentFailures", 1);
        log.error(whatToFix, e.getMessage(), entry("code", code));
        return JSON.createObjectNode().put("status", "failed").put("code", code).put("message", e.getMessage());
    }
}
