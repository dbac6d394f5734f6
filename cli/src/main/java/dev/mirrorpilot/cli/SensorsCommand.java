package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.cloudwatch.TrafficReader;
import dev.mirrorpilot.functions.rebalance.RebalanceOptions;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.load.SensorLoadReport;
import dev.mirrorpilot.policy.load.SourceTraffic;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.report.SensorTable;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot sensors}: how loaded each target and Sensor is (sources against the limit,
 * estimated Gbps against the rating, sources in another zone) and what mirroring costs a month.
 * Live, the traffic comes from CloudWatch; from an inventory file, from its {@code networkGbps}.
 * Read-only.
 */
@Command(name = "sensors", mixinStandardHelpOptions = true,
        description = {"Show each mirror target's and Sensor's load and an estimated monthly cost.",
                "Sources, Gbps against the rating, cross-AZ sources. Read-only."})
public final class SensorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", paramLabel = "FILE", description = "An inventory file; traffic from each instance's networkGbps.")
    Path inventory;

    @Option(names = "--live", description = "Read the account through the EC2 API and the traffic from CloudWatch (read-only).")
    boolean live;

    @Option(names = "--price-session-hour", paramLabel = "USD", defaultValue = "0.015",
            description = "Price of one session-hour (default ${DEFAULT-VALUE}: aws.amazon.com/vpc/pricing, US East (Ohio)).")
    double sessionHour;

    @Option(names = "--price-cross-az-gb", paramLabel = "USD", defaultValue = "0.02",
            description = "Price of one GB sent to another Availability Zone, both directions (default ${DEFAULT-VALUE}).")
    double crossAzGb;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    private final Map<String, String> environment;

    public SensorsCommand() {
        this(System.getenv());
    }

    public SensorsCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (live == (inventory != null)) {
            throw new IllegalArgumentException("give either --inventory FILE or --live");
        }
        if (!(sessionHour >= 0) || !(crossAzGb >= 0)) {
            throw new IllegalArgumentException("prices must be 0 or more");
        }
        var policy = policyOptions.policy(environment);
        var options = RebalanceOptions.fromEnvironment(environment);
        Inventory account;
        SourceTraffic traffic;
        String source;
        if (live) {
            try (var ec2 = aws.ec2(environment); var cloudWatch = aws.cloudWatch(environment)) {
                account = aws.readAccount(ec2, policy.targets(), environment, spec.commandLine().getErr());
                var instances = mirroredInstances(account);
                var window = new TrafficReader.Window(Instant.now(), Duration.ofHours(options.windowHours()), 300,
                        options.percentile());
                var measured = new HashMap<String, Double>();
                if (!instances.isEmpty()) {
                    new TrafficReader(cloudWatch).read(List.copyOf(instances), instances, window).values()
                            .forEach(t -> t.gbps().ifPresent(g -> measured.put(t.instanceId(), g)));
                }
                traffic = new SourceTraffic(measured, options.defaultGbps());
                source = String.format(java.util.Locale.ROOT, "CloudWatch p%.0f of 5-minute sums over %d h, %d of %d measured, "
                        + "the rest at %.2f Gbps", options.percentile(), options.windowHours(), measured.size(), instances.size(),
                        options.defaultGbps());
            }
        } else {
            account = InventoryFile.read(inventory);
            var given = new HashMap<String, Double>();
            account.workloads().forEach(w -> w.networkGbps().ifPresent(g -> given.put(w.instanceId(), g)));
            traffic = new SourceTraffic(given, options.defaultGbps());
            source = "networkGbps from " + inventory + ", else " + options.defaultGbps() + " Gbps";
        }
        var report = SensorLoadReport.of(account, policy, options.settings().ratings(), traffic,
                new SensorLoadReport.Prices(sessionHour, crossAzGb));
        var out = spec.commandLine().getOut();
        out.print(SensorTable.render(report, source));
        out.flush();
        return 0;
    }

    private static TreeSet<String> mirroredInstances(Inventory account) {
        var mirrored = account.sessions().stream().map(s -> s.sourceEniId()).collect(Collectors.toSet());
        return account.allInterfaces().filter(e -> mirrored.contains(e.id())).map(NetworkInterface::attachment)
                .flatMap(Optional::stream).map(a -> a.instanceId()).collect(Collectors.toCollection(TreeSet::new));
    }
}
