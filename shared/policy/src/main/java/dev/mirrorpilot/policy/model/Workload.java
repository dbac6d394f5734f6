package dev.mirrorpilot.policy.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** An EC2 instance and the ENIs attached to it, primary (device index 0) first. */
public record Workload(
        String instanceId,
        String instanceType,
        InstanceState state,
        String vpcId,
        String subnetId,
        String availabilityZone,
        Tags tags,
        List<NetworkInterface> interfaces) {

    public Workload {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(instanceType, "instanceType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(tags, "tags");
        interfaces = interfaces.stream()
                .sorted(Comparator.comparingInt(NetworkInterface::deviceIndex).thenComparing(NetworkInterface::id))
                .toList();
    }

    public String name() {
        return tags.nameOr(instanceId);
    }
}
