package dev.mirrorpilot.policy.coverage;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.model.TargetKind;

/** One target's load (sources, ours and foreign) now and after the plan, against its limit. */
public record TargetCoverage(
        String targetId,
        String name,
        TargetKind kind,
        String vpcId,
        String availabilityZone,
        boolean selected,
        CapacityLimit limit,
        int loadBefore,
        int loadAfter) {

    public boolean nearLimitAfter() {
        return !limit.isUnlimited() && limit.isAboveHeadroom(loadAfter);
    }

    public boolean atLimitAfter() {
        return !limit.isUnlimited() && loadAfter >= limit.hardLimit();
    }
}
