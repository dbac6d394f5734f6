package dev.mirrorpilot.aws.ec2;

/**
 * The instance is still unknown to DescribeInstances after the eventual-consistency backoff.
 * Transient: the event should be retried later, not dropped.
 */
public final class InstanceNotVisibleException extends RuntimeException {
    public InstanceNotVisibleException(String instanceId, int attempts) {
        super("instance " + instanceId + " is not visible to DescribeInstances after " + attempts
                + " attempts (eventual consistency); the event will be retried");
    }
}
