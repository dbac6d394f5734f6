package dev.mirrorpilot.policy.model;

import java.util.Objects;

/** A transit gateway VPC attachment; only {@code available} ones carry traffic. */
public record TransitGatewayAttachment(String id, String transitGatewayId, String vpcId, String state) {
    public TransitGatewayAttachment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(transitGatewayId, "transitGatewayId");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(state, "state");
    }

    public boolean isAvailable() {
        return "available".equals(state);
    }
}
