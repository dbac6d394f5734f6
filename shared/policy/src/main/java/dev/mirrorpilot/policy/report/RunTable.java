package dev.mirrorpilot.policy.report;

import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A {@link RunReport} as text a person reads: in a terminal, or in the function's log. */
public final class RunTable {
    private RunTable() {
    }

    public static String render(RunReport report) {
        var out = new StringBuilder();
        out.append("MirrorPilot ").append(report.dryRun() ? "dry run" : "backfill").append(" of account ")
                .append(report.accountId()).append(" in ").append(report.region()).append(": ")
                .append(report.dryRun() ? "nothing was changed" : report.complete() ? "complete" : "to be continued")
                .append(" (").append(report.invocations()).append(report.invocations() == 1 ? " invocation)\n" : " invocations)\n");
        var vpcs = new TextTable(List.of("VPC", "eligible", "mirrored", "created", report.dryRun() ? "to create" : "pending",
                "uncovered", "not eligible", "coverage"), false, true, true, true, true, true, true, true);
        report.vpcs().forEach(v -> vpcs.row(v.name().equals(v.vpcId()) ? v.vpcId() : v.name() + " (" + v.vpcId() + ")",
                v.eligible(), v.mirrored(), v.created(), v.pending(), v.uncovered(), v.notEligible(), percent(v)));
        var t = report.total();
        vpcs.row("all VPCs", t.eligible(), t.mirrored(), t.created(), t.pending(), t.uncovered(), t.notEligible(), percent(t));
        out.append("Coverage by VPC\n").append(vpcs.render("  "));

        var reasons = new TextTable(List.of("reason", "ENIs", "meaning"), false, true, false);
        t.skippedByReason().entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> reasons.row(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), meaning(e.getKey())));
        out.append("Not mirrored, by reason").append(reasons.isEmpty() ? ": none\n" : "\n" + reasons.render("  "));

        var targets = new TextTable(List.of("target", "name", "kind", "VPC", "sources", "limit", "state"),
                false, false, false, false, true, true, false);
        report.targets().forEach(x -> targets.row(x.targetId(), x.name().equals(x.targetId()) ? "" : x.name(), x.kind(), x.vpcId(),
                x.load(), x.limit() < 0 ? "none" : Integer.toString(x.limit()), x.state()));
        out.append("Mirror targets").append(targets.isEmpty() ? ": none\n" : "\n" + targets.render("  "));

        var c = report.changes();
        out.append(String.format(Locale.ROOT, "Changes: %d created, %d retargeted, %d deleted (%d already gone), "
                + "%d refused for capacity, %d failed%n", c.created(), c.retargeted(), c.deleted(), c.alreadyGone(),
                c.refusedForCapacity(), c.failed()));
        return out.toString();
    }

    private static String percent(RunReport.VpcLine v) {
        return v.eligible() == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * v.mirrored() / v.eligible());
    }

    private static String meaning(String code) {
        try {
            return ReasonCode.valueOf(code).meaning();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
