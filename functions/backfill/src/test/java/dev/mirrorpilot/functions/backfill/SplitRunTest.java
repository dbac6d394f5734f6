package dev.mirrorpilot.functions.backfill;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.local.LocalRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-instance account backfilled by invocations that each stop at a short simulated
 * deadline and hand on to the next, as the state machine runs them in AWS.
 */
class SplitRunTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final MirrorPolicy POLICY = MirrorPolicy.defaults();
    /** Each invocation gets this long, and stops a second before its end. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(10);
    /** Changes are paced to 50% of a refill of 500/s: an invocation makes at most 250 x 9 of them, however fast the machine. */
    private static final BackfillSettings PACED = new BackfillSettings(50, 500, Duration.ofSeconds(1), 100, true);

    @Test
    void tenThousandInstanceAccountIsMirroredOverSeveralInvocationsEachEniExactlyOnceWithAnExactReport() throws IOException {
        var account = SyntheticAccount.generate(SyntheticSpec.of(10_000, 40).withAlreadyMirroredShare(0.1), 42);
        try (var simulator = SeededSimulator.start(account)) {
            var simulatorBefore = SeededSimulator.snapshot(simulator);
            var initial = Planner.plan(simulatorBefore, POLICY, Scope.everything());
            // ENIs whose MirrorPilot session must survive the run: kept (also while stopped, or stranded) or retargeted.
            var kept = new java.util.HashSet<String>();
            initial.of(Action.Keep.class).filter(k -> k.reason().code() != dev.mirrorpilot.policy.plan.ReasonCode.RELEASED_WITH_INTERFACE)
                    .forEach(k -> kept.add(k.source().eniId()));
            initial.retargets().forEach(r -> kept.add(r.source().eniId()));
            var runtime = BackfillRuntime.forEndpoint(simulator.endpoint(), POLICY, PACED, account.accountId(), account.region());

            var results = LocalRun.follow(new BackfillHandler(context -> runtime), "{}",
                    () -> LocalContext.withTimeout("mirrorpilot-backfill", account.accountId(), account.region(), INVOCATION_TIMEOUT),
                    r -> System.out.printf("invocation %d: %s, %d created, read %.1f s%n", r.path("invocation").asInt(),
                            r.path("status").asText(), r.path("createdNow").asInt(), r.path("readSeconds").asDouble()));

            var last = results.get(results.size() - 1);
            var report = last.path("report");
            double mostPerInvocation = PACED.mutatingPerSecond() * (INVOCATION_TIMEOUT.toSeconds() - 1) + 5; // + the burst
            assertThat(results).hasSizeGreaterThanOrEqualTo((int) Math.ceil(initial.changes().size() / mostPerInvocation))
                    .hasSizeGreaterThanOrEqualTo(3);
            assertThat(results.subList(0, results.size() - 1)).allSatisfy(r -> assertThat(r.path("status").asText()).isEqualTo("continuing"));
            assertThat(last.path("status").asText()).isEqualTo("complete");
            assertThat(last.has("next")).isFalse();

            // Every mirrored ENI ends with exactly one MirrorPilot session; nothing alive was deleted. Sessions of a
            // terminating instance's delete-on-termination ENIs are left for AWS to delete with the ENI.
            var releasedByAws = initial.of(Action.Keep.class)
                    .filter(k -> k.reason().code() == dev.mirrorpilot.policy.plan.ReasonCode.RELEASED_WITH_INTERFACE)
                    .map(k -> k.source().eniId()).collect(Collectors.toSet());
            var managed = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                    .filter(s -> !releasedByAws.contains(s.sourceEniId())).toList();
            assertThat(managed.stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                    .allSatisfy((eni, n) -> assertThat(n).as(eni).isEqualTo(1L));
            assertThat(managed.stream().map(MirrorSession::sourceEniId).collect(Collectors.toSet())).containsAll(kept);
            var existedBefore = simulatorBefore.sessions().stream().map(MirrorSession::id).collect(Collectors.toSet());
            var createdByRun = managed.stream().filter(s -> !existedBefore.contains(s.id())).toList();
            assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isEqualTo(createdByRun.size());
            var finalPlan = Planner.plan(SeededSimulator.snapshot(simulator), POLICY, Scope.everything());
            assertThat(finalPlan.hasChanges()).isFalse();
            // An interrupted run re-plans the rest from what was done; it may settle on another assignment than one
            // uninterrupted plan, but not on less coverage: both cover as many ENIs as the free source slots allow.
            var uninterrupted = CoverageReport.of(simulatorBefore, POLICY, initial).total();
            var settled = CoverageReport.of(SeededSimulator.snapshot(simulator), POLICY, finalPlan).total();
            System.out.printf("uninterrupted plan: %d mirrored, %d uncovered; this run: %d mirrored, %d uncovered%n",
                    uninterrupted.mirrored() + uninterrupted.toCreate(), uninterrupted.uncovered(), settled.mirrored(),
                    settled.uncovered());
            assertThat(settled.mirrored()).isEqualTo(uninterrupted.mirrored() + uninterrupted.toCreate());
            assertThat(settled.uncovered()).isEqualTo(uninterrupted.uncovered());

            // Each invocation reads the 10,000 instances in a few dozen paginated EC2 Describe calls (one throttling
            // bucket), and the NLBs behind targets with Elastic Load Balancing's own reads: a call per 20 load
            // balancers, then one for the listeners and one for target health of each.
            var elbActions = java.util.Set.of("DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups",
                    "DescribeTargetHealth");
            long describes = simulator.calls().calls().entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
                    .filter(e -> !elbActions.contains(e.getKey())).mapToLong(e -> e.getValue()).sum();
            assertThat(describes).isLessThanOrEqualTo(50L * results.size());
            long nlbs = account.targets().stream().filter(t -> t.kind() == dev.mirrorpilot.policy.model.TargetKind.NETWORK_LOAD_BALANCER).count();
            long elbCalls = simulator.calls().calls().entrySet().stream().filter(e -> elbActions.contains(e.getKey()))
                    .mapToLong(e -> e.getValue()).sum();
            assertThat(elbCalls).isLessThanOrEqualTo((2 * nlbs + (nlbs + 19) / 20) * results.size());

            // The report is exact over the whole run: it tells the state the run left, by reason.
            assertThat(results.stream().mapToInt(r -> r.path("createdNow").asInt()).sum()).isEqualTo(createdByRun.size());
            assertThat(report.path("changes").path("created").asInt()).isEqualTo(createdByRun.size());
            assertThat(report.path("total").path("created").asInt()).isEqualTo(createdByRun.size());
            assertThat(report.path("total").path("pending").asInt()).isZero();
            assertThat(report.path("total").path("eligible").asInt()).isEqualTo(uninterrupted.eligible()).isEqualTo(settled.eligible());
            assertThat(report.path("total").path("mirrored").asInt()).isEqualTo(settled.mirrored());
            assertThat(report.path("total").path("uncovered").asInt()).isEqualTo(settled.uncovered());
            var byReason = new TreeMap<String, Integer>();
            settled.skippedByReason().forEach((code, n) -> byReason.put(code.label(), n));
            assertThat(JSON.convertValue(report.path("total").path("skippedByReason"), TreeMap.class)).isEqualTo(byReason);
            assertThat(report.path("invocations").asInt()).isEqualTo(results.size());
            var createdPerVpc = new TreeMap<String, Integer>();
            createdByRun.forEach(s -> createdPerVpc.merge(s.tags().get(dev.mirrorpilot.policy.model.ManagedTags.SOURCE_VPC), 1,
                    Integer::sum));
            assertThat(createdPerVpc(report)).isEqualTo(createdPerVpc);
        }
    }

    private static Map<String, Integer> createdPerVpc(JsonNode report) {
        var map = new TreeMap<String, Integer>();
        report.path("vpcs").forEach(v -> {
            if (v.path("created").asInt() > 0) {
                map.put(v.path("vpcId").asText(), v.path("created").asInt());
            }
        });
        return map;
    }
}
