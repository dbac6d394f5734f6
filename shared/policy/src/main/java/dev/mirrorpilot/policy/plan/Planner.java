package dev.mirrorpilot.policy.plan;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.rebalance.Rebalance;
import dev.mirrorpilot.policy.rebalance.RebalanceSettings;
import dev.mirrorpilot.policy.load.SourceTraffic;

/**
 * The heart of MirrorPilot: inventory + policy + scope -> plan. Pure: no AWS types, no clock, no
 * I/O, no randomness. Guarantees, for any inventory and policy:
 * <ul>
 *   <li>no target above its source limit and no ENI above 3 sessions once the plan is applied;</li>
 *   <li>as many eligible ENIs covered as the targets' free source slots allow, whatever the order of
 *       placement (our own sessions move to make room only when that covers one more ENI);</li>
 *   <li>exactly one MirrorPilot session per mirrored ENI (duplicates are deleted, keeping one);</li>
 *   <li>sessions without the MirrorPilot ownership tag are never deleted or modified;</li>
 *   <li>every source left unmirrored has a {@link Skip reason};</li>
 *   <li>the same inputs give the same plan, and planning after applying it gives no changes.</li>
 * </ul>
 */
public final class Planner {
    private Planner() {
    }

    public static SessionPlan plan(Inventory inventory, MirrorPolicy policy, Scope scope) {
        if (scope instanceof Scope.NearLimitTargets) {
            // Without measurements every source counts at the default traffic; the rebalancer passes CloudWatch's.
            // The whole plan, with no per-run move limit (the function applies its own): planning again on it moves nothing.
            return Rebalance.plan(inventory, policy, RebalanceSettings.defaults().withMaxMoves(Integer.MAX_VALUE),
                    SourceTraffic.unmeasured(SourceTraffic.DEFAULT_GBPS)).plan();
        }
        return new PlanningRun(inventory, policy, true).plan(scope);
    }

    /**
     * The greedy placement alone: each source takes the best target with room when its turn comes, and
     * nothing moves to make room. Only for benchmarks that compare with it; MirrorPilot never acts on it.
     */
    public static SessionPlan planGreedily(Inventory inventory, MirrorPolicy policy, Scope scope) {
        if (scope instanceof Scope.NearLimitTargets) {
            throw new IllegalArgumentException("a rebalance has no greedy variant");
        }
        return new PlanningRun(inventory, policy, false).plan(scope);
    }
}
