package dev.mirrorpilot.policy.placement;

import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.MirrorTarget;
import java.util.Map;
import java.util.Set;

/**
 * Whether, and on what ground, a source VPC reaches a target. Targets of this account use the
 * read connectivity (same VPC, active peering, a shared transit gateway). A target shared through
 * AWS RAM from another account has a VPC and transit gateway attachments this account cannot
 * read, so: where {@code SHARED_TARGET_VPCS} names the target, exactly the VPCs listed reach it;
 * otherwise a visible path (peering to a known VPC) counts, and failing that every VPC with an
 * available transit gateway attachment does (the multi-account pattern: Sensors in a security
 * account behind a transit gateway).
 */
public final class TargetReach {
    private final Connectivity.Reach reach;
    private final String accountId;
    private final Map<String, Set<String>> sharedTargetVpcs;

    public TargetReach(Connectivity.Reach reach, String accountId, Map<String, Set<String>> sharedTargetVpcs) {
        this.reach = reach;
        this.accountId = accountId;
        this.sharedTargetVpcs = sharedTargetVpcs;
    }

    public Connectivity.Path path(String sourceVpcId, MirrorTarget target) {
        if (!target.isSharedInto(accountId)) {
            return reach.path(sourceVpcId, target.vpcId());
        }
        var listed = sharedTargetVpcs.get(target.id());
        if (listed != null) {
            return listed.contains(sourceVpcId) ? Connectivity.Path.SHARED_BY_SETTING : Connectivity.Path.NONE;
        }
        var visible = target.vpcId().isBlank() ? Connectivity.Path.NONE : reach.path(sourceVpcId, target.vpcId());
        if (visible != Connectivity.Path.NONE) {
            return visible;
        }
        return reach.hasTransitGateway(sourceVpcId) ? Connectivity.Path.SHARED_VIA_TRANSIT_GATEWAY : Connectivity.Path.NONE;
    }

    /** What, requested but not in place yet, would let the source VPC reach this target (own targets only). */
    public java.util.Optional<String> awaiting(String sourceVpcId, MirrorTarget target) {
        return target.isSharedInto(accountId) || target.vpcId().isBlank() ? java.util.Optional.empty()
                : reach.awaiting(sourceVpcId, target.vpcId());
    }

    public boolean reaches(String sourceVpcId, MirrorTarget target) {
        return path(sourceVpcId, target) != Connectivity.Path.NONE;
    }
}
