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
        for (var peering : peerings) {
            if (peering.carriesMirrorTrafficIn(region)) {
                peered.computeIfAbsent(peering.requesterVpcId(), k -> new HashSet<>()).add(peering.accepterVpcId());
                peered.computeIfAbsent(peering.accepterVpcId(), k -> new HashSet<>()).add(peering.requesterVpcId());
            }
        }
        var gateways = new HashMap<String, Set<String>>();
        for (var attachment : transitGatewayAttachments) {
            if (attachment.isAvailable()) {
                gateways.computeIfAbsent(attachment.vpcId(), k -> new HashSet<>()).add(attachment.transitGatewayId());
            }
        }
        return new Reach(peered, gateways);
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

        private Reach(Map<String, Set<String>> peered, Map<String, Set<String>> gateways) {
            this.peered = peered;
            this.gateways = gateways;
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
