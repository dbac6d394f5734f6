package dev.mirrorpilot.aws.autoscaling;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

/**
 * "Mirror before serve": completes an Auto Scaling group's launch lifecycle action with CONTINUE
 * once the instance is mirrored. A refusal is returned, never thrown: the hook's heartbeat timeout
 * (with DefaultResult CONTINUE) lets the instance serve anyway, so MirrorPilot never blocks scaling.
 * IAM: {@code autoscaling:CompleteLifecycleAction}.
 */
public final class LaunchLifecycle {
    private final AutoScalingClient autoScaling;

    public LaunchLifecycle(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    /** Empty when Auto Scaling took the CONTINUE; else what it said (an expired or unknown token, a permission). */
    public Optional<String> proceed(String group, String hook, String token, String instanceId) {
        try {
            autoScaling.completeLifecycleAction(b -> b.autoScalingGroupName(group).lifecycleHookName(hook)
                    .lifecycleActionToken(token).instanceId(instanceId).lifecycleActionResult("CONTINUE"));
            return Optional.empty();
        } catch (AutoScalingException e) {
            var code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            return Optional.of(code + ": " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
        } catch (SdkException e) {
            return Optional.of("Auto Scaling could not be reached (" + e.getMessage() + ")");
        }
    }
}
