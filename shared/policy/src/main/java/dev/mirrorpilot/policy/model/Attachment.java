package dev.mirrorpilot.policy.model;

import java.util.Objects;

/** How an ENI is attached to an instance. Device index 0 is the primary interface. */
public record Attachment(String instanceId, int deviceIndex, boolean deleteOnTermination) {
    public Attachment {
        Objects.requireNonNull(instanceId, "instanceId");
        if (deviceIndex < 0) {
            throw new IllegalArgumentException("deviceIndex must be >= 0, was " + deviceIndex);
        }
    }

    public boolean isPrimary() {
        return deviceIndex == 0;
    }
}
