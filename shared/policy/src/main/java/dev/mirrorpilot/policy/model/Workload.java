package dev.mirrorpilot.policy.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An EC2 instance and the ENIs attached to it, primary (device index 0) first. {@code networkGbps}
 * is its typical network throughput (in and out) where known: what mirroring it would send a Sensor.
 */
public record Workload(
        String instanceId,
        String instanceType,
        InstanceState state,
        String vpcId,
        String subnetId,
        String availabilityZone,
        Tags tags,
        List<NetworkInterface> interfaces,
        java.util.OptionalDouble networkGbps) {

    public Workload(String instanceId, String instanceType, InstanceState state, String vpcId, String subnetId,
                    String availabilityZone, Tags tags, List<NetworkInterface> interfaces) {
        this(instanceId, instanceType, state, vpcId, subnetId, availabilityZone, tags, interfaces, java.util.OptionalDouble.empty());
    }

    public Workload {
        Objects.requireNonNull(networkGbps, "networkGbps");
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
