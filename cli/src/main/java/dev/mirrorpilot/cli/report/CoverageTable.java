package dev.mirrorpilot.cli.report;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.VniPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.coverage.TargetCoverage;
import dev.mirrorpilot.policy.coverage.VpcCoverage;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.report.TextTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The coverage report and the plan's changes as text a person reads in a terminal. */
public final class CoverageTable {
    private final CoverageReport report;
    private final SessionPlan plan;
    private final MirrorPolicy policy;
    private final Map<String, String> instanceNames;
    private final Map<String, String> vpcNames;
    private final Map<String, String> targetNames;

    public CoverageTable(Inventory inventory, CoverageReport report, SessionPlan plan, MirrorPolicy policy) {
        this.report = report;
        this.plan = plan;
        this.policy = policy;
        this.instanceNames = inventory.workloads().stream().collect(Collectors.toMap(Workload::instanceId, Workload::name));
        this.vpcNames = inventory.vpcs().stream().collect(Collectors.toMap(Vpc::id, Vpc::name));
        this.targetNames = inventory.targets().stream().collect(Collectors.toMap(MirrorTarget::id, MirrorTarget::name));
    }

    public String render(int actionLimit) {
        var out = new StringBuilder();
        out.append("MirrorPilot plan for account ").append(report.accountId()).append(" in ").append(report.region())
                .append(", ").append(describe(plan.scope())).append(" (dry run: nothing was changed)\n");
        out.append("Policy: targets by ").append(policy.targets()).append("; filter by ").append(policy.filter())
                .append("; ").append(policy.mode() == MirrorPolicy.Mode.OPT_OUT ? "opt-out" : "opt-in")
                .append("; ").append(policy.interfaces() == MirrorPolicy.Interfaces.ALL ? "all interfaces" : "primary interfaces")
                .append("; headroom ").append(policy.capacityHeadroomPercent()).append("%")
                .append("; VNI ").append(vni()).append("\n\n");
        vpcs(out);
        reasons(out, "Eligible but not mirrored (needs attention)", true);
        uncovered(out);
        reasons(out, "Not eligible", false);
        targets(out);
        changes(out, actionLimit);
        return out.toString();
    }

    private void vpcs(StringBuilder out) {
        out.append("Coverage by VPC\n");
        var table = new TextTable(List.of("VPC", "ENIs", "eligible", "mirrored", "partly", "to create", "uncovered",
                "not eligible", "covered after"), false, true, true, true, true, true, true, true, true);
        for (var vpc : report.vpcs()) {
            addVpc(table, vpc.name().equals(vpc.vpcId()) ? vpc.vpcId() : vpc.name() + " (" + vpc.vpcId() + ")", vpc);
        }
        addVpc(table, "all VPCs", report.total());
        out.append(table.render("  ")).append('\n');
    }

    private static void addVpc(TextTable table, String name, VpcCoverage vpc) {
        table.row(name, vpc.interfaces(), vpc.eligible(), vpc.mirrored(), vpc.partlyMirrored(), vpc.toCreate(), vpc.uncovered(),
                vpc.notEligible(), String.format(Locale.ROOT, "%.1f%%", vpc.coveragePercentAfter()));
    }

    private void reasons(StringBuilder out, String heading, boolean problems) {
        var table = new TextTable(List.of("reason", "ENIs", "meaning"), false, true, false);
        report.total().skippedByReason().entrySet().stream()
                .filter(e -> e.getKey().isProblem() == problems)
                .sorted(Map.Entry.<ReasonCode, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> table.row(e.getKey().label(), e.getValue(), e.getKey().meaning()));
        out.append(heading).append(table.isEmpty() ? ": none\n\n" : "\n" + table.render("  ") + "\n");
    }

    /** The instances behind the counts above: a person must know which workloads are blind spots. */
    private void uncovered(StringBuilder out) {
        var table = new TextTable(List.of("instance", "interface", "reason", "detail"), false, false, false, false);
        plan.actions().stream().filter(a -> !a.isChange() && a.reason().code().isProblem()).forEach(a -> table.row(
                instanceLabel(a.source().instanceId()), a.source().eniId(), a.reason().code().label(),
                a.reason().detail().length() <= 120 ? a.reason().detail() : a.reason().detail().substring(0, 119) + "…"));
        if (!table.isEmpty()) {
            out.append("Uncovered workloads\n").append(table.render("  ")).append('\n');
        }
    }

