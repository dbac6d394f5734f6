package dev.mirrorpilot.policy.model;

import java.util.Objects;

/**
 * A VPC peering connection. Mirrored traffic crosses it only when it is {@code active} and
 * intra-region (AWS supports mirroring over intra-region peering only).
 */
public record VpcPeering(
        String id,
        String requesterVpcId,
        String accepterVpcId,
        String status,
        String requesterRegion,
        String accepterRegion) {

    public VpcPeering {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requesterVpcId, "requesterVpcId");
        Objects.requireNonNull(accepterVpcId, "accepterVpcId");
        Objects.requireNonNull(status, "status");
    }

    public boolean carriesMirrorTrafficIn(String region) {
        return "active".equals(status) && sameRegion(requesterRegion, region) && sameRegion(accepterRegion, region);
    }

    /** Requested in this region but not active yet: what, once accepted or provisioned, would carry mirrored traffic. */
    public boolean isOnItsWay(String region) {
        return ON_ITS_WAY.contains(status) && sameRegion(requesterRegion, region) && sameRegion(accepterRegion, region);
    }

    /** The VPC peering states before active (EC2 API reference, VpcPeeringConnectionStateReason). */
    public static final java.util.Set<String> ON_ITS_WAY = java.util.Set.of("initiating-request", "pending-acceptance", "provisioning");

    private static boolean sameRegion(String peerRegion, String region) {
        return peerRegion == null || peerRegion.isBlank() || peerRegion.equals(region);
    }

    public boolean connects(String vpcA, String vpcB) {
        return (requesterVpcId.equals(vpcA) && accepterVpcId.equals(vpcB))
                || (requesterVpcId.equals(vpcB) && accepterVpcId.equals(vpcA));
    }
}
