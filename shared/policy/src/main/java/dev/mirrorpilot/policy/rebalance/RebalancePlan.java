package dev.mirrorpilot.policy.rebalance;

import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.List;

/**
 * What a rebalance will do: the moves (in-place retargets of MirrorPilot sessions, nothing else),
 * the crowded targets it cannot relieve and what to add, and how many moves wait for the next run
 * because of the per-run maximum. {@code lowerBound} is the fewest moves that could bring every
 * crowded target to its low-water mark, by sources and by its Sensor's Gbps.
 */
public record RebalancePlan(SessionPlan plan, List<Shortfall> shortfalls, int deferred, int lowerBound) {
    public RebalancePlan {
        shortfalls = List.copyOf(shortfalls);
    }

    public List<Action.Retarget> moves() {
        return plan.retargets();
    }
}
