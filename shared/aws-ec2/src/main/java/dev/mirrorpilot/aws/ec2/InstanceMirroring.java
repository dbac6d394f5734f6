package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.DuplicateRule;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The launch and terminate use cases: read one instance's inventory, plan at instance scope,
 * apply. Races end with one session per ENI: a create refused because a target filled up, or
 * because a concurrent invocation took the session number, leads to a fresh read and a new plan
 * (at most {@link #ROUNDS} times); after creating, duplicates a race produced are removed,
 * keeping the one {@link DuplicateRule} names (the lowest session id), which every racer agrees on.
 */
public final class InstanceMirroring {
    public static final int ROUNDS = 3;

    /** What one invocation did. */
    public record Outcome(List<SessionPlan> plans, List<ApplyReport> reports, List<String> duplicatesRemoved,
                          Inventory lastInventory) {
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
    private java.time.Clock clock = java.time.Clock.systemUTC();
    /** The configured policy, less any Sensor type AWS showed takes fewer than 100 sources (learned for the container's life). */
    private volatile MirrorPolicy policy;

    public InstanceMirroring(InstanceReader reader, PlanApplier applier, MirrorPolicy policy) {
        this.reader = reader;
        this.applier = applier;
        this.policy = policy;
    }

    /** An instance started running, or got a new ENI: mirror what the policy covers. */
    public Outcome mirror(String instanceId, String eventId) {
        var plans = new ArrayList<SessionPlan>();
        var reports = new ArrayList<ApplyReport>();
        Inventory inventory = null;
        for (int round = 0; round < ROUNDS; round++) {
            inventory = reader.forLaunch(instanceId);
            // A session under surge outlives any policy change until its expiry.
            var plan = dev.mirrorpilot.policy.surge.Surge.hold(Planner.plan(inventory, policy, new Scope.Instance(instanceId)),
                    clock.instant());
            var report = applier.apply(plan, eventId, inventory);
            reader.context().record(report);
            plans.add(plan);
            reports.add(report);
            // EC2's refusal of an instance type is a verdict, not a failure: learn it and plan again (it is skipped).
            boolean refusedType = learnRefusedTypes(inventory, report);
            boolean raced = refusedType || !report.refusedForCapacity().isEmpty()
                    || report.failures().stream().anyMatch(f -> "InvalidParameterValue".equals(f.code()));
            if (!raced) {
                break;
            }
            learnFromRefusals(inventory, report);
            reader.context().invalidate(); // target loads were stale
        }
        var touched = reports.stream().flatMap(r -> r.created().stream()).findAny().isPresent()
                ? plans.stream().flatMap(p -> p.creates().stream()).map(c -> c.source().eniId()).distinct().toList()
                : List.<String>of();
        return new Outcome(plans, reports, removeDuplicates(touched), inventory);
    }

    /**
     * EC2 answered NetworkInterfaceNotSupported for a source the guide's list accepts: its instance
     * type cannot be a source here. Remembered for the container's life, so later launches skip the
     * type with EC2's message instead of failing into the dead-letter queue.
     */
    private boolean learnRefusedTypes(Inventory inventory, ApplyReport report) {
        boolean learned = false;
        for (var refused : RefusedTypes.in(inventory, report).entrySet()) {
            if (policy.whyTypeRefused(refused.getKey()).isEmpty()) {
                policy = policy.refusedSourceType(refused.getKey(), refused.getValue());
                learned = true;
            }
        }
        return learned;
    }

    /**
     * AWS refused a source on a target whose Sensor type the table says takes 100, while the
     * target had fewer than 100 sources: that type takes 10 here, whatever the table says.
     */
    private void learnFromRefusals(Inventory inventory, ApplyReport report) {
        var loads = dev.mirrorpilot.policy.capacity.TargetLoads.count(inventory.sessions());
        var targets = inventory.targetsById();
        for (var refused : report.refusedForCapacity()) {
            var target = targets.get(refused.targetId());
            if (target == null || target.sensorInstanceType().isEmpty()) {
                continue;
            }
            var type = target.sensorInstanceType().get();
            int sources = loads.getOrDefault(target.id(), 0);
            // Below 10 sources the refusal was another limit (3 sessions per ENI), not the target's.
            if (policy.hundredSourceTypes().contains(type)
                    && sources >= dev.mirrorpilot.policy.capacity.CapacityLimit.ENI_TARGET_SOURCES
                    && sources < dev.mirrorpilot.policy.capacity.CapacityLimit.LISTED_TYPE_ENI_TARGET_SOURCES) {
                policy = policy.learnedTenSourceType(type);
            }
        }
    }

    /** A clock of the test's (surge expiries). */
    public InstanceMirroring withClock(java.time.Clock value) {
        this.clock = value;
        return this;
    }

    /** What a surge did to one instance: sessions created, sessions of MirrorPilot marked, or why none. */
    public record SurgeOutcome(String instanceId, List<String> created, List<String> marked, java.util.Optional<String> refused,
                               List<ApplyReport.Failure> failures, java.time.Instant until) {
    }

    /**
     * Mirrors every interface of the instance whole until {@code until} ({@link dev.mirrorpilot.policy.surge.Surge}):
     * new sessions carry the surge tags; MirrorPilot's sessions already there are marked with them
     * (an earlier surge's later expiry is kept). Foreign sessions are never touched, nor pre-empted.
     */
    public SurgeOutcome surge(String instanceId, java.time.Instant until, String reason, boolean optedOutAllowed, String eventId,
                              software.amazon.awssdk.services.ec2.Ec2Client ec2) {
        var inventory = reader.forLaunch(instanceId);
        var workload = inventory.workload(instanceId);
        if (workload.isEmpty()) {
            return new SurgeOutcome(instanceId, List.of(), List.of(), java.util.Optional.of("the instance is not visible"), List.of(),
                    until);
        }
        if (dev.mirrorpilot.policy.surge.Surge.optedOut(workload.get()) && !optedOutAllowed) {
            return new SurgeOutcome(instanceId, List.of(), List.of(), java.util.Optional.of("the instance opted out ("
                    + dev.mirrorpilot.policy.config.MirrorPolicy.MIRROR_TAG + "=false); set MIRRORPILOT_SURGE_OPTED_OUT=true to "
                    + "surge opted-out instances"), List.of(), until);
        }
        var plan = dev.mirrorpilot.policy.surge.Surge.plan(inventory, policy, instanceId, until, reason, optedOutAllowed);
        var report = applier.apply(plan, "surge-" + eventId, inventory);
        reader.context().record(report);
        var enis = workload.get().interfaces().stream().map(dev.mirrorpilot.policy.model.NetworkInterface::id)
                .collect(Collectors.toSet());
        var marked = new ArrayList<String>();
        for (var session : inventory.sessions()) {
            if (!session.isManaged() || !enis.contains(session.sourceEniId())) {
                continue;
            }
            var current = dev.mirrorpilot.policy.surge.Surge.until(session);
            if (current.isPresent() && !current.get().isBefore(until)) {
                continue;
            }
            ec2.createTags(b -> b.resources(session.id()).tags(
                    software.amazon.awssdk.services.ec2.model.Tag.builder().key(dev.mirrorpilot.policy.surge.Surge.UNTIL_TAG)
                            .value(until.toString()).build(),
                    software.amazon.awssdk.services.ec2.model.Tag.builder().key(dev.mirrorpilot.policy.surge.Surge.REASON_TAG)
                            .value(dev.mirrorpilot.policy.surge.Surge.tagValue(reason)).build()));
            marked.add(session.id());
        }
        return new SurgeOutcome(instanceId, report.created(), marked, java.util.Optional.empty(), report.failures(), until);
    }

    /** Drops the cached account context; the next event reads it again (after a SnapStart restore). */
    public void forgetAccountContext() {
        reader.context().invalidate();
    }

    /** The policy in force, with what AWS refusals taught it. */
    public MirrorPolicy policy() {
        return policy;
    }

    /**
     * An instance is shutting down, terminated or stopped: remove what the policy no longer wants,
     * and nothing else. A late or reordered event can find the instance running again; creating or
     * moving sessions is the launch path's and the reconcile's business, never a clean-up's.
     */
    public Outcome cleanUp(String instanceId, String eventId) {
        var inventory = reader.forCleanup(instanceId);
        var plan = Planner.plan(inventory, policy, new Scope.Instance(instanceId)).deletesOnly();
        var report = applier.apply(plan, eventId);
        reader.context().record(report);
        return new Outcome(List.of(plan), List.of(report), List.of(), inventory);
    }

    /**
     * An ENI was deleted: AWS deletes its sessions; remove any MirrorPilot one that is somehow left.
     * Nothing is deleted on the event's say-so: a fresh read that still finds the ENI (a stale, replayed
     * or forged event) leaves every session in place.
     */
    public List<String> cleanUpInterface(String eniId) {
        if (!reader.existingInterfaces(List.of(eniId)).isEmpty()) {
            return List.of();
        }
        var deleted = new ArrayList<String>();
        reader.sessions(Filter.builder().name("network-interface-id").values(eniId).build()).stream()
                .filter(MirrorSession::isManaged).filter(s -> applier.delete(s.id())).forEach(s -> deleted.add(s.id()));
        reader.context().forget(deleted);
        return deleted;
    }

    /**
     * An ENI was detached. CloudTrail's DetachNetworkInterface names only the attachment, so the
     * sessions of that ENI are found by the attachment id their description carries, and a fresh read
     * of exactly those ENIs decides: a session is deleted only when its ENI is attached to nothing now.
     * Sessions made before descriptions carried the attachment are not found this way; the drift
     * reconcile removes those (and says so in the log).
     */
    public List<String> cleanUpDetached(String attachmentId) {
        var ours = reader.sessions(Filter.builder().name("description").values(InstanceReader.DESCRIPTION_PREFIX + "* "
                        + attachmentId).build())
                .stream().filter(MirrorSession::isManaged).toList();
        if (ours.isEmpty()) {
            return List.of();
        }
        var attached = reader.attachedInterfaces(ours.stream().map(MirrorSession::sourceEniId).distinct().toList());
        var deleted = new ArrayList<String>();
        ours.stream().filter(s -> !attached.contains(s.sourceEniId())).filter(s -> applier.delete(s.id()))
                .forEach(s -> deleted.add(s.id()));
        reader.context().forget(deleted);
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
            DuplicateRule.surplus(sessions).stream().filter(s -> applier.delete(s.id())).forEach(s -> removed.add(s.id()));
        }
        reader.context().forget(removed);
        return removed;
    }
}
