package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The launch and terminate use cases: read one instance's inventory, plan at instance scope,
 * apply. Races end with one session per ENI: a create refused because a target filled up, or
 * because a concurrent invocation took the session number, leads to a fresh read and a new plan
 * (at most {@link #ROUNDS} times); after creating, duplicates a race produced are removed,
 * keeping the lowest session number then the lowest id, which every racer agrees on.
 */
public final class InstanceMirroring {
    public static final int ROUNDS = 3;

    /** What one invocation did. */
    public record Outcome(List<SessionPlan> plans, List<ApplyReport> reports, List<String> duplicatesRemoved) {
        public SessionPlan lastPlan() {
            return plans.get(plans.size() - 1);
        }

        public List<String> created() {
            return reports.stream().flatMap(r -> r.created().stream()).toList();
        }

        public List<String> deleted() {
            var all = new ArrayList<String>();
            reports.forEach(r -> all.addAll(r.deleted()));
            all.addAll(duplicatesRemoved);
            return all;
        }

        public List<ApplyReport.Failure> failures() {
            return reports.get(reports.size() - 1).failures();
        }
    }

    private final InstanceReader reader;
    private final PlanApplier applier;
    private final MirrorPolicy policy;

    public InstanceMirroring(InstanceReader reader, PlanApplier applier, MirrorPolicy policy) {
        this.reader = reader;
        this.applier = applier;
        this.policy = policy;
    }

    /** An instance started running, or got a new ENI: mirror what the policy covers. */
    public Outcome mirror(String instanceId, String eventId) {
        var plans = new ArrayList<SessionPlan>();
        var reports = new ArrayList<ApplyReport>();
        for (int round = 0; round < ROUNDS; round++) {
            var plan = Planner.plan(reader.forLaunch(instanceId), policy, new Scope.Instance(instanceId));
            var report = applier.apply(plan, eventId);
            plans.add(plan);
            reports.add(report);
            boolean raced = !report.refusedForCapacity().isEmpty()
                    || report.failures().stream().anyMatch(f -> "InvalidParameterValue".equals(f.code()));
            if (!raced) {
                break;
            }
            reader.context().invalidate(); // target loads were stale
        }
        var touched = reports.stream().flatMap(r -> r.created().stream()).findAny().isPresent()
                ? plans.stream().flatMap(p -> p.creates().stream()).map(c -> c.source().eniId()).distinct().toList()
                : List.<String>of();
        return new Outcome(plans, reports, removeDuplicates(touched));
    }

    /** An instance is shutting down, terminated or stopped: remove what the policy no longer wants. */
    public Outcome cleanUp(String instanceId, String eventId) {
        var plan = Planner.plan(reader.forCleanup(instanceId), policy, new Scope.Instance(instanceId));
        return new Outcome(List.of(plan), List.of(applier.apply(plan, eventId)), List.of());
    }

    /** An ENI was deleted: AWS deletes its sessions; remove any MirrorPilot one that is somehow left. */
    public List<String> cleanUpInterface(String eniId) {
        var deleted = new ArrayList<String>();
        reader.sessions(Filter.builder().name("network-interface-id").values(eniId).build()).stream()
                .filter(MirrorSession::isManaged).forEach(s -> applier.delete(s.id(), deleted));
        return deleted;
    }

    private List<String> removeDuplicates(List<String> enis) {
        if (enis.isEmpty()) {
            return List.of();
        }
        var removed = new ArrayList<String>();
        var managed = reader.sessions(Filter.builder().name("network-interface-id").values(enis).build()).stream()
                .filter(MirrorSession::isManaged).collect(Collectors.groupingBy(MirrorSession::sourceEniId));
        for (var sessions : managed.values()) {
            sessions.stream().sorted(Comparator.comparingInt(MirrorSession::sessionNumber).thenComparing(MirrorSession::id))
                    .skip(1).forEach(s -> applier.delete(s.id(), removed));
        }
        return removed;
    }
}
