package dev.mirrorpilot.cli;

import dev.mirrorpilot.cli.report.CoverageTable;
import dev.mirrorpilot.cli.report.PlanJson;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Planner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mirrorpilot plan}: what MirrorPilot would do, and the coverage it would give. Changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what MirrorPilot would create, retarget and delete, and the coverage that results.",
                "A dry run: nothing is changed."})
public final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "An inventory file (see docs/inventory-format.md), e.g. events/sample-inventory.json.")
    Path inventory;

    @Option(names = "--live", description = "Read the account through the EC2 API (default credentials and region, "
            + "or --region/--endpoint-url) instead of an inventory file. Read-only.")
    boolean live;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Option(names = "--json", description = "Print the report and every action as JSON, for scripts.")
    boolean json;

    @Option(names = "--actions", paramLabel = "N", defaultValue = "40",
            description = "List at most N changes in the text report (default ${DEFAULT-VALUE}; 0 for none).")
    int actionLimit;

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Mixin
    ScopeOptions scopeOptions = new ScopeOptions();

    @Option(names = "--fail-on-uncovered", description = "Exit " + PlanCommand.EXIT_UNCOVERED + " when an eligible workload "
            + "is left unmirrored for a reason a person can fix (for scripts and pipelines).")
    boolean failOnUncovered;

    /** Eligible workloads are left unmirrored (with --fail-on-uncovered). */
    static final int EXIT_UNCOVERED = ExitCodes.UNCOVERED;

    private final Map<String, String> environment;

    public PlanCommand() {
        this(System.getenv());
    }

    /** With the environment the policy settings are read from; tests pass their own. */
    public PlanCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var settings = policyOptions.settings(environment, dev.mirrorpilot.functions.rebalance.RebalanceOptions.KEYS);
        var policy = dev.mirrorpilot.policy.config.MirrorPolicy.fromSettings(settings);
        var scope = scopeOptions.scope();
        if (live == (inventory != null)) {
            throw new IllegalArgumentException("give either --inventory FILE or --live");
        }
        Inventory account;
        if (live) {
            try (var ec2 = aws.ec2(environment)) {
                account = aws.readAccount(ec2, policy.targets(), environment, spec.commandLine().getErr());
            }
        } else {
            account = InventoryFile.read(inventory);
        }
        ScopeOptions.requireKnownVpcs(scope, account);
        // --near-limit plans what the rebalance would: its settings (and --set), and each instance's networkGbps from the
        // file where given; with --live, the default traffic (the rebalance itself reads CloudWatch).
        var plan = scope instanceof dev.mirrorpilot.policy.plan.Scope.NearLimitTargets
                ? nearLimit(account, policy, settings) : Planner.plan(account, policy, scope);
        var report = CoverageReport.of(account, policy, plan);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(PlanJson.render(report, plan, policy));
        } else {
            out.print(new CoverageTable(account, report, plan, policy).render(actionLimit));
            out.print(sensorLoad(account, policy));
        }
        out.flush();
        return failOnUncovered && !report.problems().isEmpty() ? EXIT_UNCOVERED : 0;
    }

    private static dev.mirrorpilot.policy.plan.SessionPlan nearLimit(Inventory account, dev.mirrorpilot.policy.config.MirrorPolicy policy,
                                                                     java.util.Map<String, String> settings) {
        var options = dev.mirrorpilot.functions.rebalance.RebalanceOptions.fromEnvironment(settings);
        var given = new java.util.HashMap<String, Double>();
        account.workloads().forEach(w -> w.networkGbps().ifPresent(g -> given.put(w.instanceId(), g)));
        return dev.mirrorpilot.policy.rebalance.Rebalance.plan(account, policy, options.settings(),
                new dev.mirrorpilot.policy.load.SourceTraffic(given, options.defaultGbps())).plan();
    }

    /** The Sensor load at each instance's networkGbps where the file gives it, else the default (`sensors --live` reads CloudWatch). */
    private String sensorLoad(Inventory account, dev.mirrorpilot.policy.config.MirrorPolicy policy) {
        var options = dev.mirrorpilot.functions.rebalance.RebalanceOptions.fromEnvironment(environment);
        var given = new java.util.HashMap<String, Double>();
        account.workloads().forEach(w -> w.networkGbps().ifPresent(g -> given.put(w.instanceId(), g)));
        var report = dev.mirrorpilot.policy.load.SensorLoadReport.of(account, policy, options.settings().ratings(),
                new dev.mirrorpilot.policy.load.SourceTraffic(given, options.defaultGbps()),
                dev.mirrorpilot.policy.load.SensorLoadReport.Prices.defaults());
        var source = "the account as it is, before the plan; " + (given.isEmpty() ? "" : "networkGbps where given, else ") + options.defaultGbps()
                + " Gbps a source; mirrorpilot sensors --live reads CloudWatch";
        return "\n" + dev.mirrorpilot.policy.report.SensorTable.render(report, source);
    }
}
