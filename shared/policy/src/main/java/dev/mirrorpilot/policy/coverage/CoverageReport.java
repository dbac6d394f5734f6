package dev.mirrorpilot.policy.coverage;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.util.stream.Collectors;

/**
 * What a plan means for coverage: per VPC, eligible / mirrored / to create / uncovered and the
 * skip reasons; per target, load against limit before and after; the changes the plan makes.
 */
public record CoverageReport(
        String accountId,
        String region,
        List<VpcCoverage> vpcs,
        VpcCoverage total,
        List<TargetCoverage> targets,
        int creates,
        int deletes,
        int retargets) {

    public CoverageReport {
        vpcs = List.copyOf(vpcs);
        targets = List.copyOf(targets);
    }

    public static CoverageReport of(Inventory inventory, MirrorPolicy policy, SessionPlan plan) {
        var names = inventory.vpcs().stream().collect(Collectors.toMap(Vpc::id, Vpc::name));
        var perVpc = new TreeMap<String, Tally>();
        for (var action : plan.actions()) {
            var code = action.reason().code();
            boolean countsEni = action instanceof Action.Skip || action instanceof Action.Create
                    || ((action instanceof Action.Keep || action instanceof Action.Retarget)
                    && code.coverage() != ReasonCode.Coverage.NONE);
            if (countsEni) {
                perVpc.computeIfAbsent(action.source().vpcId(), Tally::new).count(code);
            }
        }
        var vpcs = perVpc.values().stream().map(t -> t.toCoverage(names.getOrDefault(t.vpcId, t.vpcId))).toList();
        var total = new Tally("total");
        perVpc.values().forEach(total::add);

        var after = PlanProjection.apply(inventory, plan);
        var hundredSourceTypes = policy.hundredSourceTypes();
        var readiness = new TargetReadiness(inventory);
        var targets = new ArrayList<TargetCoverage>();
        var before = TargetLoads.count(inventory.sessions());
        var afterLoads = TargetLoads.count(after.sessions());
        for (var target : inventory.targets().stream().sorted(Comparator.comparing(MirrorTarget::id)).toList()) {
            targets.add(new TargetCoverage(target.id(), target.name(), target.kind(), target.vpcId(),
                    target.availabilityZone().orElse("all"), policy.targets().selects(target.id(), target.tags()),
                    CapacityLimit.of(target, hundredSourceTypes, policy.capacityHeadroomPercent()),
                    before.getOrDefault(target.id(), 0), afterLoads.getOrDefault(target.id(), 0),
                    readiness.problem(target), readiness.isShared(target) ? target.ownerId() : "",
                    TargetReadiness.reportsDegraded(target)));
        }
        return new CoverageReport(inventory.accountId(), inventory.region(), vpcs, total.toCoverage("all VPCs"),
                targets, plan.creates().size(), plan.deletes().size(), plan.retargets().size());
    }

    /** The eligible ENIs left unmirrored, by reason: what a Security Hub finding would be raised for. */
    public Map<ReasonCode, Integer> problems() {
        return total.skippedByReason().entrySet().stream()
                .filter(e -> e.getKey().isProblem())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Integer::sum,
                        () -> new EnumMap<>(ReasonCode.class)));
    }

    private static final class Tally {
        private final String vpcId;
        private int interfaces;
        private int mirrored;
        private int toCreate;
        private int uncovered;
        private int notEligible;
        private int partly;
        private final Map<ReasonCode, Integer> reasons = new EnumMap<>(ReasonCode.class);

        Tally(String vpcId) {
            this.vpcId = vpcId;
        }

        void count(ReasonCode code) {
            interfaces++;
            if (code == ReasonCode.PARTLY_MIRRORED) {
                partly++;
            }
            switch (code.coverage()) {
                case MIRRORED -> mirrored++;
                case TO_CREATE -> toCreate++;
                case UNCOVERED -> {
                    uncovered++;
                    reasons.merge(code, 1, Integer::sum);
                }
                case NOT_ELIGIBLE -> {
                    notEligible++;
                    reasons.merge(code, 1, Integer::sum);
                }
                case NONE -> {
                    // a change that is not about an ENI's coverage
                }
            }
        }

        void add(Tally other) {
            interfaces += other.interfaces;
            mirrored += other.mirrored;
            toCreate += other.toCreate;
            uncovered += other.uncovered;
            notEligible += other.notEligible;
            partly += other.partly;
            other.reasons.forEach((code, n) -> reasons.merge(code, n, Integer::sum));
        }

        VpcCoverage toCoverage(String name) {
            return new VpcCoverage(vpcId, name, interfaces, mirrored + toCreate + uncovered, mirrored, toCreate,
                    uncovered, notEligible, reasons, partly);
        }
    }

}
