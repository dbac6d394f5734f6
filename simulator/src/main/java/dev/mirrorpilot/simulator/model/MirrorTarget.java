package dev.mirrorpilot.simulator.model;

import java.util.Optional;

/**
 * A traffic mirror target. {@code ownerInstanceType} is the instance type behind an ENI target that
 * this account cannot describe (a target shared through AWS RAM); for its own ENI targets the
 * simulator reads the type from the instance the ENI is attached to.
 */
public record MirrorTarget(String id, TargetKind kind, String resourceId, String vpcId, Optional<String> availabilityZone,
                           String ownerId, Optional<String> ownerInstanceType, Tags tags) {
    public MirrorTarget {
        ownerId = ownerId == null ? "" : ownerId;
    }

    /** The ENI behind an ENI target. */
    public Optional<String> networkInterfaceId() {
        return kind == TargetKind.NETWORK_INTERFACE ? Optional.of(resourceId) : Optional.empty();
    }

    public MirrorTarget withTags(Tags newTags) {
        return new MirrorTarget(id, kind, resourceId, vpcId, availabilityZone, ownerId, ownerInstanceType, newTags);
    }
}
