package dev.mirrorpilot.functions.rebalance;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.faults.Faults;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The rebalance function end to end: real handler, real SDK clients, the simulator's EC2 and CloudWatch. */
class RebalanceScenarioTest {
    private static final MirrorPolicy POLICY = MirrorPolicy.defaults();
    /** The sample account with two more web servers on vectra-sensor-a: 10 sources where the headroom is 8. */
    private static final Inventory ACCOUNT = InventoryFile.read(Path.of("../../events/crowded-sensor-inventory.json"));
    private static final String CROWDED = "tmt-0a2b3c4d5e6f70049";
    private static final String NLB = "tmt-0a2b3c4d5e6f7004b";

    private static JsonNode invoke(Simulator simulator, String payload) throws IOException {
        return invoke(simulator, POLICY, payload);
    }

    private static JsonNode invoke(Simulator simulator, MirrorPolicy policy, String payload) throws IOException {
        var runtime = RebalanceRuntime.forEndpoint(simulator.endpoint(), policy, RebalanceOptions.defaults(),
                ACCOUNT.accountId(), ACCOUNT.region());
        return LocalInvoker.invoke(new RebalanceHandler(context -> runtime), payload,
                new LocalContext("mirrorpilot-rebalance", ACCOUNT.accountId(), ACCOUNT.region()));
    }

    private static String targetTag(Simulator simulator, String targetId) {
        return SeededSimulator.snapshot(simulator).targets().stream().filter(t -> t.id().equals(targetId)).findFirst()
                .orElseThrow().tags().get("mirrorpilot:rebalance");
    }

    private static Map<String, MirrorSession> byId(Simulator simulator) {
        return SeededSimulator.sessions(simulator).stream().collect(Collectors.toMap(MirrorSession::id, Function.identity()));
    }

    private static Map<String, Long> sourcesPerTarget(Map<String, MirrorSession> sessions) {
        return sessions.values().stream().collect(Collectors.groupingBy(MirrorSession::targetId,
                Collectors.mapping(MirrorSession::sourceEniId, Collectors.collectingAndThen(Collectors.toSet(), s -> (long) s.size()))));
    }

    @Test
    void crowdedTargetsAreRelievedInPlaceForeignSessionsUntouchedAndASecondRunMovesNothing() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var before = byId(simulator);
            var loadsBefore = sourcesPerTarget(before);

            var result = invoke(simulator, "{}");

            // 10 sources on vectra-sensor-a, headroom 8, low water 6: four move, to the NLB (no source limit, a
            // c5n.18xlarge behind it). The Sensor, an r5n.xlarge (2 Gbps), also gets more than 80 % of its rating at
            // p95, so the heaviest talkers go first.
            assertThat(result.path("status").asText()).isEqualTo("complete");
            assertThat(result.path("movesMade").asInt()).isEqualTo(4).isEqualTo(result.path("movesPlanned").asInt());
            assertThat(result.path("lowerBound").asInt()).isEqualTo(4);
            assertThat(result.path("shortfalls")).isEmpty();
            var after = byId(simulator);
            assertThat(after.keySet()).isEqualTo(before.keySet()); // nothing created or deleted
            var moved = after.values().stream().filter(s -> !s.targetId().equals(before.get(s.id()).targetId())).toList();
            assertThat(moved).hasSize(result.path("movesMade").asInt()).allSatisfy(s -> {
                var old = before.get(s.id());
                assertThat(s.isManaged()).as(s.id()).isTrue();
                assertThat(s.sessionNumber()).isEqualTo(old.sessionNumber());
                assertThat(s.filterId()).isEqualTo(old.filterId());
                assertThat(s.virtualNetworkId()).isEqualTo(old.virtualNetworkId());
            });
            assertThat(after.values().stream().filter(s -> !s.isManaged())).allSatisfy(s -> assertThat(s).isEqualTo(before.get(s.id())));
            // Sessions left crowded targets only: every target they left has fewer sources now, none ends above 10
            // unless it already was (listed Sensor types take 100).
            var loadsAfter = sourcesPerTarget(after);
            assertThat(loadsAfter.get(CROWDED)).isEqualTo(6L);
            assertThat(moved).allSatisfy(s -> assertThat(s.targetId()).isEqualTo(NLB));
            assertThat(result.path("moves").get(0).path("instanceId").asText()).isEqualTo("i-0a2b3c4d5e6f70020"); // web-5, 0.9 Gbps
            moved.forEach(s -> assertThat(loadsAfter.getOrDefault(before.get(s.id()).targetId(), 0L))
                    .isLessThan(loadsBefore.get(before.get(s.id()).targetId())));
            assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
            assertThat(simulator.calls().calls("DeleteTrafficMirrorSession")).isZero();
            assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isEqualTo(moved.size());
            long getMetricData = simulator.calls().calls("GetMetricData");
            int sources = result.path("sourcesMeasured").asInt() + result.path("sourcesAtDefault").asInt();
            assertThat(getMetricData).isPositive().isLessThanOrEqualTo((sources * 4L + 499) / 500);

