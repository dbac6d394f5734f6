package dev.mirrorpilot.functions.backfill;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.local.LocalRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.faults.Faults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real backfill handler, real SDK clients and the simulator on the sample account. */
class BackfillHandlerTest {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final LocalContext CONTEXT = new LocalContext("mirrorpilot-backfill", ACCOUNT, REGION);
    /** No pacing to speak of: the pacing itself is measured by the benchmark and tested with a fake clock. */
    static final BackfillSettings FAST = new BackfillSettings(100, 10_000, java.time.Duration.ofSeconds(1), 50, true);
    static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../../events/sample-inventory.json")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static BackfillHandler handler(BackfillSettings settings) {
        var runtime = BackfillRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), settings, ACCOUNT, REGION);
        return new BackfillHandler(context -> runtime);
    }

    static JsonNode invoke(String payload) throws IOException {
        return LocalInvoker.invoke(handler(FAST), payload, CONTEXT);
    }

    private static long mutatingCalls() {
        var calls = simulator.calls();
        return calls.calls("CreateTrafficMirrorSession") + calls.calls("DeleteTrafficMirrorSession")
                + calls.calls("ModifyTrafficMirrorSession");
    }

    private static List<MirrorSession> managed() {
        return SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).toList();
    }

    private static Map<String, Integer> perVpc(JsonNode result, String field) {
        var map = new java.util.TreeMap<String, Integer>();
        result.path("report").path("vpcs").forEach(v -> map.put(v.path("vpcId").asText(), v.path(field).asInt()));
        return map;
    }

    /** The EMF records an invocation writes (Powertools prints them to standard output outside Lambda). */
    private static Map<String, Double> metricsOf(String payload) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        var console = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            invoke(payload);
        } finally {
            System.setOut(console);
        }
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var values = new java.util.TreeMap<String, Double>();
        for (var line : out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"CloudWatchMetrics\"")) {
                var record = json.readTree(line);
                record.at("/_aws/CloudWatchMetrics/0/Metrics").forEach(m -> values.put(m.path("Name").asText(),
                        record.path(m.path("Name").asText()).asDouble()));
            }
        }
        return values;
    }

    @Test
    void aWholeAccountRunWritesTheCoverageTheDashboardDrawsAndARunOverSomeVpcsDoesNot() throws IOException {
        var dry = metricsOf("{\"dryRun\": true}");
        var applied = invoke("{}");
        var after = metricsOf("{\"dryRun\": true}");
        var someVpcs = metricsOf("{\"dryRun\": true, \"vpcIds\": [\"vpc-0a2b3c4d5e6f70004\"]}");

        var total = applied.path("report").path("total");
        assertThat(dry).containsKeys("EligibleInterfaces", "MirroredInterfaces");
        assertThat(dry.get("EligibleInterfaces")).isEqualTo(total.path("eligible").asDouble());
        assertThat(dry.get("MirroredInterfaces")).isLessThan(after.get("MirroredInterfaces"));
        assertThat(after.get("MirroredInterfaces")).isEqualTo(total.path("mirrored").asDouble());
        assertThat(someVpcs).doesNotContainKeys("EligibleInterfaces", "MirroredInterfaces");
    }

    @Test
    void aTypeEc2RefusesIsReportedUnsupportedWithEc2sMessageAndTheNextRunDoesNotAskAgain() throws IOException {
        // The guide's list accepts m5.xlarge; this account's EC2 refuses it (etl-1 and etl-2 run it).
        simulator.state().refuseSourceTypes(java.util.Set.of("m5.xlarge"));
        var handler = handler(FAST);

        var first = LocalInvoker.invoke(handler, "{}", CONTEXT);
        long creates = simulator.calls().calls("CreateTrafficMirrorSession");
        var second = LocalInvoker.invoke(handler, "{}", CONTEXT);

        assertThat(first.path("unsupportedTypes").path("m5.xlarge").asText()).as(first.toString())
                .contains("not supported for traffic mirroring");
        assertThat(second.path("failedNow").asInt()).as(second.toString()).isZero();
        assertThat(simulator.calls().calls("CreateTrafficMirrorSession") - creates).as("no create asked again").isZero();
        assertThat(simulator.securityHub().all().toString()).contains("EC2 refused it");
    }

    @Test
    void aVpcTheAccountDoesNotHaveIsSaidNotRunSilentlyOnNothing() throws IOException {
        var unknown = invoke("{\"vpcIds\": [\"vpc-0123456789abcdef0\"]}");
        var mixed = invoke("{\"dryRun\": true, \"vpcIds\": [\"vpc-0123456789abcdef0\", \"vpc-0a2b3c4d5e6f70002\"]}");

        assertThat(unknown.path("status").asText()).as(unknown.toString()).isEqualTo("rejected");
        assertThat(unknown.path("errors").toString()).contains("vpc-0123456789abcdef0 is not a VPC of account");
        assertThat(mutatingCalls()).isZero();
        assertThat(mixed.path("status").asText()).isEqualTo("dry-run");
        assertThat(mixed.path("errors").toString()).contains("vpc-0123456789abcdef0");
    }

    @Test
    void malformedPayloadIsRefusedBeforeAnythingIsReadOrChanged() throws IOException {
        var result = invoke("{\"dryRun\": false, \"vpcIds\": [\"vpc-nope\"], \"maxChanges\": -1, \"speed\": 11}");

        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("errors")).hasSize(3);
        assertThat(result.path("errors").toString()).contains("vpcIds[0]").contains("maxChanges").contains("'speed'");
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void dryRunChangesNothingAndReportsWhatAnApplyWouldDo() throws IOException {
        var before = SeededSimulator.sessions(simulator);

        var dry = invoke("{\"dryRun\": true}");

        assertThat(dry.path("status").asText()).isEqualTo("dry-run");
        assertThat(mutatingCalls()).isZero();
        assertThat(simulator.calls().calls("BatchImportFindings")).isZero();
        assertThat(SeededSimulator.sessions(simulator)).isEqualTo(before);

        var applied = invoke("{}");

        assertThat(applied.path("status").asText()).isEqualTo("complete");
        assertThat(perVpc(dry, "pending")).isEqualTo(perVpc(applied, "created"));
        assertThat(perVpc(dry, "uncovered")).isEqualTo(perVpc(applied, "uncovered"));
        assertThat(perVpc(dry, "eligible")).isEqualTo(perVpc(applied, "eligible"));
    }

    @Test
    void applyMirrorsEveryEligibleEniOnceAndReportsIt() throws IOException {
        var foreign = SeededSimulator.sessions(simulator).stream().filter(s -> !s.isManaged()).toList();

        var result = invoke("{}");

        var total = result.path("report").path("total");
        assertThat(result.path("status").asText()).isEqualTo("complete");
        assertThat(total.path("pending").asInt()).isZero();
        assertThat(total.path("mirrored").asInt() + total.path("uncovered").asInt()).isEqualTo(total.path("eligible").asInt());
        assertThat(total.path("created").asInt()).isEqualTo(result.path("report").path("changes").path("created").asInt())
                .isPositive();
        assertThat(managed().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                .allSatisfy((eni, n) -> assertThat(n).isEqualTo(1L));
        assertThat(SeededSimulator.sessions(simulator)).containsAll(foreign);
        assertThat(Planner.plan(SeededSimulator.snapshot(simulator), MirrorPolicy.defaults(), Scope.everything()).hasChanges()).isFalse();
        assertThat(result.path("report").path("targets")).anySatisfy(t -> assertThat(t.path("limit").asInt()).isEqualTo(10));
    }

    @Test
    void findingsAreRaisedForWhatAPersonMustFixAndArchivedWhenTheWorkloadGoes() throws IOException {
        var first = invoke("{}");

        // One finding per uncovered workload, and one for the Sensor target that cannot receive (vectra-sensor-e, stopped).
        assertThat(first.path("unusableTargets").asInt()).isEqualTo(1);
        // The alarmed count leaves out what only a new instance type can fix (the T2 and the bare-metal instance).
        assertThat(first.path("actionableUncoveredWorkloads").asInt()).isEqualTo(first.path("uncoveredWorkloads").asInt() - 2);
        assertThat(first.path("findings").path("active").asInt())
                .isEqualTo(first.path("uncoveredWorkloads").asInt() + 1).isPositive();
        assertThat(simulator.securityHub().all()).hasSize(first.path("uncoveredWorkloads").asInt() + 1);
        assertThat(simulator.securityHub().all()).anySatisfy(f -> assertThat(f.path("Title").asText()).contains("vectra-sensor-e"));
        var t2 = "i-0a2b3c4d5e6f70028"; // legacy-reporting, a T2: its type cannot be mirrored
        assertThat(simulator.securityHub().all()).anySatisfy(f -> assertThat(f.path("Id").asText()).endsWith(t2));

        simulator.state().terminate(t2);
        var second = invoke("{}");

        assertThat(second.path("findings").path("archived").asInt()).isEqualTo(1);
        assertThat(simulator.securityHub().all()).filteredOn(f -> f.path("Id").asText().endsWith(t2)).singleElement()
                .satisfies(f -> assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED"));
    }

    @Test
    void aDisabledSecurityHubIsReportedAndTheCoverageWorkStillCompletes() throws IOException {
        simulator.securityHub().enabled(false);

        var result = invoke("{}");

        assertThat(result.path("status").asText()).isEqualTo("complete");
        assertThat(result.path("findings").path("error").asText()).contains("not enabled").contains("PublishFindings=false");
    }

    @Test
    void maxChangesStopsTheRunAndSaysSo() throws IOException {
        var result = invoke("{\"maxChanges\": 3}");

        assertThat(result.path("status").asText()).isEqualTo("limit-reached");
        assertThat(mutatingCalls()).isEqualTo(3);
        assertThat(result.path("report").path("total").path("pending").asInt()).isPositive();
        assertThat(result.has("next")).isFalse();
    }

    @Test
    void aVpcListLimitsTheRunToThoseVpcs() throws IOException {
        var vpc = "vpc-0a2b3c4d5e6f70002";

        var result = invoke("{\"vpcIds\": [\"" + vpc + "\"]}");

        assertThat(result.path("report").path("vpcs")).allSatisfy(v -> assertThat(v.path("vpcId").asText()).isEqualTo(vpc));
        assertThat(SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> !vpc.equals(s.tags().get("mirrorpilot:source-vpc")))).allSatisfy(s ->
                assertThat(SeededSimulator.sessions(simulator)).contains(s));
    }

    @Test
    void aRoleWithoutCreatePermissionStopsAtTheFirstRefusal() throws IOException {
        simulator.faults().deny("CreateTrafficMirrorSession");

        var result = invoke("{}");

        assertThat(result.path("status").asText()).isEqualTo("permission-denied");
        assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isEqualTo(1);
        assertThat(result.path("failures").path(0).path("code").asText()).isEqualTo("UnauthorizedOperation");
        assertThat(result.path("failedNow").asInt()).isEqualTo(1);
    }

    @Test
    void badSettingsAreAllReportedAndNothingRuns() {
        assertThatThrownBy(() -> BackfillRuntime.fromEnvironment(Map.of("AWS_REGION", REGION,
                BackfillSettings.SHARE, "0", BackfillSettings.FINDINGS, "maybe", BackfillSettings.STOP_MARGIN, "5m"),
                "arn:aws:lambda:eu-west-1:111122223333:function:mirrorpilot-backfill"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(BackfillSettings.SHARE).hasMessageContaining(BackfillSettings.FINDINGS)
                .hasMessageContaining(BackfillSettings.STOP_MARGIN);
    }

    @Test
    void createsFailingOnEveryRetryEndTheRunIncompleteInsteadOfLoopingForever() throws IOException {
        simulator.faults().set("CreateTrafficMirrorSession", new Faults.ActionFaults(0, 0, 1.0, 503, 0));

        var results = LocalRun.follow(handler(FAST), "{}", () -> CONTEXT, r -> { });

        // The first invocation deletes the orphan (progress) and hands on; the second gets nowhere and stops.
        assertThat(results).extracting(r -> r.path("status").asText()).containsExactly("continuing", "incomplete");
        assertThat(results).extracting(r -> r.path("stoppedBy").asText()).containsOnly("transient-failures");
        assertThat(results.get(1).path("report").path("total").path("pending").asInt()).isPositive();
        assertThat(results.get(1).path("report").path("changes").path("deleted").asInt()).isEqualTo(1);
    }

    @Test
    void eachInvocationWaitsUntilItsSessionsAreVisibleSoTheNextDoesNotCreateThemAgain() throws IOException {
        simulator.faults().sessionLagSeconds(0.5);
        // A deadline already reached: every invocation makes its one change and hands on.
        var results = LocalRun.follow(handler(FAST), "{}",
                () -> LocalContext.withTimeout("mirrorpilot-backfill", ACCOUNT, REGION, java.time.Duration.ofSeconds(1)), r -> { });

        var last = results.get(results.size() - 1);
        assertThat(results).hasSizeGreaterThan(5);
        assertThat(last.path("status").asText()).isEqualTo("complete");
        assertThat(results.subList(0, results.size() - 1)).allSatisfy(r -> assertThat(r.path("createdVisible").asBoolean()).isTrue());
        assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isEqualTo(last.path("report").path("changes")
                .path("created").asLong());
        assertThat(managed().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                .allSatisfy((eni, n) -> assertThat(n).isEqualTo(1L));
    }

    @Test
    void aRoleThatMayNotDescribeTheAccountGetsAFailedResultAndNothingChanges() throws IOException {
        simulator.faults().deny("DescribeNetworkInterfaces");

        var result = invoke("{}");

        assertThat(result.path("status").asText()).isEqualTo("failed");
        assertThat(result.path("code").asText()).isEqualTo("UnauthorizedOperation");
        assertThat(mutatingCalls()).isZero();
    }

    @Test
    void aContinuationDeliveredTwiceCreatesNothingTwice() throws IOException {
        var first = LocalInvoker.invoke(handler(FAST), "{}",
                LocalContext.withTimeout("mirrorpilot-backfill", ACCOUNT, REGION, java.time.Duration.ofSeconds(1)));
        var next = first.path("next").toString();

        // Step Functions retried a task whose invocation had in fact run: the same payload arrives twice, at once.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> LocalInvoker.invoke(handler(FAST), next, CONTEXT));
            var b = pool.submit(() -> LocalInvoker.invoke(handler(FAST), next, CONTEXT));
            assertThat(a.get().path("status").asText()).isIn("complete", "incomplete");
            assertThat(b.get().path("status").asText()).isIn("complete", "incomplete");
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdown();
        }

        assertThat(managed().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                .allSatisfy((eni, n) -> assertThat(n).as(eni).isEqualTo(1L));
        assertThat(Planner.plan(SeededSimulator.snapshot(simulator), MirrorPolicy.defaults(), Scope.everything()).hasChanges()).isFalse();
    }

    @Test
    void twoRunsAtOnceLeaveAtMostDuplicatesThatTheNextRunRemoves() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> invoke("{}"));
            var b = pool.submit(() -> invoke("{}"));
            a.get();
            b.get();
        } finally {
            pool.shutdown();
        }
        var foreign = SeededSimulator.sessions(simulator).stream().filter(s -> !s.isManaged()).toList();

        var third = invoke("{}");

        assertThat(third.path("status").asText()).isEqualTo("complete");
        assertThat(managed().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                .allSatisfy((eni, n) -> assertThat(n).as(eni).isEqualTo(1L));
        assertThat(SeededSimulator.sessions(simulator)).containsAll(foreign);
        assertThat(Planner.plan(SeededSimulator.snapshot(simulator), MirrorPolicy.defaults(), Scope.everything()).hasChanges()).isFalse();
    }

    @Test
    void aRunMeasuresDeliveryAfterwardsAndReportsAWorkloadMirroredIntoATargetThatDropsEverything() throws IOException {
        // A network ACL on vectra-sensor-a's subnet drops UDP 4789: its sessions exist, nothing arrives.
        simulator.delivery().dropAt("tmt-0a2b3c4d5e6f70049");

        var result = invoke("{\"dryRun\": false}");

        var delivery = result.path("delivery");
        assertThat(delivery.path("verifiedInterfaces").asInt()).as(delivery.toString()).isPositive()
                .isLessThan(result.path("report").path("total").path("mirrored").asInt());
        var onSensorA = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> s.targetId().equals("tmt-0a2b3c4d5e6f70049")).count();
        assertThat(delivery.path("notDelivered").findValuesAsText("verdict")).isNotEmpty().allMatch("lost_before_target"::equals)
                .hasSizeLessThanOrEqualTo((int) onSensorA);
        var findings = simulator.securityHub().all().stream()
                .filter(f -> f.path("GeneratorId").asText().equals("mirrorpilot/delivery")).toList();
        assertThat(findings).hasSize(delivery.path("notDelivered").size())
                .allMatch(f -> f.path("RecordState").asText().equals("ACTIVE"));

        // The ACL is fixed: the next run verifies them and archives the findings.
        simulator.delivery().clear();
        var again = invoke("{\"dryRun\": false}");

        assertThat(again.path("delivery").path("notDelivered")).isEmpty();
        assertThat(simulator.securityHub().all().stream().filter(f -> f.path("GeneratorId").asText().equals("mirrorpilot/delivery")))
                .isNotEmpty().allMatch(f -> f.path("RecordState").asText().equals("ARCHIVED"));
    }

    @Test
    void aRunningSurgeKeepsItsFindingAndTheRunAfterItsExpiryArchivesIt() throws IOException {
        invoke("{\"dryRun\": false}");
        var session = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).findFirst().orElseThrow();
        simulator.state().changeTags(List.of(session.id()), Map.of("mirrorpilot:surge-until",
                java.time.Instant.now().plusSeconds(3600).toString(), "mirrorpilot:surge-reason", "GuardDuty test"), false);

        invoke("{\"dryRun\": false}");
        var surge = simulator.securityHub().all().stream().filter(f -> f.path("GeneratorId").asText().equals("mirrorpilot/surge")).toList();
        assertThat(surge).hasSize(1).allMatch(f -> f.path("RecordState").asText().equals("ACTIVE"));

        simulator.state().changeTags(List.of(session.id()), Map.of("mirrorpilot:surge-until",
                java.time.Instant.now().minusSeconds(60).toString()), false);
        invoke("{\"dryRun\": false}");

        assertThat(simulator.securityHub().all().stream().filter(f -> f.path("GeneratorId").asText().equals("mirrorpilot/surge")))
                .hasSize(1).allMatch(f -> f.path("RecordState").asText().equals("ARCHIVED"));
        assertThat(SeededSimulator.sessions(simulator).stream().filter(s -> s.id().equals(session.id())).findFirst().orElseThrow()
                .tags().get("mirrorpilot:surge-until")).as("the surge tags come off").isNull();
    }
}
