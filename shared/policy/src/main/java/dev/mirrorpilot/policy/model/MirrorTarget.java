package dev.mirrorpilot.policy.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A Traffic Mirror target: a Sensor's capture ENI, an NLB in front of Sensors, or a Gateway Load
 * Balancer endpoint. {@code availabilityZone} is empty for load balancers that span zones;
 * {@code sensorInstanceType} is known only for ENI targets and decides their source limit.
 * A target shared through AWS RAM has a foreign {@code ownerId} and still counts.
 */
public record MirrorTarget(
        String id,
        TargetKind kind,
        String resourceId,
        String vpcId,
        Optional<String> availabilityZone,
        String ownerId,
        Optional<String> sensorInstanceType,
        Tags tags) {

    public MirrorTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(sensorInstanceType, "sensorInstanceType");
        Objects.requireNonNull(tags, "tags");
    }

    /** The ENI behind an ENI target; empty for load balancer targets. */
    public Optional<String> networkInterfaceId() {
        return kind == TargetKind.NETWORK_INTERFACE ? Optional.of(resourceId) : Optional.empty();
    }

    /** Whether another account owns the target (shared through AWS RAM), so nothing behind it can be read here. */
    public boolean isSharedInto(String accountId) {
        return !ownerId.isBlank() && !ownerId.equals(accountId);
    }

    public String name() {
        return tags.nameOr(id);
    }
}
