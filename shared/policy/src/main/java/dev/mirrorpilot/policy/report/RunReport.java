package dev.mirrorpilot.policy.report;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.coverage.TargetCoverage;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The coverage a backfill or drift-reconcile run leaves, over all its invocations. Per VPC:
 * {@code eligible = mirrored + pending + uncovered}, where {@code created} counts the sessions
 * this run made (part of {@code mirrored}), {@code pending} those still to make (a dry run makes
 * none) and {@code uncovered} the eligible ENIs left unmirrored, by reason. Per target: sources
 * now against the limit.
 */
public record RunReport(
        String accountId,
        String region,
        boolean dryRun,
        boolean complete,
        int invocations,
        List<VpcLine> vpcs,
        VpcLine total,
        List<TargetLine> targets,
        RunChanges changes) {

    /** One VPC's source ENIs by outcome; reasons by their code's name. */
    public record VpcLine(String vpcId, String name, int eligible, int mirrored, int created, int pending, int uncovered,
                          int notEligible, Map<String, Integer> skippedByReason) {
        public VpcLine {
            skippedByReason = Map.copyOf(skippedByReason);
        }

        VpcLine plus(VpcLine o) {
            var reasons = new TreeMap<>(skippedByReason);
            o.skippedByReason.forEach((k, v) -> reasons.merge(k, v, Integer::sum));
            return new VpcLine("total", "all VPCs", eligible + o.eligible, mirrored + o.mirrored, created + o.created,
                    pending + o.pending, uncovered + o.uncovered, notEligible + o.notEligible, reasons);
        }
    }

    /** A target's sources now; {@code limit} is -1 when it has none (load balancers). */
    public record TargetLine(String targetId, String name, String kind, String vpcId, int load, int limit, String state) {
    }

    public RunReport {
        vpcs = List.copyOf(vpcs);
        targets = List.copyOf(targets);
    }

    /**
     * @param inventory      the account as this invocation read it
     * @param plan           this invocation's whole plan, before any limit
     * @param createdEnis    source ENIs whose session this invocation created
     * @param sessionsAfter  the sessions once this invocation's changes are made
     * @param createdEarlier sessions created per VPC by earlier invocations of the run
     */
    public static RunReport of(Inventory inventory, MirrorPolicy policy, SessionPlan plan, Set<String> createdEnis,
                               List<MirrorSession> sessionsAfter, Map<String, Integer> createdEarlier, boolean dryRun,
                               boolean complete, int invocations, RunChanges changes) {
        var coverage = CoverageReport.of(inventory, policy, plan);
        var createdNow = plan.creates().stream().filter(c -> createdEnis.contains(c.source().eniId()))
                .collect(Collectors.groupingBy(c -> c.source().vpcId(), Collectors.summingInt(c -> 1)));
        var vpcs = new ArrayList<VpcLine>();
        var seen = new java.util.HashSet<String>();
        for (var vpc : coverage.vpcs()) {
            seen.add(vpc.vpcId());
            int now = createdNow.getOrDefault(vpc.vpcId(), 0);
            var reasons = new TreeMap<String, Integer>();
            vpc.skippedByReason().forEach((code, n) -> reasons.put(code.label(), n));
            vpcs.add(new VpcLine(vpc.vpcId(), vpc.name(), vpc.eligible(), vpc.mirrored() + now,
                    createdEarlier.getOrDefault(vpc.vpcId(), 0) + now, vpc.toCreate() - now, vpc.uncovered(), vpc.notEligible(),
                    reasons));
        }
        // A VPC where earlier invocations created sessions and whose workloads have all gone since.
        createdEarlier.forEach((vpcId, n) -> {
            if (!seen.contains(vpcId)) {
                vpcs.add(new VpcLine(vpcId, vpcId, 0, 0, n, 0, 0, 0, Map.of()));
            }
        });
        vpcs.sort(java.util.Comparator.comparing(VpcLine::vpcId));
        var total = vpcs.stream().reduce(new VpcLine("total", "all VPCs", 0, 0, 0, 0, 0, 0, Map.of()), VpcLine::plus);
        var now = CoverageReport.of(inventory.withSessions(sessionsAfter), policy, new SessionPlan(plan.scope(), List.of()));
        var targets = now.targets().stream().map(RunReport::line).toList();
        return new RunReport(inventory.accountId(), inventory.region(), dryRun, complete, invocations, vpcs, total, targets,
                changes);
    }

    /** The sessions per VPC this invocation created, to carry to the next one. */
    public Map<String, Integer> createdByVpc() {
        return vpcs.stream().filter(v -> v.created() > 0)
                .collect(Collectors.toMap(VpcLine::vpcId, VpcLine::created, Integer::sum, TreeMap::new));
    }

    private static TargetLine line(TargetCoverage t) {
        var state = t.state();
        return new TargetLine(t.targetId(), t.name(), t.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                t.vpcId(), t.loadBefore(), t.limit().isUnlimited() ? -1 : t.limit().hardLimit(), state);
    }
}
