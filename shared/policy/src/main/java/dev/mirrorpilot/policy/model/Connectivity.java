package dev.mirrorpilot.policy.model;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which VPCs can carry mirrored traffic to which: the same VPC, an active intra-region peering,
 * or available attachments to a shared transit gateway. Route tables are not modelled: a
 * transit gateway that isolates its attachments still counts as connected.
 */
public record Connectivity(List<VpcPeering> peerings, List<TransitGatewayAttachment> transitGatewayAttachments) {
    public static final Connectivity NONE = new Connectivity(List.of(), List.of());

    public Connectivity {
        peerings = List.copyOf(peerings);
        transitGatewayAttachments = List.copyOf(transitGatewayAttachments);
    }

    /** A precomputed, constant-time view for one region. */
    public Reach in(String region) {
        var peered = new HashMap<String, Set<String>>();
        var awaitingPeerings = new HashMap<String, VpcPeering>();
        for (var peering : peerings) {
            if (peering.carriesMirrorTrafficIn(region)) {
                peered.computeIfAbsent(peering.requesterVpcId(), k -> new HashSet<>()).add(peering.accepterVpcId());
                peered.computeIfAbsent(peering.accepterVpcId(), k -> new HashSet<>()).add(peering.requesterVpcId());
            } else if (peering.isOnItsWay(region)) {
                awaitingPeerings.merge(pair(peering.requesterVpcId(), peering.accepterVpcId()), peering,
                        (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b);
            }
        }
        var gateways = new HashMap<String, Set<String>>();
        var awaitingAttachments = new HashMap<String, List<TransitGatewayAttachment>>();
        for (var attachment : transitGatewayAttachments) {
            if (attachment.isAvailable()) {
                gateways.computeIfAbsent(attachment.vpcId(), k -> new HashSet<>()).add(attachment.transitGatewayId());
            } else if (attachment.isOnItsWay()) {
                awaitingAttachments.computeIfAbsent(attachment.vpcId(), k -> new java.util.ArrayList<>()).add(attachment);
            }
        }
        return new Reach(peered, gateways, awaitingPeerings, awaitingAttachments);
    }

    /** Two VPCs in either order, as one key. */
    private static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "|" + b : b + "|" + a;
    }

    /**
     * How a source VPC reaches a target. The two SHARED paths are for targets owned by another
     * account (AWS RAM), whose VPC and transit gateway attachments this account cannot read.
     */
    public enum Path {
        SAME_VPC("same VPC"),
        PEERING("VPC peering"),
        TRANSIT_GATEWAY("transit gateway"),
        SHARED_BY_SETTING("shared target; SHARED_TARGET_VPCS lists this VPC"),
        SHARED_VIA_TRANSIT_GATEWAY("shared target; this VPC has an available transit gateway attachment"),
        NONE("not reachable");

        private final String ground;

        Path(String ground) {
            this.ground = ground;
        }

        /** On what ground the source reaches the target, for the report. */
        public String ground() {
            return ground;
        }
    }

    /** Connectivity answered in constant time. */
    public static final class Reach {
        private final Map<String, Set<String>> peered;
        private final Map<String, Set<String>> gateways;
        private final Map<String, VpcPeering> awaitingPeerings;
        private final Map<String, List<TransitGatewayAttachment>> awaitingAttachments;

        private Reach(Map<String, Set<String>> peered, Map<String, Set<String>> gateways,
                      Map<String, VpcPeering> awaitingPeerings, Map<String, List<TransitGatewayAttachment>> awaitingAttachments) {
            this.peered = peered;
            this.gateways = gateways;
            this.awaitingPeerings = awaitingPeerings;
            this.awaitingAttachments = awaitingAttachments;
        }

        /**
         * What, already requested but not yet in place, would connect two VPCs: a peering not yet active,
         * or a transit gateway attachment not yet available on a gateway the other VPC is attached to.
         */
        public java.util.Optional<String> awaiting(String sourceVpc, String targetVpc) {
            var peering = awaitingPeerings.get(pair(sourceVpc, targetVpc));
            if (peering != null) {
                return java.util.Optional.of("peering " + peering.id() + " is " + peering.status()
                        + ("pending-acceptance".equals(peering.status()) ? " (accept it)" : ""));
            }
            for (var pair : List.of(List.of(sourceVpc, targetVpc), List.of(targetVpc, sourceVpc))) {
                for (var attachment : awaitingAttachments.getOrDefault(pair.get(0), List.of())) {
                    var other = pair.get(1);
                    boolean otherAttached = gateways.getOrDefault(other, Set.of()).contains(attachment.transitGatewayId())
                            || awaitingAttachments.getOrDefault(other, List.of()).stream()
                            .anyMatch(a -> a.transitGatewayId().equals(attachment.transitGatewayId()));
                    if (otherAttached) {
                        return java.util.Optional.of("transit gateway attachment " + attachment.id() + " of " + pair.get(0)
                                + " to " + attachment.transitGatewayId() + " is " + attachment.state());
                    }
                }
            }
            return java.util.Optional.empty();
        }

        public Path path(String sourceVpc, String targetVpc) {
            if (sourceVpc.equals(targetVpc)) {
                return Path.SAME_VPC;
            }
            if (peered.getOrDefault(sourceVpc, Set.of()).contains(targetVpc)) {
                return Path.PEERING;
            }
            var sourceGateways = gateways.getOrDefault(sourceVpc, Set.of());
            for (var gateway : gateways.getOrDefault(targetVpc, Set.of())) {
                if (sourceGateways.contains(gateway)) {
                    return Path.TRANSIT_GATEWAY;
                }
            }
            return Path.NONE;
        }

        public boolean reaches(String sourceVpc, String targetVpc) {
            return path(sourceVpc, targetVpc) != Path.NONE;
        }

        /** Whether the VPC has an available attachment to any transit gateway. */
        public boolean hasTransitGateway(String vpcId) {
            return !gateways.getOrDefault(vpcId, Set.of()).isEmpty();
        }
    }
}
