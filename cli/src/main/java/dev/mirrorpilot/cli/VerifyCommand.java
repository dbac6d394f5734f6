package dev.mirrorpilot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.cloudwatch.DeliveryReader;
import dev.mirrorpilot.policy.delivery.DeliveryReport;
import dev.mirrorpilot.policy.delivery.MtuCheck;
import dev.mirrorpilot.policy.delivery.Verdict;
import dev.mirrorpilot.policy.report.TextTable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot verify --live}: whether mirrored traffic is measured to arrive, per target and per
 * workload, from CloudWatch (the source's mirrored and skipped bytes, what each target received) and
 * the Brain's verdict on each Sensor (brain-health's tags). Read-only.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove delivery: show whether each mirrored workload's traffic is measured to arrive.",
                "For each workload MirrorPilot mirrors: whether its traffic leaves the source, reaches its target and is",
                "seen by its Sensor, or the first hop that fails, with the evidence and the fix. Reads EC2 and",
                "CloudWatch (GetMetricData, 500 queries a call); read-only."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.L_DONE, ExitCodes.L_FAILED, ExitCodes.L_BAD_INPUT, ExitCodes.L_NOT_DELIVERED})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--live", required = true, description = "Read the account through the EC2 API and CloudWatch (the only mode).")
    boolean live;

    @Option(names = "--window-minutes", defaultValue = "60", paramLabel = "N",
            description = "The window measured, ending now, in 5-minute periods (default ${DEFAULT-VALUE}; 10..1440).")
    int windowMinutes;

    @Option(names = "--max-skipped-percent", defaultValue = "5", paramLabel = "P",
            description = "A source skipping more than P percent of what its filter matched fails (default ${DEFAULT-VALUE}).")
    double maxSkippedPercent;

    @Option(names = "--loss-tolerance-percent", defaultValue = "20", paramLabel = "P",
            description = "A target receiving less than 100-P percent of what its sources mirrored fails (default ${DEFAULT-VALUE}).")
    double lossTolerancePercent;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    private final Map<String, String> environment;

    public VerifyCommand() {
        this(System.getenv());
    }

    public VerifyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        if (windowMinutes < 10 || windowMinutes > 1440) {
            throw new IllegalArgumentException("--window-minutes must be 10..1440, was " + windowMinutes);
        }
        if (!(maxSkippedPercent >= 0 && maxSkippedPercent <= 100) || !(lossTolerancePercent >= 0 && lossTolerancePercent <= 100)) {
            throw new IllegalArgumentException("percentages are 0..100");
        }
        var policy = policyOptions.policy(environment);
        DeliveryReport report;
        java.util.List<dev.mirrorpilot.policy.delivery.PathCheck.Blocked> blocked;
        java.util.List<MtuCheck.Oversize> oversize;
        int calls;
        int queries;
        int listCalls;
        java.util.Optional<String> unlisted;
        try (var ec2 = aws.ec2(environment); var cloudWatch = aws.cloudWatch(environment)) {
            var account = aws.readAccount(ec2, policy.targets(), environment, spec.commandLine().getErr());
            var reader = new DeliveryReader(cloudWatch);
            var measured = reader.read(account, Instant.now(), Duration.ofMinutes(windowMinutes));
            report = DeliveryReport.of(account, measured,
                    new DeliveryReport.Thresholds(maxSkippedPercent / 100, lossTolerancePercent / 100));
            calls = reader.calls();
            queries = reader.queries();
            listCalls = reader.listCalls();
            unlisted = reader.unlisted();
            var vpcs = new java.util.TreeSet<String>();
            account.allInterfaces().forEach(e -> vpcs.add(e.vpcId()));
            blocked = dev.mirrorpilot.policy.delivery.PathCheck.of(account, new dev.mirrorpilot.aws.ec2.NetworkAclReader(ec2).read(vpcs));
            oversize = MtuCheck.of(account);
        }
        var out = spec.commandLine().getOut();
        if (json) {
            var mapper = new ObjectMapper();
            var node = mapper.createObjectNode().put("windowMinutes", windowMinutes).put("configured", report.workloads().size())
                    .put("verified", report.verified()).put("getMetricDataCalls", calls).put("metricQueries", queries).put("listMetricsCalls", listCalls);
            unlisted.ifPresent(u -> node.put("warning", u));
            var targets = node.putArray("targets");
            report.targets().forEach(t -> {
                var row = targets.addObject().put("targetId", t.targetId()).put("name", t.name()).put("sentBytes", t.sentBytes())
                        .put("lost", t.lost());
                if (t.receivedBytes().isPresent()) {
                    row.put("receivedBytes", t.receivedBytes().getAsLong());
                }
            });
            var workloads = node.putArray("workloads");
            report.workloads().forEach(w -> {
                var row = workloads.addObject().put("instanceId", w.instanceId()).put("name", w.name())
                        .put("verdict", w.verdict().label()).put("evidence", w.evidence()).put("fix", w.fix());
                w.targetIds().forEach(row.putArray("targetIds")::add);
            });
            var paths = node.putArray("pathBlocked");
            blocked.forEach(b -> paths.addObject().put("sessionId", b.sessionId()).put("instanceId", b.instanceId())
                    .put("targetId", b.targetId()).put("aclId", b.aclId()).put("subnetId", b.subnetId())
                    .put("direction", b.egress() ? "outbound" : "inbound").put("text", b.text()));
            var mtu = node.putArray("mtu");
            oversize.forEach(o -> {
                var row = mtu.addObject().put("targetId", o.targetId()).put("hop", o.hop()).put("limit", o.limit())
                        .put("effect", o.dropped() ? "dropped" : "truncated").put("largestIntactPacket", o.largestIntact())
                        .put("sourceMtu", o.sourceMtu()).put("text", o.text()).put("fix", o.fix());
                o.instanceIds().forEach(row.putArray("instanceIds")::add);
            });
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } else {
            out.print(render(report, windowMinutes, calls, queries));
            out.print(renderPaths(blocked));
            out.print(renderMtu(oversize));
            unlisted.ifPresent(u -> out.println("Warning: " + u));
        }
        out.flush();
        // MTU findings concern the largest packets only (MTUs are assumed where undeclared): a warning, not the exit code.
        return report.verified() == report.workloads().size() && blocked.isEmpty() ? ExitCodes.DONE : ExitCodes.NOT_DELIVERED;
    }

    static String renderPaths(java.util.List<dev.mirrorpilot.policy.delivery.PathCheck.Blocked> blocked) {
        var text = new StringBuilder("\nStatic checks: network ACLs on each session's path (UDP 4789 out of the source's subnet, "
                + "into the target's)\n");
        if (blocked.isEmpty()) {
            return text.append("   every ENI-target path is open\n").toString();
        }
        var table = new TextTable(java.util.List.of("session", "workload", "target", "blocked by"));
        blocked.forEach(b -> table.row(b.sessionId(), b.instanceId(), b.targetId(), b.text()));
        return text.append(table.render("   ")).toString();
    }

    static String renderMtu(java.util.List<MtuCheck.Oversize> oversize) {
        var text = new StringBuilder("\nStatic checks: MTU (each source's largest packet + " + MtuCheck.VXLAN_OVERHEAD
                + " bytes of VXLAN against each hop; tag " + MtuCheck.MTU_TAG + " declares an MTU, " + MtuCheck.JUMBO_MTU
                + " otherwise)\n");
        if (oversize.isEmpty()) {
            return text.append("   every mirrored packet fits its path\n").toString();
        }
        var table = new TextTable(java.util.List.of("target", "sources", "finding", "fix"));
        oversize.forEach(o -> table.row(o.targetId(), o.instanceIds().size() <= 3 ? String.join(" ", o.instanceIds())
                : o.instanceIds().size() + " (" + o.instanceIds().get(0) + " ...)", o.text(), o.fix()));
        return text.append(table.render("   ")).toString();
    }

    static String render(DeliveryReport report, int windowMinutes, int calls, int queries) {
        var text = new StringBuilder();
        text.append(String.format(java.util.Locale.ROOT, "Delivery over the last %d minutes: %d workloads mirrored (configured), "
                + "%d verified (measured); %d GetMetricData call(s), %d metric queries%n%n", windowMinutes, report.workloads().size(),
                report.verified(), calls, queries));
        var targets = new TextTable(java.util.List.of("target", "name", "sent (bytes)", "received (bytes)", "verdict"),
                false, false, true, true, false);
        report.targets().forEach(t -> targets.row(t.targetId(), t.name(), t.sentBytes(),
                t.receivedBytes().isPresent() ? Long.toString(t.receivedBytes().getAsLong()) : "not measured",
                t.lost() ? Verdict.LOST_BEFORE_TARGET.label() : t.receivedBytes().isPresent() ? "received" : "-"));
        text.append("Targets\n").append(targets.render("   ")).append("\n");
        var workloads = new TextTable(java.util.List.of("workload", "name", "verdict", "evidence", "fix"));
        report.workloads().forEach(w -> workloads.row(w.instanceId(), w.name(), w.verdict().label(), w.evidence(), w.fix()));
        text.append("Workloads\n").append(workloads.render("   "));
        return text.toString();
    }
}
