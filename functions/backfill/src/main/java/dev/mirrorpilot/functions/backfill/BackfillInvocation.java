package dev.mirrorpilot.functions.backfill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.ec2.ApplyReport;
import dev.mirrorpilot.aws.ec2.Backoff;
import dev.mirrorpilot.aws.ec2.SessionVisibility;
import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.aws.ec2.PlanApplier;
import dev.mirrorpilot.aws.ec2.Reconciler;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.policy.report.UnusableTarget;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.report.RunChanges;
import dev.mirrorpilot.policy.report.RunReport;
import dev.mirrorpilot.policy.report.UncoveredWorkload;
import java.time.Clock;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One invocation of a backfill run: a reconcile pass that stops before the deadline, the run's
 * report so far (created counts carried from earlier invocations), Security Hub findings once the
 * run ends, and the payload of the next invocation while work is left. The next invocation reads
 * the account again, so it continues from what was actually done; creates reuse the run id in
 * their ClientTokens, so nothing is created twice and nothing is skipped.
 */
final class BackfillInvocation {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TRANSIENT_RETRIES_PER_CHANGE = 3;
    /** Below Step Functions' 256 KB state limit, with room for the next payload. */
    static final int MAX_RESULT_CHARS = 200_000;

    /** How an invocation ended. */
    enum Status {
        /** Nothing is left to change in the scope. */
        COMPLETE,
        /** Work is left; {@code next} is the payload of the follow-up invocation. */
        CONTINUING,
        /** Nothing was changed; the report says what an apply would do. */
        DRY_RUN,
        /** The run made its maximum number of changes; more are pending. */
        LIMIT_REACHED,
        /** Work is left but another invocation would not get further (throttled throughout, or too many invocations). */
        INCOMPLETE,
        /** EC2 refused for lack of permission; the role must be fixed. */
        PERMISSION_DENIED,
        /** Every VPC the payload names is unknown to the account (read, nothing planned or changed): as the CLI refuses it. */
        REJECTED;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    record Outcome(Status status, RunReport report, ObjectNode result, Optional<CoverageFindings.Outcome> findings,
                   long throttledAttempts) {
    }

    private BackfillInvocation() {
    }

