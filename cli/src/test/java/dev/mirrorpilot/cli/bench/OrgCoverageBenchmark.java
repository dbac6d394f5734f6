package dev.mirrorpilot.cli.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.OrganizationSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * `mirrorpilot coverage --org` over 50 accounts x 2 regions x 1,000 instances in the organization
 * simulator: wall time at concurrency 8 against one account-region at a time, calls per account,
 * peak heap. Prints figures; asserts nothing.
 */
public final class OrgCoverageBenchmark {
    private OrgCoverageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        var template = InventoryFile.write(SyntheticAccount.generate(SyntheticSpec.of(1_000, 10), 7));
        var inventories = new ArrayList<Inventory>();
        var ids = new ArrayList<String>();
        for (int a = 0; a < accounts; a++) {
            var id = String.format("%012d", 200_000_000_000L + a);
            ids.add(id);
            for (var region : List.of("eu-west-1", "us-east-1")) {
                inventories.add(InventoryFile.parse(template.replace("111122223333", id).replace("eu-west-1", region), id + region));
            }
        }
        try (var organization = SeededSimulator.organization("999999999999", "MirrorPilotCoverage", Set.of(), inventories)) {
            System.out.printf("Org coverage benchmark: %d accounts x 2 regions x %d instances in the organization simulator%n",
                    accounts, inventories.get(0).workloads().size());
            for (int concurrency : new int[] {1, 8}) {
                resetPeak();
                long start = System.nanoTime();
                var out = new StringWriter();
                var err = new StringWriter();
                var commandLine = dev.mirrorpilot.cli.Main.commandLineForBenchmarks(Map.of());
                commandLine.setOut(new PrintWriter(out));
                commandLine.setErr(new PrintWriter(err));
                int code = commandLine.execute("coverage", "--org", "--role-name", "MirrorPilotCoverage", "--region", "eu-west-1",
                        "--regions", "eu-west-1,us-east-1", "--accounts", String.join(",", ids), "--concurrency",
                        Integer.toString(concurrency), "--endpoint-url", organization.endpoint().toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                var member = organization.member(ids.get(0), "eu-west-1").calls().calls();
                long calls = member.values().stream().mapToLong(Long::longValue).sum();
                var last = out.toString().lines().reduce((x, y) -> y).orElse("");
                System.out.printf(Locale.ROOT, "  concurrency %d: exit %d, %.1f s wall, %d calls per account and region (%s), "
                        + "peak heap %d MB%n    %s%n", concurrency, code, seconds, calls, member, peakHeapMb(), last);
                inventories.forEach(i -> organization.member(i.accountId(), i.region()).calls().reset());
            }
        }
    }

    private static void resetPeak() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024 * 1024);
    }
}
