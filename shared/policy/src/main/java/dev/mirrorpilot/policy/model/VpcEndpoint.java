package dev.mirrorpilot.policy.model;

import java.util.Objects;

/**
 * A VPC endpoint; a Gateway Load Balancer endpoint target receives only while it is {@code available}.
 * {@code networkInterfaceIds}: its ENIs, one per subnet, where mirrored packets arrive (empty when not read).
 */
public record VpcEndpoint(String id, String vpcId, String type, String state, java.util.List<String> networkInterfaceIds) {
    public VpcEndpoint(String id, String vpcId, String type, String state) {
        this(id, vpcId, type, state, java.util.List.of());
    }

    public VpcEndpoint {
        Objects.requireNonNull(id, "id");
        networkInterfaceIds = networkInterfaceIds == null ? java.util.List.of() : java.util.List.copyOf(networkInterfaceIds);
        vpcId = vpcId == null ? "" : vpcId;
        type = type == null ? "" : type;
        Objects.requireNonNull(state, "state");
    }

    public boolean isAvailable() {
        return "available".equalsIgnoreCase(state);
    }
}
