package dev.mirrorpilot.policy.coverage;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.Reason;
import java.util.Optional;

/**
 * One target's load (distinct source ENIs, ours and foreign) now and after the plan, against its
 * limit; why it cannot receive, if it cannot; whether it is shared from another account (and so
 * cannot be checked from this one); whether brain-health recorded its Sensor degraded.
 */
public record TargetCoverage(
        String targetId,
        String name,
        TargetKind kind,
        String vpcId,
        String availabilityZone,
        boolean selected,
        CapacityLimit limit,
        int loadBefore,
        int loadAfter,
        Optional<Reason> problem,
        String sharedBy,
        boolean sensorDegraded) {

    public TargetCoverage {
        java.util.Objects.requireNonNull(problem, "problem");
        sharedBy = sharedBy == null ? "" : sharedBy;
    }

    /** A short state for tables: the problem, shared, full, above headroom, or ok; and a Sensor its Brain reports degraded. */
    public String state() {
        var load = loadState();
        // Sessions into it are configured, but the Brain measures the Sensor dropping traffic: say so beside the load.
        return sensorDegraded && problem.isEmpty() && selected
                ? load + "; Sensor degraded by its Brain (traffic drop or connectivity warning): new sessions go elsewhere first"
                : load;
    }

    private String loadState() {
        if (!selected) {
            return sharedBy.isEmpty() ? "not selected by policy" : "not selected; shared by " + sharedBy
                    + " (its tags are not visible here: select it with MIRRORPILOT_TARGET_IDS)";
        }
        if (problem.isPresent()) {
            return problem.get().code().label() + ": " + problem.get().detail();
        }
        if (!limit.isUnlimited() && loadBefore >= limit.hardLimit()) {
            return "full";
        }
        if (!limit.isUnlimited() && limit.isAboveHeadroom(loadBefore)) {
            return "above headroom";
        }
        return sharedBy.isEmpty() ? "ok" : "shared by " + sharedBy + " (receiver not verifiable here)";
    }

    public boolean nearLimitAfter() {
        return !limit.isUnlimited() && limit.isAboveHeadroom(loadAfter);
    }

    public boolean atLimitAfter() {
        return !limit.isUnlimited() && loadAfter >= limit.hardLimit();
    }
}
