package dev.mirrorpilot.functions.tamper;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.events.ChangeEvent;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What one batch of change events leads to: the touched resources read fresh, the instances they
 * belong to reconciled through the launch path (plan, apply, one session per ENI), and, when a
 * session was deleted (its ENI died with it) or a target's role tag changed, an account-wide
 * restore that only creates. Tampering by someone else is reported as a Security Hub finding before
 * anything is done, and archived once coverage is back.
 */
final class TamperWatchRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The function's runtime: EC2 side, settings, and the findings writer (built on first use). */
    record Runtime(FunctionRuntime functions, TamperWatchSettings settings, Supplier<CoverageFindings> findings, SessionMemo memo) {
        Runtime(FunctionRuntime functions, TamperWatchSettings settings, Supplier<CoverageFindings> findings) {
            this(functions, settings, findings, new SessionMemo());
        }

        /** The findings writer (and its Security Hub client) is built once per runtime, on first use, not per call. */
        Runtime {
            var build = findings;
            var built = new java.util.concurrent.atomic.AtomicReference<CoverageFindings>();
            findings = () -> built.updateAndGet(f -> f != null ? f : build.get());
        }
    }

    private final Runtime runtime;

    TamperWatchRun(Runtime runtime) {
        this.runtime = runtime;
    }

    ObjectNode react(ChangeBatch batch, String batchId, BooleanSupplier timeLeft) {
        var result = JSON.createObjectNode().put("status", "ok");
        result.put("ownCalls", batch.ownCalls()).put("tagChangesIgnored", batch.tagsIgnored());
        if (batch.isEmpty()) {
            return result.put("status", "nothing-to-do");
        }
        var settings = runtime.settings();
        var functions = runtime.functions();
        var touched = functions.touched();
        var findings = settings.publishFindings() && !batch.tampering().isEmpty() ? Optional.of(runtime.findings().get())
                : Optional.<CoverageFindings>empty();
        // Reported before anything is done: the trail stands even if the reconcile fails.
        findings.ifPresent(f -> record(result, "findingsDetected", f.publishTampering(batch.tampering().stream()
                .map(e -> tampering(e, false, "MirrorPilot is reading what it touched again.")).toList())));

        surges(batch, batchId, result, findings);
        var instances = new TreeSet<String>();
        var modified = touched.sessions(List.copyOf(batch.sessionsModified()));
        var found = modified.stream().map(MirrorSession::id).collect(Collectors.toSet());
        // A deleted session whose ENI this container remembers: the instance holding that ENI now is reconciled like a
        // launch, and the whole account is read only if that restores nothing (see below).
        var memo = runtime.memo();
        var hinted = batch.sessionsDeleted() ? memo.enisOf(batch.deletedSessions())
                .map(enis -> touched.instancesHolding(List.copyOf(enis))) : Optional.<Set<String>>empty();
        boolean restore = batch.sessionsDeleted() && hinted.isEmpty() || batch.targetsRetagged()
                || batch.sessionsModified().stream().anyMatch(id -> !found.contains(id));
        hinted.ifPresent(instances::addAll);
        var ours = new TreeSet<String>(memo.known(batch.deletedSessions()));
        modified.stream().filter(MirrorSession::isManaged).forEach(s -> ours.add(s.id()));
        instances.addAll(touched.instancesOf(modified));
        var onTargets = touched.sessionsOnTargets(List.copyOf(batch.targetsChanged()));
        var withFilters = touched.sessionsWithFilters(List.copyOf(batch.filtersDeleted()));
        onTargets.stream().filter(MirrorSession::isManaged).forEach(s -> ours.add(s.targetId()));
        withFilters.stream().filter(MirrorSession::isManaged).forEach(s -> ours.add(s.filterId()));
        instances.addAll(touched.instancesOf(onTargets));
        instances.addAll(touched.instancesOf(withFilters));
        instances.addAll(batch.instancesTagged());
        instances.addAll(touched.instancesHolding(List.copyOf(batch.interfacesTagged())));

        var reconciled = result.putArray("instances");
        var failedInstances = new TreeSet<String>();
        var hintedDone = new TreeSet<String>();
        int hintedCreated = 0;
        int done = 0;
        for (var instanceId : instances) {
            if (done >= settings.maxInstances() || !timeLeft.getAsBoolean()) {
                result.putArray("deferred").add(instanceId);
                continue;
            }
            done++;
            try {
                var outcome = functions.mirroring().mirror(instanceId, "tamper-" + batchId);
                memo.remember(outcome.lastInventory().sessions());
                outcome.reports().forEach(report -> memo.remember(report.createdSessions()));
                var node = dev.mirrorpilot.lambda.Results.of(instanceId, outcome, functions.policy());
                reconciled.add(node);
                if (!outcome.failures().isEmpty()) {
                    failedInstances.add(instanceId);
                } else if (hinted.isPresent() && hinted.get().contains(instanceId)) {
                    hintedDone.add(instanceId);
                    hintedCreated += outcome.created().size();
                }
            } catch (dev.mirrorpilot.aws.ec2.InstanceNotVisibleException e) {
                reconciled.addObject().put("instanceId", instanceId).put("status", "gone");
            }
        }
        result.put("reads", touched.reads());

        int created = 0;
        boolean restoreComplete = true;
        if (hinted.isPresent()) {
            memo.forget(batch.deletedSessions());
            if (hintedCreated > 0 && !hinted.get().isEmpty() && hintedDone.equals(hinted.get())) {
                created = hintedCreated;
                var node = result.putObject("restore").put("created", created).put("complete", true).put("targeted", true);
                hinted.get().forEach(node.putArray("instances")::add);
            } else {
                restore = true; // the hint restored nothing (an ENI detached or gone, a session no longer wanted): read it all
            }
        }
        if (restore && settings.maxRestores() > 0 && timeLeft.getAsBoolean()) {
            var pass = functions.reconciler().restore(functions.account(), functions.region(), "tamper-" + batchId,
                    settings.maxRestores(), timeLeft);
            memo.remember(pass.inventory().sessions());
            memo.remember(pass.applied().createdSessions());
            created += pass.applied().createdSessions().size();
            restoreComplete = pass.applied().failures().isEmpty() && pass.applied().notStarted().isEmpty()
                    && pass.plan().createsOnly().changes().size() <= settings.maxRestores();
            var node = result.putObject("restore").put("created", created).put("complete", restoreComplete)
                    .put("readMillis", pass.readTime().toMillis());
            var ids = node.putArray("sessions");
            pass.applied().createdSessions().forEach(s -> ids.add(s.id() + " on " + s.sourceEniId()));
            node.put("failures", pass.applied().failures().size());
        } else if (restore) {
            result.putObject("restore").put("created", 0).put("complete", false)
                    .put("skipped", settings.maxRestores() == 0 ? "MIRRORPILOT_TAMPER_MAX_RESTORES is 0" : "out of time");
            restoreComplete = false;
        }

        var filtersIntact = true;
        if (batch.filterRulesChanged()) {
            var filters = touched.filters(functions.policy().filter());
            var broken = filters.stream().filter(f -> !f.acceptsAllTraffic()).map(f -> f.id()).toList();
            filtersIntact = broken.isEmpty();
            var list = result.putArray("filtersNotAcceptingAll");
            broken.forEach(list::add);
        }

        // The verdict per tampering call: whose resource it was, and whether coverage is back.
        var outcome = new ArrayList<CoverageFindings.Tampering>();
        int restoredCreated = created;
        boolean restoredAll = restoreComplete;
        boolean filterOk = filtersIntact;
        for (var event : batch.tampering()) {
            var verdict = verdict(event, ours, restoredCreated, restoredAll, failedInstances.isEmpty()
                    && !result.has("deferred"), filterOk);
            verdict.ifPresent(outcome::add);
        }
        var tampered = result.putArray("tampering");
        outcome.forEach(t -> tampered.addObject().put("resource", t.resourceId()).put("call", t.call()).put("by", t.principal())
                .put("restored", t.restored()));
        findings.ifPresent(f -> record(result, "findings", f.publishTampering(outcome)));
        if (!failedInstances.isEmpty() || !restoreComplete) {
            result.put("status", "partly-restored");
        }
        return result;
    }

    /** Surge mirroring: each instance asked for (a GuardDuty finding at or above the severity setting, or a request). */
    private void surges(ChangeBatch batch, String batchId, ObjectNode result, Optional<CoverageFindings> tamperFindings) {
        if (batch.surges().isEmpty()) {
            return;
        }
        var settings = runtime.settings();
        var list = result.putArray("surges");
        var marks = new ArrayList<CoverageFindings.SurgeMark>();
        for (var surge : batch.surges()) {
            var node = list.addObject().put("instanceId", surge.resourceId()).put("source", surge.call()).put("reason", surge.reason());
            if (surge.severity() < settings.surgeMinSeverity()) {
                node.put("status", "ignored").put("why", "severity " + surge.severity() + " is below MIRRORPILOT_SURGE_MIN_SEVERITY "
                        + settings.surgeMinSeverity());
                continue;
            }
            var until = java.time.Instant.now().plus(java.time.Duration.ofMinutes(surge.minutes() > 0 ? surge.minutes()
                    : settings.surgeMinutes())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            try {
                var outcome = runtime.functions().surge(surge.resourceId(), until, surge.reason(), settings.surgeOptedOut(),
                        batchId + "-" + surge.eventId());
                node.put("until", until.toString());
                outcome.created().forEach(node.putArray("created")::add);
                outcome.marked().forEach(node.putArray("marked")::add);
                outcome.failures().forEach(f -> node.putArray("failures").addObject().put("code", f.code()).put("message", f.message()));
                if (outcome.refused().isPresent()) {
                    node.put("status", "refused").put("why", outcome.refused().get());
                } else {
                    node.put("status", outcome.failures().isEmpty() ? "surging" : "partly-surging");
                    marks.add(new CoverageFindings.SurgeMark(surge.resourceId(), until.toString(), surge.reason()));
                }
            } catch (dev.mirrorpilot.aws.ec2.InstanceNotVisibleException e) {
                node.put("status", "refused").put("why", "the instance is not visible: " + e.getMessage());
            }
        }
        if (runtime.settings().publishFindings() && !marks.isEmpty()) {
            record(result, "surgeFindings", runtime.findings().get().publishSurges(marks, false));
        }
    }

    /**
     * Whether a call touched MirrorPilot's mirroring and whether that is repaired. A deleted session
     * was ours when this container remembers it as ours or the restore had to create something; a target or
     * filter when our sessions used it.
     */
    private static Optional<CoverageFindings.Tampering> verdict(ChangeEvent event, Set<String> ours, int restoredCreated,
                                                                boolean restoreComplete, boolean instancesOk, boolean filtersIntact) {
        if (event instanceof ChangeEvent.SessionDeleted) {
            if (restoredCreated == 0 && restoreComplete && ours.contains(event.resourceId())) {
                return Optional.of(tampering(event, true, "It was MirrorPilot's session; its workload was mirrored again "
                        + "before this event was handled (nothing left to re-create)."));
            }
            if (restoredCreated == 0 && restoreComplete) {
                return Optional.empty(); // nothing of ours was missing: another team's session, or one no longer wanted
            }
            return Optional.of(tampering(event, restoreComplete, restoreComplete
                    ? "MirrorPilot re-created the missing session(s) (" + restoredCreated + " created)."
                    : "MirrorPilot could not re-create every missing session; the scheduled reconcile tries again."));
        }
        if (event instanceof ChangeEvent.FilterRuleChanged) {
            return filtersIntact ? Optional.empty() : Optional.of(tampering(event, false,
                    "MirrorPilot's filter no longer accepts all traffic, so its sessions mirror less or nothing; MirrorPilot "
                            + "does not edit filter rules: restore the rule (a stack update re-creates the filter's rules)."));
        }
        if (!ours.contains(event.resourceId())) {
            return Optional.empty();
        }
        return Optional.of(tampering(event, instancesOk, instancesOk ? "MirrorPilot reconciled the affected workloads."
                : "MirrorPilot could not reconcile every affected workload; see the function's log."));
    }

    private static CoverageFindings.Tampering tampering(ChangeEvent event, boolean restored, String detail) {
        return new CoverageFindings.Tampering(event.resourceId(), event.call(), event.principal().name(), event.eventTime(),
                event.eventId(), detail, restored);
    }

    private static void record(ObjectNode result, String field, CoverageFindings.Outcome outcome) {
        var node = result.putObject(field).put("active", outcome.active()).put("archived", outcome.archived())
                .put("failed", outcome.failed());
        outcome.error().ifPresent(e -> node.put("error", e));
    }
}
