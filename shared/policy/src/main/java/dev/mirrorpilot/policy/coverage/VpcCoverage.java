package dev.mirrorpilot.policy.coverage;

import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.Map;

/**
 * Source ENIs of one VPC by outcome. {@code eligible = mirrored + toCreate + uncovered}: every
 * eligible ENI is either mirrored, about to be, or counted under a reason a person can fix.
 * {@code partlyMirrored} (part of {@code mirrored}) counts ENIs where a foreign session with a
 * lower number takes the traffic its filter matches before ours sees it.
 */
public record VpcCoverage(
        String vpcId,
        String name,
        int interfaces,
        int eligible,
        int mirrored,
        int toCreate,
        int uncovered,
        int notEligible,
        Map<ReasonCode, Integer> skippedByReason,
        int partlyMirrored) {

    public VpcCoverage {
        skippedByReason = Map.copyOf(skippedByReason);
    }

    /** Share of eligible ENIs mirrored once the plan is applied, 0..100; 100 when nothing is eligible. */
    public double coveragePercentAfter() {
        return eligible == 0 ? 100.0 : 100.0 * (mirrored + toCreate) / eligible;
    }
}