    private String instanceLabel(String instanceId) {
        var name = instanceNames.get(instanceId);
        return name == null || name.equals(instanceId) ? instanceId : name + " (" + instanceId + ")";
    }

    private void targets(StringBuilder out) {
        out.append("Mirror targets (sources now -> after the plan, against the limit)\n");
        var table = new TextTable(List.of("target", "name", "kind", "VPC", "AZ", "now", "after", "limit", "state"),
                false, false, false, false, false, true, true, true, false);
        for (var t : report.targets()) {
            table.row(t.targetId(), t.name().equals(t.targetId()) ? "" : t.name(), kind(t.kind()),
                    vpcNames.getOrDefault(t.vpcId(), t.vpcId()),
                    t.availabilityZone(), t.loadBefore(), t.loadAfter(), t.limit().isUnlimited() ? "none" : t.limit().hardLimit(),
                    state(t));
        }
        out.append(table.isEmpty() ? "  none in this inventory\n\n" : table.render("  ") + "\n");
    }

    private static String state(TargetCoverage t) {
        if (!t.selected() || t.problem().isPresent()) {
            return t.state();
        }
        if (t.atLimitAfter()) {
            return "FULL";
        }
        if (t.nearLimitAfter()) {
            return "above headroom (" + t.limit().headroomLimit() + ")";
        }
        if (!t.limit().isUnlimited() && t.loadAfter() == t.limit().headroomLimit()) {
            return "at headroom";
        }
        return t.sharedBy().isEmpty() ? "ok" : "shared by " + t.sharedBy() + "; receiver not verifiable here";
    }

    private static String kind(TargetKind kind) {
        return switch (kind) {
            case NETWORK_INTERFACE -> "ENI";
            case NETWORK_LOAD_BALANCER -> "NLB";
            case GATEWAY_LOAD_BALANCER_ENDPOINT -> "GWLBE";
        };
    }

    /** The plan's changes, the first {@code limit} listed. */
    public String renderChanges(int limit) {
        var out = new StringBuilder();
        changes(out, limit);
        return out.toString();
    }

    private void changes(StringBuilder out, int limit) {
        var changes = plan.changes();
        out.append("Changes: ").append(report.creates()).append(" to create, ").append(report.retargets())
                .append(" to retarget, ").append(report.deletes()).append(" to delete\n");
        if (limit <= 0 || changes.isEmpty()) {
            return;
        }
        var table = new TextTable(List.of("action", "instance", "source ENI", "session", "target", "why"),
                false, false, false, false, false, false);
        changes.stream().limit(limit).forEach(action -> {
            if (action instanceof Action.Create c) {
                table.row("create", instance(c), c.source().eniId(), "new #" + c.sessionNumber(), target(c.targetId()), c.reason());
            } else if (action instanceof Action.Retarget r) {
                table.row("retarget", instance(r), r.source().eniId(), r.session().id() + " #" + r.sessionNumber(),
                        target(r.session().targetId()) + " -> " + target(r.targetId()), r.reason());
            } else if (action instanceof Action.Delete d) {
                table.row("delete", instance(d), d.source().eniId(), d.session().id(), target(d.session().targetId()), d.reason());
            }
        });
        out.append(table.render("  "));
        if (changes.size() > limit) {
            out.append("  ... and ").append(changes.size() - limit).append(" more (--actions N to list more, --json for all)\n");
        }
    }

    private String target(String id) {
        return targetNames.getOrDefault(id, id);
    }

    private String instance(Action action) {
        var id = action.source().instanceId();
        var name = instanceNames.get(id);
        return id.isEmpty() ? "-" : name == null || name.equals(id) ? id : name + " (" + id + ")";
    }

    private String vni() {
        var vni = policy.vni();
        if (vni instanceof VniPolicy.Fixed fixed) {
            return Integer.toString(fixed.vni());
        }
        return vni instanceof VniPolicy.PerVpc ? "per VPC" : "chosen by AWS";
    }

    private static String describe(Scope scope) {
        if (scope instanceof Scope.Instance instance) {
            return "instance " + instance.instanceId();
        }
        if (scope instanceof Scope.Vpcs vpcs) {
            return "VPCs " + String.join(", ", vpcs.vpcIds().stream().sorted().toList());
        }
        if (scope instanceof Scope.NearLimitTargets) {
            return "targets above headroom";
        }
        return "whole account";
    }
}
