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

    /** Requested but not available yet: what would carry mirrored traffic once it is. */
    public boolean isOnItsWay() {
        return ON_ITS_WAY.contains(state);
    }

    /** The transit gateway attachment states before available (EC2 API reference, TransitGatewayAttachmentState). */
    public static final java.util.Set<String> ON_ITS_WAY = java.util.Set.of("initiating", "initiatingRequest", "pendingAcceptance", "pending");
}
