package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The brain-health function end to end: the simulator's Secrets Manager, CloudWatch Logs and Security Hub, the HTTPS Brain stand-in. */
class BrainHealthScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "/mirrorpilot/brain-health";
    private Simulator simulator;
    private BrainStandIn brain;
    private BrainHealthRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../../events/brain-health/account-inventory.json")));
        brain = BrainStandIn.start();
        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/healthy-v2.5.json")));
        var secret = JSON.createObjectNode().put("clientId", BrainStandIn.CLIENT_ID).put("clientSecret", BrainStandIn.CLIENT_SECRET)
                .put("caBundle", brain.certificatePem());
        var arn = simulator.secrets().put("mirrorpilot/brain", secret.toString());
        var env = new HashMap<String, String>(Map.of(BrainHealthSettings.URL, brain.url().toString(), BrainHealthSettings.API, "v3.4",
                BrainHealthSettings.SECRET, arn));
        runtime = BrainHealthRuntime.forEndpoint(simulator.endpoint(), BrainHealthSettings.fromEnvironment(env), "111122223333",
                "eu-west-1");
    }

    @AfterEach
    void stop() {
        brain.close();
        simulator.close();
    }

    private JsonNode poll() throws Exception {
        return LocalInvoker.invoke(new BrainHealthHandler(context -> runtime), "{}",
                LocalContext.withTimeout("mirrorpilot-brain-health", "111122223333", "eu-west-1", java.time.Duration.ofSeconds(60)));
    }

    /** One poll's result and what the function printed meanwhile (its log lines go to standard output). */
    private record Polled(JsonNode result, String console) {
    }

    private Polled pollCapturingTheConsole() throws Exception {
        var console = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            var result = poll();
            return new Polled(result, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(console);
        }
    }

    private java.util.List<String> stream() {
        return simulator.logs().messages(GROUP, "localhost");
    }

    @Test
    void aHealthyBrainIsLoggedPerCheckAndSensorInAStreamOfItsOwnWithNoFinding() throws Exception {
        var result = poll();

        assertThat(result.path("status").asText()).isEqualTo("healthy");
        assertThat(result.path("sensors")).hasSize(2);
        assertThat(stream()).hasSize(8).last().asString().contains("\"type\":\"snapshot\"");
        assertThat(simulator.logs().retentionDays(GROUP)).contains(30);
        assertThat(simulator.securityHub().all()).isEmpty();
    }

    @Test
    void aSensorThatStopsPairingIsATransitionAndAFindingArchivedWhenItPairsAgain() throws Exception {
        poll();
        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/degraded-v3.4.json")));

        var degraded = poll();

        assertThat(degraded.path("status").asText()).isEqualTo("unhealthy");
        assertThat(stream()).anySatisfy(e -> assertThat(e).contains("\"type\":\"transition\"")
                .contains("\"subject\":\"sensor:def456\"").contains("\"to\":\"DOWN\""));
        assertThat(simulator.securityHub().all()).anySatisfy(f -> {
            assertThat(f.path("Title").asText()).isEqualTo("Vectra Sensor vectra-sensor-b (def456) is not paired with its Brain");
            // Its IP is the capture ENI of vectra-sensor-b's instance in this account: the finding names the instance.
            assertThat(f.at("/Resources/0/Type").asText()).isEqualTo("AwsEc2Instance");
            assertThat(f.at("/Resources/0/Id").asText()).endsWith(":instance/i-0a2b3c4d5e6f70012");
        });
        // A Brain check has no instance: a resource of type Other.
        assertThat(simulator.securityHub().all()).anySatisfy(f -> {
            assertThat(f.path("Title").asText()).contains("disk.raid_disks_missing");
            assertThat(f.at("/Resources/0/Type").asText()).isEqualTo("Other");
        });
        int active = simulator.securityHub().all().size();

        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/healthy-v2.5.json")));
        var healthy = poll();

        assertThat(healthy.at("/findings/archived").asInt()).isEqualTo(active);
        assertThat(simulator.securityHub().all()).allSatisfy(f -> assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED"));
    }

    @Test
    void anUnreachableBrainIsAResultWithAFindingNotAFailure() throws Exception {
        poll();
        brain.failNext(503, 5, null);

        var result = poll();

        assertThat(result.path("status").asText()).isEqualTo("unreachable");
        assertThat(result.path("reason").asText()).isEqualTo("server_error");
        assertThat(stream()).anySatisfy(e -> assertThat(e).contains("\"from\":\"reachable\"").contains("\"to\":\"unreachable\""));
        assertThat(simulator.securityHub().all()).singleElement()
                .satisfies(f -> assertThat(f.path("Severity").path("Label").asText()).isEqualTo("HIGH"));
    }

    @Test
    void noLogLineOrResultEverHoldsTheSecret() throws Exception {
        var console = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String results;
        try {
            var a = poll();
            brain.failNext(401, 10, null); // refused credentials: the message names the problem, not the secret
            var b = poll();
            results = a.toString() + b;
        } finally {
            System.setOut(console);
        }
        var everything = captured.toString(StandardCharsets.UTF_8) + results + String.join("\n", stream())
                + simulator.securityHub().all();

        // The scan proves something only if the function's log lines reached the console at all.
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("\"level\":\"WARN\"");
        assertThat(everything).contains("credentials").doesNotContain(BrainStandIn.CLIENT_SECRET);
    }

    @Test
    void aSecretHoldingALineBreakOrAnInvisibleCharacterIsRefusedWithoutEverBeingPrinted() throws Exception {
        for (var hostile : new String[] {"SEKRET-ONE\nX-Injected: SEKRET-TWO", "SEKRET-THREE\u200bSEKRET-FOUR", "SEKRET FIVE"}) {
            simulator.secrets().put("mirrorpilot/brain", JSON.createObjectNode().put("clientId", BrainStandIn.CLIENT_ID)
                    .put("clientSecret", hostile).put("caBundle", brain.certificatePem()).toString());
            var polled = pollCapturingTheConsole();
            var result = polled.result();
            var everything = polled.console() + result + String.join("\n", stream()) + simulator.securityHub().all();

            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("secret-invalid");
            assertThat(everything).contains("cannot be sent").doesNotContain("SEKRET");
        }
    }

    @Test
    void anApiTokenHoldingALineBreakIsRefusedWithoutEverBeingPrinted() throws Exception {
        var arn = simulator.secrets().put("mirrorpilot/brain", JSON.createObjectNode()
                .put("apiToken", "SEKRET-ONE\r\nX-Injected: SEKRET-TWO").put("caBundle", brain.certificatePem()).toString());
        runtime = BrainHealthRuntime.forEndpoint(simulator.endpoint(), BrainHealthSettings.fromEnvironment(Map.of(
                BrainHealthSettings.URL, brain.url().toString(), BrainHealthSettings.API, "v2.5", BrainHealthSettings.SECRET, arn)),
                "111122223333", "eu-west-1");
        var polled = pollCapturingTheConsole();
        var result = polled.result();

        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("secret-invalid");
        assertThat(polled.console() + result).contains("character 11 of").doesNotContain("SEKRET");
        assertThat(brain.calls("/api/v2.5/health")).isZero();
    }

    @Test
    void aMissingSecretIsSaidWithItsArnAndNothingIsAskedOfTheBrain() throws Exception {
        simulator.secrets().reset();

        var result = poll();

        assertThat(result.path("status").asText()).isEqualTo("secret-unavailable");
        assertThat(brain.calls("/oauth2/token")).isZero();
    }

    @Test
    void aSensorReportedDownIsRecordedOnItsMirrorTargetAndBackToOkWhenItPairsAgain() throws Exception {
        var sensorB = "tmt-0a2b3c4d5e6f7004a"; // vectra-sensor-b's capture ENI, 10.10.1.12 in the Brain's answer
        var first = poll();
        assertThat(first.path("targetsTagged").path(sensorB).asText()).isEqualTo("ok");

        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/degraded-v3.4.json")));
        var degraded = poll();

        assertThat(degraded.path("targetsTagged").path(sensorB).asText()).isEqualTo("down");
        // The NLB target fronts vectra-sensor-c (10.30.0.14), whose connectivity is WARNING.
        assertThat(degraded.path("targetsTagged").path("tmt-0a2b3c4d5e6f7004b").asText()).isEqualTo("degraded");
        assertThat(SeededSimulator.snapshot(simulator).targets().stream().filter(t -> t.id().equals(sensorB)).findFirst().orElseThrow()
                .tags().get("mirrorpilot:sensor-health")).isEqualTo("down");
        var again = poll();
        assertThat(again.path("targetsTagged").has(sensorB)).isFalse(); // written only when it changes
    }

    @Test
    void aMalformedAnswerWritesNoSensorStateAndKeepsTheLastKnownOnes() throws Exception {
        poll();
        int before = stream().size();
        for (var bad : new String[] {"<html>login</html>", "{\"sensors\": {}}", "{\"sensors\": [], \"sensors\": []}", ""}) {
            brain.health(bad.getBytes(StandardCharsets.UTF_8));

            var result = poll();

            assertThat(result.path("status").asText()).as(bad).isEqualTo("unreachable");
            assertThat(result.path("reason").asText()).as(bad).isEqualTo("malformed");
            assertThat(result.path("sensors")).as(bad).isEmpty();
        }
        var written = stream().subList(before, stream().size());
        assertThat(written).noneSatisfy(e -> assertThat(e).contains("\"type\":\"sensor\""))
                .noneSatisfy(e -> assertThat(e).contains("login"));
        // The Sensors' last known states are carried in every snapshot while the Brain's answers cannot be read.
        assertThat(written.get(written.size() - 1)).contains("\"sensor:def456\":\"OK\"");
    }

    private static final String SENSOR_A_TARGET = "tmt-0a2b3c4d5e6f70049";
    private static final String SENSOR_B_TARGET = "tmt-0a2b3c4d5e6f7004a";

    /** The healthy answer with its sensors list changed. */
    private byte[] healthyWith(java.util.function.Consumer<com.fasterxml.jackson.databind.node.ArrayNode> change) throws Exception {
        var answer = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(
                Path.of("../../events/brain-health/healthy-v2.5.json").toFile());
        change.accept((com.fasterxml.jackson.databind.node.ArrayNode) answer.get("sensors"));
        return JSON.writeValueAsBytes(answer);
    }

    private String healthTag(String target) {
        return SeededSimulator.snapshot(simulator).targets().stream().filter(t -> t.id().equals(target)).findFirst().orElseThrow()
                .tags().get("mirrorpilot:sensor-health");
    }

    @Test
    void aSensorTheBrainNoLongerListsGoesUnknownNotAStaleOk() throws Exception {
        poll();
        assertThat(healthTag(SENSOR_B_TARGET)).isEqualTo("ok");
        brain.health(healthyWith(sensors -> sensors.remove(1)));

        var result = poll();

        assertThat(result.path("targetsTagged").path(SENSOR_B_TARGET).asText()).isEqualTo("unknown");
        assertThat(healthTag(SENSOR_B_TARGET)).isEqualTo("unknown");
        assertThat(healthTag(SENSOR_A_TARGET)).isEqualTo("ok");
    }

    @Test
    void contradictoryRecordsForOneAddressChangeNoTagAndAreReported() throws Exception {
        poll();
        // A stale record of vectra-sensor-b at the same address says it is not paired; the live one says paired.
        brain.health(healthyWith(sensors -> sensors.addObject().put("name", "vectra-sensor-b-old").put("luid", "zzz999")
                .put("status", "unpaired").put("ip_address", "10.10.1.12")));

        var result = poll();

        assertThat(healthTag(SENSOR_B_TARGET)).as(result.toString()).isEqualTo("ok");
        assertThat(result.path("targetsTagged").has(SENSOR_B_TARGET)).isFalse();
        assertThat(result.path("sensorsNotMatched").toString()).contains("10.10.1.12").contains("different states");
        assertThat(result.path("problems").toString()).contains("sensor_not_matched");
    }

    /**
     * The stand-in's hostile answers, each after a healthy poll: the two real Sensors are paired, so no hostile record may
     * turn their targets `down`, and nothing the Brain wrote reaches the console unescaped.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(BrainStandIn.Hostile.class)
    void aHostileAnswerNeverTurnsAPairedSensorsTargetDownAndPrintsNothingRaw(BrainStandIn.Hostile mode) throws Exception {
        poll();
        assertThat(healthTag(SENSOR_A_TARGET)).isEqualTo("ok");
        brain.hostile(mode);

        var polled = pollCapturingTheConsole();

        assertThat(healthTag(SENSOR_A_TARGET)).as(polled.result().toString()).isIn("ok", "unknown");
        assertThat(healthTag(SENSOR_B_TARGET)).as(polled.result().toString()).isIn("ok", "unknown");
        var everything = polled.console() + polled.result() + String.join("\n", stream())
                + simulator.securityHub().all().toString();
        assertThat(everything).doesNotContain("\u001b").doesNotContain("\u202e").doesNotContain("\u009b")
                .doesNotContain("\u0007");
        for (var line : polled.console().split("\n")) {
            if (line.startsWith("{")) {
                new ObjectMapper().readTree(line); // every log line still parses: no line break was let through
            }
        }
    }

    @Test
    void aWildcardAddressIsNeverLookedUpAndTagsNothing() throws Exception {
        brain.health(healthyWith(sensors -> ((com.fasterxml.jackson.databind.node.ObjectNode) sensors.get(0))
                .put("ip_address", "10.10.*").put("status", "unpaired")));

        var result = poll();

        assertThat(result.path("sensorsNotMatched").toString()).contains("10.10.*").contains("is not an IP address");
        assertThat(result.path("targetsTagged").toString()).doesNotContain("down");
    }

    @Test
    void aRecordWithoutAStatusIsNoVerdictNeverDown() throws Exception {
        brain.health(healthyWith(sensors -> ((com.fasterxml.jackson.databind.node.ObjectNode) sensors.get(1)).remove("status")));

        var result = poll();

        assertThat(result.path("targetsTagged").path(SENSOR_B_TARGET).asText()).as(result.toString()).isNotEqualTo("down");
        assertThat(result.path("problems").toString()).doesNotContain("sensor_not_paired");
    }

    @Test
    void theLastSnapshotIsFoundEvenWhenCloudWatchAnswersAnEmptyPageFirst() throws Exception {
        poll();
        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/degraded-v3.4.json")));
        simulator.logs().emptyPagesFirst(1);

        var degraded = poll();

        // vectra-sensor-b stops pairing: a change from the last snapshot, which only a reader that goes on past the
        // empty page finds (with no previous state nothing is a transition).
        assertThat(degraded.path("transitions").asInt()).as(degraded.toString()).isPositive();
    }

    @Test
    void anNlbThatRegistersItsSensorByIpAddressGetsThatSensorsHealth() throws Exception {
        // The same account, the NLB registering vectra-sensor-c by its address (10.30.0.14) rather than its instance id.
        simulator.close();
        var text = Files.readString(Path.of("../../events/brain-health/account-inventory.json"))
                .replace("\"id\": \"i-0a2b3c4d5e6f70014\"", "\"id\": \"10.30.0.14\"");
        assertThat(text).contains("\"id\": \"10.30.0.14\"");
        simulator = SeededSimulator.start(dev.mirrorpilot.inventory.InventoryFile.parse(text, "NLB by IP"));
        var arn = simulator.secrets().put("mirrorpilot/brain", JSON.createObjectNode().put("clientId", BrainStandIn.CLIENT_ID)
                .put("clientSecret", BrainStandIn.CLIENT_SECRET).put("caBundle", brain.certificatePem()).toString());
        runtime = BrainHealthRuntime.forEndpoint(simulator.endpoint(), BrainHealthSettings.fromEnvironment(Map.of(
                BrainHealthSettings.URL, brain.url().toString(), BrainHealthSettings.API, "v3.4", BrainHealthSettings.SECRET, arn)),
                "111122223333", "eu-west-1");
        brain.health(Files.readAllBytes(Path.of("../../events/brain-health/degraded-v3.4.json")));

        var degraded = poll();

        // vectra-sensor-c's connectivity is WARNING: the NLB target in front of it says so, as when registered by id.
        assertThat(degraded.path("targetsTagged").path("tmt-0a2b3c4d5e6f7004b").asText()).as(degraded.toString())
                .isEqualTo("degraded");
    }
}
