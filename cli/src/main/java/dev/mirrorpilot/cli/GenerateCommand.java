package dev.mirrorpilot.cli;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mirrorpilot generate}: a large synthetic account as an inventory file, for trials and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Write a realistic synthetic account as an inventory file.",
                "T2, opted-out, shadowing and orphaned sessions, peered and isolated VPCs, NLB-fronted Sensors. The same",
                "seed gives the same account."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--instances", defaultValue = "1000", description = "Workload instances (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--vpcs", defaultValue = "20", description = "VPCs (default ${DEFAULT-VALUE}).")
    int vpcs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Where to write the inventory.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (instances < 0 || vpcs < 1) {
            throw new IllegalArgumentException("--instances must be >= 0 and --vpcs >= 1");
        }
        var inventory = SyntheticAccount.generate(SyntheticSpec.of(instances, vpcs), seed);
        InventoryFile.write(inventory, output);
        long sensors = inventory.workloads().stream().filter(w -> w.tags().valueIs("mirrorpilot:role", "sensor")).count();
        spec.commandLine().getOut().printf("wrote %s: %d workloads and %d Sensors, %d VPCs, %d targets, %d sessions%n",
                output, inventory.workloads().size() - sensors, sensors, inventory.vpcs().size(),
                inventory.targets().size(), inventory.sessions().size());
        return 0;
    }
}
