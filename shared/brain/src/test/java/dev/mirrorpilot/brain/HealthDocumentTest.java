package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Health documents read strictly: what the Brain says, what is wrong with it, and what cannot be read at all. */
class HealthDocumentTest {
    private static final Path SAMPLES = Path.of("../../events/brain-health");

    private static BrainHealth read(String file) throws IOException, MalformedHealthDocument {
        return HealthDocument.parse(Files.readAllBytes(SAMPLES.resolve(file)));
    }

    private static BrainHealth parse(String json) throws MalformedHealthDocument {
        return HealthDocument.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void healthyBrainWithTwoPairedSensorsHasNoProblemAndNoIssue() throws Exception {
        var health = read("healthy-v2.5.json");

        assertThat(health.sensors()).extracting(SensorHealth::name).containsExactly("vectra-sensor-a", "vectra-sensor-b");
        assertThat(health.sensors()).allSatisfy(s -> {
            assertThat(s.isPaired()).isTrue();
            assertThat(SensorState.of(s)).isEqualTo(SensorState.OK);
        });
        assertThat(health.sensors().get(0).ipAddress()).isEqualTo("10.10.0.11");
        assertThat(health.diskUsagePercent()).hasValue(30.0);
        assertThat(health.memoryUsagePercent()).hasValue(68.75);
        assertThat(health.vectraVersion()).isEqualTo("8.4.0-12");
        assertThat(health.checks()).extracting(BrainCheck::status).containsOnly(CheckStatus.SKIP); // a virtual Brain
        assertThat(HealthProblem.of(health)).isEmpty();
        assertThat(health.issues()).isEmpty();
    }

    @Test
    void everyUnhealthyConditionOfTheRulesIsAProblemWithItsSubject() throws Exception {
        var health = read("degraded-v3.4.json");

        var problems = HealthProblem.of(health);

        assertThat(problems).extracting(p -> p.kind() + " " + p.subject() + " " + p.status()).containsExactlyInAnyOrder(
                "SENSOR_NOT_PAIRED vectra-sensor-b (def456) unpaired",
                "SENSOR_CONNECTIVITY vectra-sensor-b (def456) CRITICAL",
                "SENSOR_CONNECTIVITY vectra-sensor-c (ghi789) WARNING",
                "SENSOR_TRAFFIC_DROP vectra-sensor-a (abc123) WARNING",
                "BRAIN_CHECK disk.raid_disks_missing CRITICAL",
                "BRAIN_DETECTION detection CRITICAL");
        assertThat(health.sensors()).extracting(SensorState::of)
                .containsExactly(SensorState.DEGRADED, SensorState.DOWN, SensorState.DEGRADED);
        assertThat(health.issues()).isEmpty(); // unknown sections (external_connectors) are tolerated silently
    }

    @Test
    void statusesAreReadWhateverTheirCase() throws Exception {
        var health = parse("{\"sensors\": [{\"name\": \"s\", \"luid\": \"l\", \"status\": \"Paired\"}],"
                + " \"connectivity\": {\"sensors\": [{\"luid\": \"l\", \"status\": \"warning\"}]}}");

        assertThat(health.sensors().get(0).isPaired()).isTrue();
        assertThat(health.sensors().get(0).connectivity()).contains(CheckStatus.WARNING);
    }

    @Test
    void missingOrMistypedFieldsAreReportedAndTheRestIsStillRead() throws Exception {
        var health = parse("{\"sensors\": [{\"name\": \"a\", \"luid\": \"1\", \"status\": \"paired\"},"
                + " {\"name\": 7, \"luid\": \"2\"}],"
                + " \"connectivity\": {\"sensors\": [{\"luid\": \"1\", \"status\": \"GREEN\"}, 5]},"
                + " \"memory\": {\"usage_percent\": \"high\"}, \"power\": {\"error\": \"\"}}");

        assertThat(health.sensors()).hasSize(2);
        assertThat(health.sensors().get(1).name()).isEqualTo("2"); // named by its luid
        assertThat(health.sensors().get(1).status()).isEqualTo("unknown");
        assertThat(health.sensors().get(0).connectivity()).contains(CheckStatus.UNKNOWN);
        assertThat(health.memoryUsagePercent()).isEmpty();
        assertThat(health.issues()).containsExactlyInAnyOrder(
                "sensors[1].name is not text",
                "sensors[1].status is missing",
                "connectivity.sensors[0].status 'GREEN' is not a documented status; read as UNKNOWN",
                "connectivity.sensors[1] is not an object; skipped",
                "memory.usage_percent is not a number from 0 to 100",
                "power.status is missing; read as UNKNOWN");
        // A Sensor whose pairing cannot be read is neither paired nor down: a defect (in issues), no verdict. An
        // unreadable power check is not taken for OK.
        assertThat(SensorState.of(health.sensors().get(1))).isEqualTo(SensorState.UNKNOWN);
        assertThat(HealthProblem.of(health)).extracting(HealthProblem::kind)
                .contains(HealthProblem.Kind.BRAIN_CHECK).doesNotContain(HealthProblem.Kind.SENSOR_NOT_PAIRED);
    }

    @Test
    void anAnswerAboveTheSizeCapIsRefusedUnread() {
        var big = ("{\"sensors\": [" + "{\"name\": \"s\", \"luid\": \"l\", \"status\": \"paired\"},".repeat(1000)
                + "{}]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> HealthDocument.parse(big, 10_000)).isInstanceOf(MalformedHealthDocument.class)
                .hasMessageContaining("more than the 10000 read at most");
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "empty body"),
                Arguments.of(" \n ", "empty body"),
                Arguments.of("null", "must be a JSON object"),
                Arguments.of("[]", "must be a JSON object"),
                Arguments.of("[{\"sensors\": []}]", "must be a JSON object"),
                Arguments.of("\"healthy\"", "must be a JSON object"),
                Arguments.of("42", "must be a JSON object"),
                Arguments.of("true", "must be a JSON object"),
                Arguments.of("{", "not JSON"),
                Arguments.of("{\"sensors\": [}", "not JSON"),
                Arguments.of("{\"sensors\": []", "not JSON"),
                Arguments.of("{sensors: []}", "not JSON"),
                Arguments.of("{'sensors': []}", "not JSON"),
                Arguments.of("{\"sensors\": [],}", "not JSON"),
                Arguments.of("<html><body>Login</body></html>", "not JSON"),
                Arguments.of("{\"sensors\": []} trailing", "not JSON"),
                Arguments.of("{\"sensors\": [], \"sensors\": []}", "a key twice"),
                Arguments.of("{\"sensors\": [{\"status\": \"paired\", \"status\": \"unpaired\"}]}", "a key twice"),
                Arguments.of("{}", "none of the sections"),
                Arguments.of("{\"detail\": \"Invalid token.\"}", "none of the sections"),
                Arguments.of("{\"error\": \"rate limited\"}", "none of the sections"),
                Arguments.of("{\"health\": {\"sensors\": []}}", "none of the sections"),
                Arguments.of("{\"sensors\": {}}", "'sensors' must be a JSON list"),
                Arguments.of("{\"sensors\": \"paired\"}", "'sensors' must be a JSON list"),
                Arguments.of("{\"sensors\": null}", "'sensors' must be a JSON list"),
                Arguments.of("{\"sensors\": 3}", "'sensors' must be a JSON list"),
                Arguments.of("{\"connectivity\": []}", "'connectivity' must be a JSON object"),
                Arguments.of("{\"trafficdrop\": \"OK\"}", "'trafficdrop' must be a JSON object"),
                Arguments.of("{\"disk\": 91}", "'disk' must be a JSON object"),
                Arguments.of("{\"power\": \"OK\"}", "'power' must be a JSON object"),
                Arguments.of("{\"detection\": [\"CRITICAL\"]}", "'detection' must be a JSON object"),
                Arguments.of("{\"memory\": null}", "'memory' must be a JSON object"),
                Arguments.of("{\"sensors\": [\"vectra-sensor-a\"]}", "sensors[0] must be a JSON object"),
                Arguments.of("{\"sensors\": [{\"name\": \"a\", \"status\": \"paired\"}, 7]}", "sensors[1] must be a JSON object"),
                Arguments.of("{\"sensors\": [null]}", "sensors[0] must be a JSON object"),
                Arguments.of("{\"sensors\": [" + "[".repeat(40) + "]".repeat(40) + "]}", "not JSON within bounds"),
                Arguments.of("{\"cpu\": {\"idle_percent\": 1" + "0".repeat(200) + "}}", "not JSON within bounds"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void malformedDocumentIsRefusedWithAClearReasonThatDoesNotQuoteIt(String document, String reason) {
        assertThatThrownBy(() -> parse(document)).isInstanceOf(MalformedHealthDocument.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("Login").doesNotContain("Invalid token"));
    }

    @Test
    void twoSensorsSharingANameWithoutALuidGetNeitherOnesChecks() throws Exception {
        var health = parse("{\"sensors\": [{\"name\": \"s\", \"status\": \"paired\"}, {\"name\": \"s\", \"status\": \"paired\"}],"
                + " \"connectivity\": {\"sensors\": [{\"name\": \"s\", \"status\": \"CRITICAL\"}, {\"name\": \"s\", \"status\": \"OK\"}]}}");

        assertThat(health.sensors()).allSatisfy(s -> assertThat(s.connectivity()).isEmpty());
        assertThat(health.issues()).anySatisfy(i -> assertThat(i).contains("shared by 2 Sensors without a luid"))
                .anySatisfy(i -> assertThat(i).contains("connectivity lists s more than once"));
    }

    @Test
    void twoSensorsSharingANameWithoutALuidAreToldApartByTheirSerialNumbersAsVectrasToolsDo() throws Exception {
        var health = parse("{\"sensors\": [{\"name\": \"s\", \"serial_number\": \"V1\", \"status\": \"paired\"},"
                + " {\"name\": \"s\", \"serial_number\": \"V2\", \"status\": \"paired\"}],"
                + " \"connectivity\": {\"sensors\": [{\"name\": \"s\", \"serial_number\": \"V2\", \"status\": \"CRITICAL\"},"
                + " {\"name\": \"s\", \"serial_number\": \"V1\", \"status\": \"OK\"}]}}");

        assertThat(health.sensors()).extracting(s -> s.serialNumber() + "=" + s.connectivity().orElseThrow())
                .containsExactly("V1=OK", "V2=CRITICAL");
        assertThat(health.issues()).noneSatisfy(i -> assertThat(i).contains("without a luid"))
                .noneSatisfy(i -> assertThat(i).contains("the sensors list does not have"));
    }

    @Test
    void controlCharactersFromTheBrainAreEscapedInNamesAndTheVersion() throws Exception {
        var health = parse("{\"sensors\": [{\"name\": \"s\\u001b[2J\\u202e\", \"luid\": \"1\", \"status\": \"paired\"}],"
                + " \"system\": {\"version\": {\"vectra_version\": \"8.4\\nall Sensors healthy\"}}}");

        assertThat(health.sensors().get(0).name()).isEqualTo("s\\u001b[2J\\u202e");
        assertThat(health.vectraVersion()).doesNotContain("\n").contains("\\u000a");
    }
}
