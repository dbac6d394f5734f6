package dev.mirrorpilot.policy.bench;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.properties.ContestedAccount;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Coverage on contested accounts (hubs holding 10-source Sensors, spokes peered with one to three
 * hubs, about 0.9 free slots per source, a third already mirrored): the planner against the greedy
 * placement it replaced and against the optimum of an independent max-flow oracle, with the moves of
 * existing sessions it needed and its time. A benchmark, not a test: it asserts nothing.
 */
public final class CoverageBenchmark {
    private CoverageBenchmark() {
    }

    public static void main(String[] args) {
        var policy = MirrorPolicy.defaults();
        System.out.printf(Locale.ROOT, "Coverage benchmark: contested accounts, default policy (headroom %d %%), Java %s%n",
                policy.capacityHeadroomPercent(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "%9s %5s %4s %7s %7s | %8s | %8s %7s | %8s %6s | %10s %10s%n", "instances", "VPCs", "hubs", "targets",
                "sources", "optimum", "greedy", "gap", "planner", "moves", "plan p50", "greedy p50");
        int[][] shapes = {{1_000, 40, 8}, {1_000, 40, 3}, {10_000, 200, 30}, {10_000, 200, 10}};
        for (var shape : shapes) {
            for (long seed = 1; seed <= 2; seed++) {
                var contest = ContestedAccount.large(seed, shape[0], shape[1], shape[2]);
                var inventory = contest.account().build();
                int optimum = contest.optimum();
                var greedy = Planner.planGreedily(inventory, policy, Scope.everything());
                var plan = Planner.plan(inventory, policy, Scope.everything());
                long moves = plan.actions().stream().filter(a -> a instanceof Action.Retarget r && r.changesTarget()
                        && (r.reason().code() == ReasonCode.MOVED_FOR_COVERAGE || r.reason().detail().contains("making room"))).count();
                long greedyCovered = covered(contest, inventory, greedy);
                System.out.printf(Locale.ROOT, "%9d %5d %4d %7d %7d | %8d | %8d %7d | %8d %6d | %8.1fms %8.1fms%n",
                        shape[0], shape[1], shape[2], inventory.targets().size(), contest.sourceVpc().size(), optimum, greedyCovered,
                        greedyCovered - optimum, covered(contest, inventory, plan), moves,
                        median(() -> Planner.plan(inventory, policy, Scope.everything())),
                        median(() -> Planner.planGreedily(inventory, policy, Scope.everything())));
            }
        }
    }

    private static long covered(ContestedAccount contest, Inventory inventory, SessionPlan plan) {
        return PlanProjection.apply(inventory, plan).sessions().stream().filter(MirrorSession::isManaged)
                .map(MirrorSession::sourceEniId).filter(contest.sourceVpc().keySet()::contains).distinct().count();
    }

    private static double median(Supplier<SessionPlan> run) {
        for (int i = 0; i < 3; i++) {
            run.get(); // warm up the JIT
        }
        long[] nanos = new long[9];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            run.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }
}
