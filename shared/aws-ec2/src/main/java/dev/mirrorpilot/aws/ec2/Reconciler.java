package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.report.RunChanges;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * One pass of backfill or drift reconcile over a scope of the account: read it with paginated,
 * filtered Describe calls, plan, and (unless a dry run) apply the changes, paced, while the
 * caller's limit allows. Another pass after an interrupted one continues the
 * work, since the planner sees what was done; creates carry ClientTokens derived from the run id,
 * so the same decision made again within a run is the same session, never a second one.
 */
public final class Reconciler {
    /** Told after each change: how many of the pass's changes are made so far, of how many. */
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void changed(int done, int total);
    }

    private final Ec2Client ec2;
    private volatile MirrorPolicy policy;
    private final PlanApplier.Pacing pacing;
    private final Progress progress;

    public Reconciler(Ec2Client ec2, MirrorPolicy policy, PlanApplier.Pacing pacing, Progress progress) {
        this.ec2 = ec2;
        this.policy = policy;
        this.pacing = pacing;
        this.progress = progress;
    }

    /**
     * What one pass read, planned and did. {@code plan} is the whole plan, of which at most
     * {@code allowedChanges} were to be made; {@code applied} is what was made of it.
     */
    public record Pass(Inventory inventory, SessionPlan plan, int allowedChanges, ApplyReport applied, Duration readTime,
                       Duration applyTime, MirrorPolicy policyAfter, Map<String, String> refusedTypes) {
        public Pass(Inventory inventory, SessionPlan plan, int allowedChanges, ApplyReport applied, Duration readTime,
                    Duration applyTime) {
            this(inventory, plan, allowedChanges, applied, readTime, applyTime, null, Map.of());
        }

        /**
         * The plan of the account as this pass left it, under what EC2 taught it: a workload whose
         * type EC2 refused (NetworkInterfaceNotSupported) reads as unsupported_instance_type with
         * EC2's message, so the coverage report and the findings say what it is (not a failure to retry).
         */
        public SessionPlan verdicts(Scope scope) {
            return refusedTypes.isEmpty() ? plan : Planner.plan(inventory.withSessions(sessionsAfter()), policyAfter, scope);
        }
        /** Changes this pass left for another: not started (limit, deadline, throttling), or refused for capacity. */
        public boolean workLeft() {
            return !applied.notStarted().isEmpty() || !applied.refusedForCapacity().isEmpty();
        }

        /** The pass did all it was allowed to, and the plan had more. */
        public boolean limitReached() {
            return plan.changes().size() > allowedChanges && applied.notStarted().isEmpty();
        }

        /** Every change of the plan was made (or found made), none refused for good. */
        public boolean finished() {
            return applied.stop() == ApplyReport.Stop.COMPLETE && !workLeft() && !limitReached();
        }

        /** Source ENIs whose session this pass created. */
        public Set<String> createdEnis() {
            return applied.createdSessions().stream().map(MirrorSession::sourceEniId).collect(Collectors.toSet());
        }

        /** The account's sessions once this pass's changes are made. */
        public List<MirrorSession> sessionsAfter() {
            var removed = new HashSet<>(applied.deleted());
            removed.addAll(applied.alreadyGone());
            applied.retargetedSessions().forEach(s -> removed.add(s.id()));
            var after = new ArrayList<MirrorSession>();
            inventory.sessions().stream().filter(s -> !removed.contains(s.id())).forEach(after::add);
            after.addAll(applied.retargetedSessions());
            after.addAll(applied.createdSessions());
            return after;
        }

        public RunChanges changes() {
            return new RunChanges(applied.createdSessions().size(), applied.retargetedSessions().size(), applied.deleted().size(),
                    applied.alreadyGone().size(), applied.refusedForCapacity().size(), applied.failures().size());
        }
    }

    /**
     * @param maxChanges      at most this many changes in this pass
     * @param mayStartAnother asked before each change (a deadline); a pass always starts its first change
     */
    public Pass pass(String account, String region, Scope scope, String runId, boolean dryRun, int maxChanges,
                     BooleanSupplier mayStartAnother) {
        return pass(account, region, scope, runId, dryRun, plan -> plan.firstChanges(maxChanges), maxChanges, mayStartAnother);
    }

    /**
     * A restore after someone deleted a session (whose ENI only the deleted session knew): the whole
     * account read and planned, and only the plan's creates made, at most {@code maxCreates}; nothing
     * is deleted, moved or renumbered, so a stale or partial read can only leave a gap, never remove one.
     */
    public Pass restore(String account, String region, String runId, int maxCreates, BooleanSupplier mayStartAnother) {
        return pass(account, region, Scope.everything(), runId, false, plan -> plan.createsOnly().firstChanges(maxCreates), maxCreates,
                mayStartAnother);
    }

    private Pass pass(String account, String region, Scope scope, String runId, boolean dryRun,
                      java.util.function.UnaryOperator<SessionPlan> narrow, int maxChanges, BooleanSupplier mayStartAnother) {
        long start = System.nanoTime();
        var inventory = new AccountReader(ec2, policy.targets()).read(account, region);
        var readTime = Duration.ofNanos(System.nanoTime() - start);
        var now = java.time.Instant.now();
        // A session under surge outlives the policy until its expiry.
        var plan = dev.mirrorpilot.policy.surge.Surge.hold(Planner.plan(inventory, policy, scope), now);
        var allowed = narrow.apply(plan);
        if (dryRun) {
            var none = new ApplyReport(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), allowed.changes(),
                    ApplyReport.Stop.COMPLETE);
            return new Pass(inventory, plan, maxChanges, none, readTime, Duration.ZERO);
        }
        int total = allowed.changes().size();
        var done = new java.util.concurrent.atomic.AtomicInteger();
        var applier = new PlanApplier(ec2, pacing, action -> progress.changed(done.incrementAndGet(), total));
        long applyStart = System.nanoTime();
        var applied = applier.apply(allowed, runId, () -> done.get() == 0 || mayStartAnother.getAsBoolean(),
                PlanApplier.attachments(inventory));
        var refused = RefusedTypes.in(inventory, applied);
        // Surges that ended: their sessions (if the policy kept them) lose the surge tags, so they read as ordinary again.
        var gone = new java.util.HashSet<>(applied.deleted());
        gone.addAll(applied.alreadyGone());
        for (var ended : dev.mirrorpilot.policy.surge.Surge.expired(inventory.sessions(), now)) {
            if (gone.contains(ended.id())) {
                continue;
            }
            try {
                ec2.deleteTags(b -> b.resources(ended.id()).tags(
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key(dev.mirrorpilot.policy.surge.Surge.UNTIL_TAG).build(),
                        software.amazon.awssdk.services.ec2.model.Tag.builder().key(dev.mirrorpilot.policy.surge.Surge.REASON_TAG).build()));
            } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
                // Left for the next run; the session is planned by the policy already.
            }
        }
        // Learned for this reconciler's life (the container's, in the function): later passes skip the type.
        refused.forEach((type, message) -> policy = policy.refusedSourceType(type, message));
        return new Pass(inventory, plan, maxChanges, applied, readTime, Duration.ofNanos(System.nanoTime() - applyStart), policy,
                refused);
    }
}
