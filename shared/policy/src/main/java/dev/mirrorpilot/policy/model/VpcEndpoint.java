package dev.mirrorpilot.policy.model;

import java.util.Objects;

/** A VPC endpoint; a Gateway Load Balancer endpoint target receives only while it is {@code available}. */
public record VpcEndpoint(String id, String vpcId, String type, String state) {
    public VpcEndpoint {
        Objects.requireNonNull(id, "id");
        vpcId = vpcId == null ? "" : vpcId;
        type = type == null ? "" : type;
        Objects.requireNonNull(state, "state");
    }

    public boolean isAvailable() {
        return "available".equalsIgnoreCase(state);
    }
}
