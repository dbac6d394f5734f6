package dev.mirrorpilot.functions.rebalance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.cloudwatch.TrafficReader;
import dev.mirrorpilot.aws.ec2.AccountReader;
import dev.mirrorpilot.aws.ec2.ApplyReport;
import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.aws.ec2.PlanApplier;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.rebalance.Rebalance;
import dev.mirrorpilot.policy.rebalance.RebalancePlan;
import dev.mirrorpilot.policy.load.SourceTraffic;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One rebalance: read the account, estimate each mirrored instance's traffic from CloudWatch,
 * plan the moves (pure), and unless a dry run make them in place, paced like the backfill, while
 * the deadline allows. Only ModifyTrafficMirrorSession is called, and only on MirrorPilot's sessions.
 */
public final class RebalanceRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RebalanceRun.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int TRANSIENT_RETRIES_PER_CHANGE = 3;

    /** How a run ended. */
    public enum Status {
        /** Nothing is crowded, or every crowded target was relieved as far as the targets allow. */
        COMPLETE,
        /** Moves were planned, none made. */
        DRY_RUN,
        /** The deadline, the move limit or throttling left moves for the next run. */
        PARTIAL,
        /** EC2 refused a move for lack of permission; the role must be fixed. */
        PERMISSION_DENIED;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public record Outcome(Status status, RebalancePlan plan, ApplyReport applied, ObjectNode result) {
    }

    private RebalanceRun() {
    }

    public static Outcome run(RebalanceRuntime runtime, RebalanceRequest request, String runId, Clock clock,
                       BooleanSupplier beforeDeadline,
                       java.util.function.Consumer<dev.mirrorpilot.policy.plan.Action> progress) {
        var options = runtime.options();
        long start = System.nanoTime();
        var inventory = new AccountReader(runtime.ec2(), runtime.policy().targets()).read(runtime.account(), runtime.region());
        var readSeconds = seconds(start);
        long trafficStart = System.nanoTime();
        var sources = sourceInstances(inventory);
        var window = new TrafficReader.Window(clock.instant(), Duration.ofHours(options.windowHours()), 300, options.percentile());
        var traffic = sources.isEmpty() ? java.util.Map.<String, TrafficReader.Traffic>of()
                : new TrafficReader(runtime.cloudWatch()).read(List.copyOf(sources), sources, window);
        var measured = new HashMap<String, Double>();
        traffic.values().forEach(t -> t.gbps().ifPresent(g -> measured.put(t.instanceId(), g)));
        var trafficSeconds = seconds(trafficStart);
        long applyStart = System.nanoTime();
        var settings = request.maxMoves().map(options.settings()::withMaxMoves).orElse(options.settings());
        var plan = Rebalance.plan(inventory, runtime.policy(), settings, new SourceTraffic(measured, options.defaultGbps()));

        ApplyReport applied;
        Optional<CoverageFindings.Outcome> findings = Optional.empty();
        long throttledBefore = runtime.throttleWatch().throttledAttempts();
        double pacedPerSecond = options.mutatingPerSecond();
        if (request.dryRun() || plan.moves().isEmpty()) {
            applied = new ApplyReport(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), plan.plan().changes(),
                    ApplyReport.Stop.COMPLETE);
        } else {
            // One pacer: the throttle watch slows the very pacer that spaces the moves.
            var pacer = MutationPacer.of(options.mutatingPerSecond());
            try (var slowing = runtime.throttleWatch().slowing(pacer)) {
                applied = new PlanApplier(runtime.ec2(), PlanApplier.Pacing.bulk(pacer, TRANSIENT_RETRIES_PER_CHANGE), progress)
                        .apply(plan.plan(), runId, beforeDeadline);
            }
            pacedPerSecond = pacer.currentPerSecond();
        }
        var status = request.dryRun() ? Status.DRY_RUN
                : applied.stop() == ApplyReport.Stop.PERMISSION_DENIED ? Status.PERMISSION_DENIED
                : !applied.notStarted().isEmpty() || plan.deferred() > 0 || !applied.failures().isEmpty() ? Status.PARTIAL
                : Status.COMPLETE;

        // A target left above its low-water mark (the per-run maximum, or the deadline) is marked, so the next run
        // drains it on even below the trigger; a marked one that reached its mark is unmarked.
        var draining = new java.util.TreeSet<String>();
        var drained = new java.util.TreeSet<String>();
        if (!request.dryRun() && status != Status.PERMISSION_DENIED) {
            var ours = inventory.targets().stream().filter(t -> !t.isSharedInto(runtime.account()))
                    .map(dev.mirrorpilot.policy.model.MirrorTarget::id).collect(java.util.stream.Collectors.toSet());
            draining.addAll(plan.stillDraining());
            applied.notStarted().forEach(a -> {
                if (a instanceof dev.mirrorpilot.policy.plan.Action.Retarget r) {
                    draining.add(r.session().targetId());
                }
            });
            draining.retainAll(ours);
            if (status == Status.COMPLETE) {
                // A move that failed or did not start leaves its target where it was: unmark only after a whole run.
                plan.drained().stream().filter(ours::contains).filter(id -> !draining.contains(id)).forEach(drained::add);
            }
            var alreadyMarked = inventory.targets().stream()
                    .filter(dev.mirrorpilot.policy.readiness.TargetReadiness::isMarkedDraining)
                    .map(dev.mirrorpilot.policy.model.MirrorTarget::id).collect(java.util.stream.Collectors.toSet());
            draining.removeAll(alreadyMarked);
            try {
                new dev.mirrorpilot.aws.ec2.DrainingMarks(runtime.ec2()).write(draining, drained);
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                // The next run sees the target below the trigger and leaves it there: said, not fatal.
                LOG.warn("could not mark mirror targets draining ({}); check ec2:CreateTags and ec2:DeleteTags for the "
                        + "tag mirrorpilot:rebalance in the function's role", e.getClass().getSimpleName());
                draining.clear();
                drained.clear();
            }
        }

        // Findings say what to add; written when the plan was whole (nothing deferred) and carried out.
        if (!request.dryRun() && options.publishFindings() && plan.deferred() == 0 && applied.notStarted().isEmpty()
                && status != Status.PERMISSION_DENIED) {
            var published = new CoverageFindings(runtime.securityHub().get(), runtime.account(), runtime.region(), clock)
                    .within(beforeDeadline).publishCapacity(plan.shortfalls());
            findings = Optional.of(published);
        }
        var result = JSON.createObjectNode().put("status", status.label()).put("runId", runId).put("dryRun", request.dryRun())
                .put("trigger", request.trigger()).put("readSeconds", readSeconds).put("trafficSeconds", trafficSeconds).put("applySeconds", seconds(applyStart))
                .put("movesPlanned", plan.moves().size()).put("movesMade", applied.retargetedSessions().size())
                .put("lowerBound", plan.lowerBound()).put("deferred", plan.deferred())
                .put("sourcesMeasured", measured.size()).put("sourcesAtDefault", sources.size() - measured.size())
                .put("throttledAttempts", runtime.throttleWatch().throttledAttempts() - throttledBefore)
                .put("mutationsPerSecond", options.mutatingPerSecond()).put("mutationsPerSecondAtEnd", pacedPerSecond)
                .put("defaultGbps", options.defaultGbps())
                .put("throughputSharePercent", settings.throughputSharePercent())
                .put("lowWaterPercent", settings.lowWaterPercent());
        var moves = result.putArray("moves");
        plan.moves().stream().limit(100).forEach(m -> moves.addObject().put("sessionId", m.session().id())
                .put("instanceId", m.source().instanceId()).put("from", m.session().targetId()).put("to", m.targetId())
                .put("why", m.reason().detail()));
        var shortfalls = result.putArray("shortfalls");
        plan.shortfalls().forEach(s -> {
            var node = shortfalls.addObject().put("targetId", s.targetId()).put("name", s.targetName()).put("vpcId", s.vpcId())
                    .put("sources", s.sources()).put("sourceLimit", s.sourceLimit())
                    .put("gbps", Math.round(s.gbps() * 1000) / 1000.0).put("advice", s.advice());
            s.ratedGbps().ifPresent(r -> node.put("ratedGbps", r));
        });
        var congested = result.putArray("congestedSources");
        traffic.values().stream().filter(t -> t.skippedGbps().isPresent() && t.skippedGbps().getAsDouble() > 0)
                .sorted(java.util.Comparator.comparingDouble((TrafficReader.Traffic t) -> -t.skippedGbps().getAsDouble()))
                .limit(20).forEach(t -> congested.addObject().put("instanceId", t.instanceId())
                        .put("skippedGbps", Math.round(t.skippedGbps().getAsDouble() * 1000) / 1000.0));
        if (!draining.isEmpty() || !drained.isEmpty()) {
            var marks = result.putObject("drainingMarks");
            draining.forEach(marks.putArray("marked")::add);
            drained.forEach(marks.putArray("unmarked")::add);
        }
        findings.ifPresent(f -> {
            var node = result.putObject("findings").put("active", f.active()).put("archived", f.archived()).put("failed", f.failed());
            f.error().ifPresent(e -> node.put("error", e));
        });
        var failures = result.putArray("failures");
        applied.failures().stream().limit(50).forEach(f -> failures.addObject().put("sessionId",
                        ((dev.mirrorpilot.policy.plan.Action.Retarget) f.action()).session().id())
                .put("code", f.code()).put("message", f.message()));
        return new Outcome(status, plan, applied, result);
    }

    /** Instances whose ENIs are mirrored now, ours or not: their traffic is what the Sensors receive. */
    private static Set<String> sourceInstances(Inventory inventory) {
        var mirrored = inventory.sessions().stream().map(s -> s.sourceEniId()).collect(Collectors.toSet());
        return inventory.allInterfaces().filter(e -> mirrored.contains(e.id())).map(NetworkInterface::attachment)
                .flatMap(java.util.Optional::stream).map(a -> a.instanceId())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e6) / 1000.0;
    }
}
