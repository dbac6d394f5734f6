package dev.mirrorpilot.policy.model;

import java.util.Objects;

/**
 * How an ENI is attached to an instance. Device index 0 is the primary interface.
 * {@code attachmentId} ({@code eni-attach-...}) is what CloudTrail's DetachNetworkInterface names;
 * empty when not read.
 */
public record Attachment(String instanceId, int deviceIndex, boolean deleteOnTermination, String attachmentId) {
    public Attachment(String instanceId, int deviceIndex, boolean deleteOnTermination) {
        this(instanceId, deviceIndex, deleteOnTermination, "");
    }

    public Attachment {
        attachmentId = attachmentId == null ? "" : attachmentId;
        Objects.requireNonNull(instanceId, "instanceId");
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("deviceIndex must be >= 0, was " + deviceIndex);
        }
    }

    public boolean isPrimary() {
        return deviceIndex == 0;
    }
}