    static Outcome run(BackfillRuntime runtime, BackfillRequest request, String requestId, Clock clock, LongSupplier nanoClock,
                       long deadlineNanos, Reconciler.Progress progress) {
        var earlier = request.continuation();
        int invocation = earlier.map(c -> c.invocation() + 1).orElse(1);
        var runId = runId(request, requestId);
        var startedAt = earlier.map(BackfillRequest.Continuation::startedAt).orElse(clock.instant());
        var changesBefore = earlier.map(BackfillRequest.Continuation::changes).orElse(RunChanges.NONE);
        int attemptedBefore = changesBefore.made() + changesBefore.failed();
        int allowed = request.maxChanges().map(max -> Math.max(0, max - attemptedBefore)).orElse(Integer.MAX_VALUE);

        var pacer = MutationPacer.of(runtime.settings().mutatingPerSecond());
        long throttledBefore = runtime.throttleWatch().throttledAttempts();
        Reconciler.Pass pass;
        var scope = request.vpcIds().isEmpty() ? Scope.everything() : new Scope.Vpcs(request.vpcIds());
        try (var slowing = runtime.throttleWatch().slowing(pacer)) {
            pass = new Reconciler(runtime.ec2(), runtime.policy(), PlanApplier.Pacing.bulk(pacer, TRANSIENT_RETRIES_PER_CHANGE),
                    progress).pass(runtime.account(), runtime.region(),
                    scope, runId, request.dryRun(), allowed, () -> nanoClock.getAsLong() < deadlineNanos);
        }
        long throttled = runtime.throttleWatch().throttledAttempts() - throttledBefore;
        runtime.learned(pass.policyAfter());

        var changes = changesBefore.plus(pass.changes());
        var known = pass.inventory().vpcs().stream().map(dev.mirrorpilot.policy.model.Vpc::id).collect(java.util.stream.Collectors.toSet());
        var unknownVpcs = request.vpcIds().stream().filter(id -> !known.contains(id)).sorted().toList();
        var status = !unknownVpcs.isEmpty() && unknownVpcs.size() == request.vpcIds().size() ? Status.REJECTED
                : status(request, pass, invocation, runtime.settings().maxInvocations());
        var report = RunReport.of(pass.inventory(), runtime.policy(), pass.plan(), pass.createdEnis(), pass.sessionsAfter(),
                earlier.map(BackfillRequest.Continuation::createdByVpc).orElse(java.util.Map.of()), request.dryRun(),
                status == Status.COMPLETE, invocation, changes);

        // EC2's refusal of an instance type is a verdict: those workloads are uncovered as unsupported, with its message.
        var uncovered = UncoveredWorkload.of(pass.inventory(), pass.verdicts(scope));
        var unusable = UnusableTarget.of(pass.inventory(), runtime.policy());
        Optional<CoverageFindings.Outcome> findings = Optional.empty();
        if (!request.dryRun() && status != Status.CONTINUING && status != Status.REJECTED && runtime.settings().publishFindings()) {
            // The pass stopped at the deadline, leaving the stop margin; findings may use half of it at most.
            long findingsDeadline = deadlineNanos + runtime.settings().stopMargin().toNanos() / 2;
            var publisher = new CoverageFindings(runtime.securityHub(), runtime.account(), runtime.region(), clock)
                    .within(() -> nanoClock.getAsLong() < findingsDeadline);
            var workloads = publisher.publish(uncovered, request.vpcIds().isEmpty() ? Optional.empty() : Optional.of(request.vpcIds()));
            findings = Optional.of(workloads.error().isPresent() ? workloads
                    : workloads.plus(publisher.publishTargets(unusable)));
            if (request.vpcIds().isEmpty() && findings.get().error().isEmpty()) {
                // Surges still running keep their finding; those this run ended (their expiry passed) are archived.
                var now = clock.instant();
                var enis = new java.util.HashMap<String, String>();
                pass.inventory().allInterfaces().forEach(e -> e.attachment().ifPresent(a -> enis.put(e.id(), a.instanceId())));
                var marks = new java.util.TreeMap<String, CoverageFindings.SurgeMark>();
                pass.sessionsAfter().forEach(session -> dev.mirrorpilot.policy.surge.Surge.until(session).filter(now::isBefore)
                        .ifPresent(until -> marks.put(enis.getOrDefault(session.sourceEniId(), session.sourceEniId()),
                                new CoverageFindings.SurgeMark(enis.getOrDefault(session.sourceEniId(), session.sourceEniId()),
                                        until.toString(), String.valueOf(session.tags().get(dev.mirrorpilot.policy.surge.Surge.REASON_TAG))))));
                findings = Optional.of(findings.get().plus(publisher.publishSurges(List.copyOf(marks.values()), true)));
            }
        }

        var delivery = !request.dryRun() && request.vpcIds().isEmpty() && status == Status.COMPLETE
                && runtime.settings().verifyDelivery() ? Optional.of(Delivery.check(runtime, pass, report.total().mirrored(), clock,
                findings.isPresent()
                ? Optional.of(new CoverageFindings(runtime.securityHub(), runtime.account(), runtime.region(), clock))
                : Optional.empty())) : Optional.<Delivery>empty();

        var result = JSON.createObjectNode().put("status", status.label()).put("runId", runId).put("invocation", invocation)
                .put("dryRun", request.dryRun()).put("startedAt", startedAt.toString())
                .put("readSeconds", pass.readTime().toMillis() / 1000.0)
                .put("applySeconds", pass.applyTime().toMillis() / 1000.0)
                .put("throttledAttempts", throttled).put("uncoveredWorkloads", uncovered.size())
                .put("actionableUncoveredWorkloads", uncovered.stream().filter(UncoveredWorkload::isProblem).count())
                .put("unusableTargets", unusable.size())
                .put("stoppedBy", pass.applied().stop().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("createdNow", pass.applied().createdSessions().size())
                .put("changesNow", pass.applied().changesMade())
                .put("failedNow", pass.applied().failures().size());
        if (!unknownVpcs.isEmpty()) {
            // Said, never a silent empty run: a mistyped VPC id, or one of another account or region.
            var errors = result.putArray("errors");
            unknownVpcs.forEach(id -> errors.add("vpcIds: " + id + " is not a VPC of account " + runtime.account() + " in "
                    + runtime.region() + "; nothing was planned there"));
        }
        delivery.ifPresent(d -> d.write(result.putObject("delivery")));
        if (!pass.refusedTypes().isEmpty()) {
            var types = result.putObject("unsupportedTypes");
            pass.refusedTypes().forEach(types::put);
        }
        result.set("report", JSON.valueToTree(report));
        var failures = result.putArray("failures");
        pass.applied().failures().stream().limit(50).forEach(f -> failures.addObject()
                .put("action", f.action().getClass().getSimpleName().toLowerCase(Locale.ROOT))
                .put("instanceId", f.action().source().instanceId()).put("eniId", f.action().source().eniId())
                .put("code", f.code()).put("message", f.message()));
        findings.ifPresent(f -> {
            var node = result.putObject("findings").put("active", f.active()).put("archived", f.archived())
                    .put("failed", f.failed()).put("importCalls", f.importCalls());
            f.error().ifPresent(e -> node.put("error", e));
        });
        trimForStateMachine(result);
        if (status == Status.CONTINUING) {
            // The next invocation reads the account again: it must see what this one created.
            result.put("createdVisible", SessionVisibility.await(runtime.ec2(), pass.applied().created(), Backoff.afterWrite()));
            result.set("next", request.next(new BackfillRequest.Continuation(runId, invocation, startedAt, report.createdByVpc(),
                    changes)));
        }
        return new Outcome(status, report, result, findings, throttled);
    }

    /**
     * The run an invocation belongs to: the continuation's; else the state machine execution's, so a
     * retried first invocation (a new Lambda request id) reuses its ClientTokens; else, invoked by hand,
     * one named after the request.
     */
    static String runId(BackfillRequest request, String requestId) {
        return request.continuation().map(BackfillRequest.Continuation::runId)
                .or(() -> request.execution().map(e -> cut("x-" + e.replace('_', '-'))))
                .orElse(cut("backfill-" + requestId.replaceAll("[^A-Za-z0-9-]", "")));
    }

    private static String cut(String runId) {
        return runId.length() <= 80 ? runId : runId.substring(0, 80);
    }

    /**
     * Step Functions passes at most 256 KB between states: an account with very many VPCs or targets
     * gets the per-VPC and per-target lines in the log only (the totals stay in the result).
     */
    static void trimForStateMachine(ObjectNode result) {
        if (result.toString().length() > MAX_RESULT_CHARS) {
            var report = (ObjectNode) result.get("report");
            report.remove("vpcs");
            report.remove("targets");
            result.put("reportTrimmed", "per-VPC and per-target lines are in the function's log (the result is limited to "
                    + MAX_RESULT_CHARS / 1000 + " KB)");
        }
    }

    private static Status status(BackfillRequest request, Reconciler.Pass pass, int invocation, int maxInvocations) {
        if (request.dryRun()) {
            return Status.DRY_RUN;
        }
        var applied = pass.applied();
        if (applied.stop() == ApplyReport.Stop.PERMISSION_DENIED) {
            return Status.PERMISSION_DENIED;
        }
        if (applied.stop() == ApplyReport.Stop.ACCOUNT_SESSION_LIMIT) {
            return Status.INCOMPLETE; // nothing more can be created until sessions are deleted: a finding says so
        }
        if (pass.limitReached()) {
            return Status.LIMIT_REACHED;
        }
        if (!pass.workLeft()) {
            return Status.COMPLETE;
        }
        boolean progressed = applied.changesMade() > 0;
        if (invocation >= maxInvocations || !progressed) {
            return Status.INCOMPLETE;
        }
        return Status.CONTINUING;
    }
}
