package dev.mirrorpilot.policy.bench;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints plan time and allocation for synthetic accounts of 1,000, 10,000 and 50,000 instances.
 * A benchmark, not a test: it asserts nothing. Run with {@code make bench}.
 */
public final class PlannerBenchmark {
    private static final int[] SIZES = {1_000, 10_000, 50_000};

    private PlannerBenchmark() {
    }

    public static void main(String[] args) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var policy = MirrorPolicy.defaults();
        System.out.printf(Locale.ROOT, "Planner benchmark: Java %s, %d cores, max heap %d MiB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%9s %6s %8s %8s | %10s %10s %10s | %12s | %10s | %s%n", "instances", "ENIs",
                "sessions", "targets", "plan min", "plan p50", "plan max", "alloc/plan", "report p50", "plan result");
        for (int size : SIZES) {
            var inventory = SyntheticAccount.generate(SyntheticSpec.of(size, Math.max(5, size / 200)), 1);
            int runs = size >= 50_000 ? 7 : 15;
            for (int i = 0; i < 5; i++) {
                Planner.plan(inventory, policy, Scope.everything()); // warm up the JIT
            }
            long[] nanos = new long[runs];
            long[] reportNanos = new long[runs];
            long allocated = 0;
            SessionPlan plan = null;
            for (int i = 0; i < runs; i++) {
                long bytesBefore = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                plan = Planner.plan(inventory, policy, Scope.everything());
                nanos[i] = System.nanoTime() - start;
                allocated += threads.getCurrentThreadAllocatedBytes() - bytesBefore;
                long reportStart = System.nanoTime();
                CoverageReport.of(inventory, policy, plan);
                reportNanos[i] = System.nanoTime() - reportStart;
            }
            Arrays.sort(nanos);
            Arrays.sort(reportNanos);
            System.out.printf(Locale.ROOT, "%9d %6d %8d %8d | %8.1fms %8.1fms %8.1fms | %9.1f MiB | %8.1fms | %d creates, %d deletes, %d retargets, %d skips%n",
                    size, interfaces(inventory), inventory.sessions().size(), inventory.targets().size(),
                    nanos[0] / 1e6, nanos[runs / 2] / 1e6, nanos[runs - 1] / 1e6,
                    allocated / (double) runs / (1 << 20), reportNanos[runs / 2] / 1e6,
                    plan.creates().size(), plan.deletes().size(), plan.retargets().size(),
                    plan.of(dev.mirrorpilot.policy.plan.Action.Skip.class).count());
        }
    }

    private static long interfaces(Inventory inventory) {
        return inventory.workloads().stream().mapToLong(w -> w.interfaces().size()).sum();
    }
}