            var second = invoke(simulator, "{}");

            assertThat(second.path("movesPlanned").asInt()).isZero();
            assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isEqualTo(moved.size());
        }
    }

    @Test
    void dryRunListsTheMovesAndChangesNothing() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var before = byId(simulator);

            var result = invoke(simulator, "{\"dryRun\": true}");

            assertThat(result.path("status").asText()).isEqualTo("dry-run");
            assertThat(result.path("movesPlanned").asInt()).isPositive();
            assertThat(result.path("moves")).isNotEmpty().allSatisfy(m -> assertThat(m.path("why").asText()).contains("->"));
            assertThat(byId(simulator)).isEqualTo(before);
            assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isZero();
        }
    }

    @Test
    void throttledMovesAreRetriedAndSlowTheRunsOwnPacing() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            // EC2 throttles the next two ModifyTrafficMirrorSession calls; the SDK retries them.
            simulator.faults().set("ModifyTrafficMirrorSession", new Faults.ActionFaults(2, 0, 503, 0));

            var result = invoke(simulator, "{}");

            assertThat(result.path("status").asText()).isEqualTo("complete");
            assertThat(result.path("movesMade").asInt()).isEqualTo(4);
            assertThat(simulator.calls().throttledCalls("ModifyTrafficMirrorSession")).isEqualTo(2);
            assertThat(result.path("throttledAttempts").asLong()).isEqualTo(2);
            // The watch slowed the pacer that spaced the moves, not a copy of it.
            assertThat(result.path("mutationsPerSecondAtEnd").asDouble())
                    .isLessThan(result.path("mutationsPerSecond").asDouble());
        }
    }

    @Test
    void atMostMaxMovesAreMadeAndTheRestIsLeftForTheNextRun() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var result = invoke(simulator, "{\"maxMoves\": 2}");

            assertThat(result.path("movesMade").asInt()).isEqualTo(2);
            assertThat(result.path("status").asText()).isEqualTo("partial");
            assertThat(result.path("deferred").asInt()).isEqualTo(2);
            assertThat(result.path("drainingMarks").path("marked").toString()).contains(CROWDED);

            // The target is now at its headroom, below the trigger: only the mark makes the next run finish the job.
            var next = invoke(simulator, "{\"dryRun\": false}");

            assertThat(next.path("movesMade").asInt()).as(next.toString()).isEqualTo(2);
            assertThat(next.path("drainingMarks").path("unmarked").toString()).contains(CROWDED);
            assertThat(SeededSimulator.snapshot(simulator).targets().stream().filter(t -> t.id().equals(CROWDED)).findFirst()
                    .orElseThrow().tags().get("mirrorpilot:rebalance")).isNull();
            assertThat(invoke(simulator, "{\"dryRun\": false}").path("movesMade").asInt()).isZero();
        }
    }

    @Test
    void nearLimitEventFromAttachOnLaunchStartsARealRun() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var event = "{\"version\":\"0\",\"id\":\"e1\",\"source\":\"mirrorpilot\",\"detail-type\":\""
                    + RebalanceRequest.NEAR_LIMIT_DETAIL_TYPE + "\",\"account\":\"" + ACCOUNT.accountId() + "\",\"region\":\""
                    + ACCOUNT.region() + "\",\"detail\":{\"targetId\":\"" + CROWDED + "\"}}";

            var result = invoke(simulator, event);

            assertThat(result.path("trigger").asText()).isEqualTo("near-limit:" + CROWDED);
            assertThat(result.path("dryRun").asBoolean()).isFalse();
            assertThat(result.path("movesMade").asInt()).isPositive();
        }
    }

    @Test
    void ambiguousOrUnknownPayloadIsRefusedBeforeAnythingIsRead() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            for (var payload : new String[] {"{\"dryRun\": true, \"dryRun\": false}", "{\"dryrun\": true}",
                    "{\"maxMoves\": -1}", "[1]", "{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change Notification\"}",
                    "", "{\"dryRun\": false}{\"dryRun\": true}",
                    "{\"id\":\"e2\",\"source\":\"mirrorpilot\",\"detail-type\":\"" + RebalanceRequest.NEAR_LIMIT_DETAIL_TYPE
                            + "\",\"account\":\"444455556666\",\"region\":\"" + ACCOUNT.region() + "\",\"detail\":{\"targetId\":\""
                            + CROWDED + "\"}}"}) {
                var result = invoke(simulator, payload);

                assertThat(result.path("status").asText()).as(payload).isEqualTo("rejected");
                assertThat(result.path("errors")).as(payload).isNotEmpty();
            }
            assertThat(simulator.calls().calls()).isEmpty();
        }
    }

    @Test
    void crowdedTargetNothingCanRelieveRaisesAFindingSayingWhatToAddArchivedOnceRelieved() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var onlyCrowded = POLICY.toBuilder().targets(new dev.mirrorpilot.policy.config.Selection.ByIds(
                    java.util.Set.of(CROWDED))).build();

            var stuck = invoke(simulator, onlyCrowded, "{}");

            assertThat(stuck.path("movesMade").asInt()).isZero();
            assertThat(stuck.path("shortfalls")).singleElement()
                    .satisfies(s -> assertThat(s.path("advice").asText()).contains("behind a Network Load Balancer"));
            assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isZero();
            // Marked, so that placement sends new sources elsewhere first while it stays crowded.
            assertThat(stuck.path("drainingMarks").path("marked").toString()).contains(CROWDED);
            assertThat(targetTag(simulator, CROWDED)).isEqualTo("draining");
            var findings = simulator.securityHub().all();
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.path("GeneratorId").asText()).isEqualTo("mirrorpilot/capacity");
                assertThat(f.path("Id").asText()).endsWith(CROWDED);
                assertThat(f.path("RecordState").asText()).isEqualTo("ACTIVE");
                assertThat(f.at("/Remediation/Recommendation/Text").asText()).contains("Network Load Balancer");
            });

            var relieved = invoke(simulator, "{}");

            assertThat(relieved.path("movesMade").asInt()).isEqualTo(4);
            assertThat(relieved.at("/findings/archived").asInt()).isEqualTo(1);
            assertThat(relieved.path("drainingMarks").path("unmarked").toString()).contains(CROWDED);
            assertThat(targetTag(simulator, CROWDED)).isNull();
            assertThat(simulator.securityHub().all()).singleElement()
                    .satisfies(f -> assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED"));
        }
    }

    @Test
    void dryRunWritesNoFindings() throws IOException {
        try (var simulator = SeededSimulator.start(ACCOUNT)) {
            var onlyCrowded = POLICY.toBuilder().targets(new dev.mirrorpilot.policy.config.Selection.ByIds(
                    java.util.Set.of(CROWDED))).build();

            invoke(simulator, onlyCrowded, "{\"dryRun\": true}");

            assertThat(simulator.securityHub().all()).isEmpty();
        }
    }
}
