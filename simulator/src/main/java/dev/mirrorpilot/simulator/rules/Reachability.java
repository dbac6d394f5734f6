package dev.mirrorpilot.simulator.rules;

import dev.mirrorpilot.simulator.model.TransitGatewayAttachment;
import dev.mirrorpilot.simulator.model.VpcPeering;
import java.util.List;

/**
 * Whether EC2 accepts a source in one VPC for a target in another: same VPC, an active
 * intra-region peering, or available attachments of both VPCs to one transit gateway. A target
 * owned by another account (AWS RAM) sits in a VPC whose attachments this account does not see;
 * EC2 accepts it from a VPC peered with the target's VPC or attached to any transit gateway.
 */
public final class Reachability {
    private Reachability() {
    }

    public static boolean reaches(String region, List<VpcPeering> peerings, List<TransitGatewayAttachment> attachments,
                                  String sourceVpc, String targetVpc, boolean sharedTarget) {
        if (sourceVpc.equals(targetVpc)) {
            return true;
        }
        boolean peered = peerings.stream().anyMatch(p -> "active".equals(p.status())
                && region.equals(p.requesterRegion()) && region.equals(p.accepterRegion())
                && ((p.requesterVpcId().equals(sourceVpc) && p.accepterVpcId().equals(targetVpc))
                || (p.accepterVpcId().equals(sourceVpc) && p.requesterVpcId().equals(targetVpc))));
        if (peered) {
            return true;
        }
        var sourceGateways = attachments.stream().filter(a -> "available".equals(a.state()) && a.vpcId().equals(sourceVpc))
                .map(TransitGatewayAttachment::transitGatewayId).toList();
        if (sharedTarget) {
            return !sourceGateways.isEmpty();
        }
        return attachments.stream().anyMatch(a -> "available".equals(a.state()) && a.vpcId().equals(targetVpc)
                && sourceGateways.contains(a.transitGatewayId()));
    }
}
