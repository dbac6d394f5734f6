package dev.mirrorpilot.policy.rebalance;

import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.List;

/**
 * What a rebalance will do: the moves (in-place retargets of MirrorPilot sessions, nothing else),
 * the crowded targets it cannot relieve and what to add, and how many moves wait for the next run
 * because of the per-run maximum. {@code lowerBound} is the fewest moves that could bring every
 * crowded target to its low-water mark, by sources and by its Sensor's Gbps.
 *
 * <p>{@code stillDraining}: targets whose draining the per-run maximum cut short, or that nothing
 * could bring to their low-water mark, to be tagged {@link Rebalance#DRAINING_TAG} so the next run
 * drains them on to it even below the trigger and placement sends new sources elsewhere first;
 * {@code drained}: targets tagged so that reached it, whose tag comes off.
 */
public record RebalancePlan(SessionPlan plan, List<Shortfall> shortfalls, int deferred, int lowerBound,
                            java.util.Set<String> stillDraining, java.util.Set<String> drained) {
    public RebalancePlan {
        shortfalls = List.copyOf(shortfalls);
        stillDraining = java.util.Set.copyOf(stillDraining);
        drained = java.util.Set.copyOf(drained);
    }

    public RebalancePlan(SessionPlan plan, List<Shortfall> shortfalls, int deferred, int lowerBound) {
        this(plan, shortfalls, deferred, lowerBound, java.util.Set.of(), java.util.Set.of());
    }

    public List<Action.Retarget> moves() {
        return plan.retargets();
    }
}
