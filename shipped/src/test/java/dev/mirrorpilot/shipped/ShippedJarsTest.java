package dev.mirrorpilot.shipped;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The Lambda jars as the build ships them: small, without local-run or test code, and, started in a
 * fresh JVM with the jar alone on the class path (as the java21 runtime loads it), each handler logs
 * structured JSON and does its real work against the simulator with the SDK classes the build kept.
 */
class ShippedJarsTest {
    static final Path EVENTS = Path.of("..", "events");
    static final long MAX_JAR_BYTES = 20_000_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<ShippedJar> JARS = ShippedJar.ALL;

    @ParameterizedTest
    @FieldSource("JARS")
    void eachJarIsAtMostTwentyMegabytesAndHoldsNoLocalOrTestCode(ShippedJar jar) throws IOException {
        assertThat(Files.size(jar.jar())).as(jar.jar() + " size").isLessThanOrEqualTo(MAX_JAR_BYTES);
        try (var zip = new ZipFile(jar.jar().toFile())) {
            var names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.startsWith("dev/mirrorpilot/local/"))
                    .noneMatch(n -> n.startsWith("dev/mirrorpilot/policy/synthetic/"))
                    .noneMatch(n -> n.startsWith("dev/mirrorpilot/simulator/"))
                    .noneMatch(n -> n.matches("dev/mirrorpilot/.*(Test|Benchmark)(\\$.*)?\\.class"))
                    .noneMatch(n -> n.startsWith("org/junit/"));
            // SLF4J 2 finds its backend through this service file; SLF4J 1.7 ignores it and logs nothing.
            assertThat(names).contains("org/slf4j/spi/SLF4JServiceProvider.class", "META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
        }
    }

    @ParameterizedTest
    @FieldSource("JARS")
    void eachJarLogsABadSettingAsAStructuredErrorOnStdout(ShippedJar jar) throws Exception {
        var bad = jar.function().equals("brain-health")
                ? Map.of("MIRRORPILOT_BRAIN_URL", "ftp://brain.example", "MIRRORPILOT_BRAIN_API", "v9")
                : Map.of("MIRRORPILOT_MODE", "sometimes");
        var event = switch (jar.function()) {
            case "attach-on-launch" -> Files.readString(EVENTS.resolve("instance-running.json"));
            case "detach-on-terminate" -> Files.readString(EVENTS.resolve("instance-terminated.json"));
            case "tamper-watch" -> Files.readString(EVENTS.resolve("tamper/session-deleted.json"));
            default -> "{\"dryRun\": true}";
        };
        var run = jar.run(event, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9", "MIRRORPILOT_FINDINGS", "false"));
        var misconfigured = jar.run(event, merge(bad, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9")));

        var errors = errorLines(misconfigured.stdout());
        assertThat(errors).as("ERROR lines of %s on stdout:%n%s%nstderr:%n%s", jar.function(), misconfigured.stdout(),
                misconfigured.stderr()).isNotEmpty();
        assertThat(errors.toString()).contains(bad.keySet().iterator().next());
        assertThat(errors.get(0).path("service").asText()).isEqualTo(jar.functionName());
        assertThat(run.stdout()).as("the same jar logs JSON when the settings are good").contains("\"level\"");
    }

    @Test
    void attachOnLaunchMirrorsTheLaunchedInstanceFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            var before = SeededSimulator.sessions(simulator).size();
            var run = jar("attach-on-launch").run(Files.readString(EVENTS.resolve("instance-running.json")), endpoint(simulator));

            assertThat(result(run).path("status").asText()).as(run.stdout() + run.stderr()).isEqualTo("ok");
            assertThat(SeededSimulator.sessions(simulator)).hasSize(before + 1);
        }
    }

    @Test
    void theStackSettingsParameterOverridesTheEnvironmentInTheShippedJar() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            var launch = Files.readString(EVENTS.resolve("instance-running.json"));
            var parameter = merge(endpoint(simulator), Map.of("MIRRORPILOT_SETTINGS_PARAMETER", "MirrorPilot-settings",
                    "MIRRORPILOT_SETTINGS_MAX_AGE_SECONDS", "0", "MIRRORPILOT_MODE", "opt-out"));
            var before = SeededSimulator.sessions(simulator).size();
            simulator.parameters().put("MirrorPilot-settings", "{\"MIRRORPILOT_MODE\":\"opt-in\"}");

            var optIn = jar("attach-on-launch").run(launch, parameter);

            assertThat(result(optIn).path("skipped").toString()).as(optIn.stdout() + optIn.stderr()).contains("not_opted_in");
            assertThat(SeededSimulator.sessions(simulator)).hasSize(before);

            simulator.parameters().put("MirrorPilot-settings", "{\"MIRRORPILOT_MODE\":\"opt-out\"}");
            var optOut = jar("attach-on-launch").run(launch, parameter);

            assertThat(result(optOut).path("created").size()).as(optOut.stdout() + optOut.stderr()).isOne();
            assertThat(SeededSimulator.sessions(simulator)).hasSize(before + 1);
        }
    }

    @Test
    void aMissingSettingsParameterIsAnErrorNamingItAndChangesNothing() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            var before = SeededSimulator.sessions(simulator).size();
            var run = jar("attach-on-launch").run(Files.readString(EVENTS.resolve("instance-running.json")),
                    merge(endpoint(simulator), Map.of("MIRRORPILOT_SETTINGS_PARAMETER", "MirrorPilot-settings")));

            assertThat(errorLines(run.stdout()).toString()).as(run.stdout() + run.stderr())
                    .contains("MirrorPilot-settings").contains("does not exist");
            assertThat(SeededSimulator.sessions(simulator)).hasSize(before);
        }
    }

    @Test
    void detachOnTerminateHandlesATerminationFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            var run = jar("detach-on-terminate").run(Files.readString(EVENTS.resolve("instance-terminated.json")), endpoint(simulator));

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(result(run).path("status").asText()).isIn("ok", "ignored");
        }
    }

    @Test
    void backfillReadsTheWholeAccountAndAppliesFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            // Another team's session into the Gateway Load Balancer endpoint: delivery is then read through ListMetrics too.
            simulator.state().createSession(new dev.mirrorpilot.simulator.state.SessionRequest("eni-0a2b3c4d5e6f70025",
                    "tmt-0a2b3c4d5e6f7005b", "tmf-0a2b3c4d5e6f7004c", 7, java.util.OptionalInt.empty(), java.util.OptionalInt.empty(),
                    "other team", dev.mirrorpilot.simulator.model.Tags.NONE, "shipped-1", false));
            var before = SeededSimulator.sessions(simulator).size();
            var settings = merge(endpoint(simulator), Map.of("MIRRORPILOT_FINDINGS", "true"));
            var run = jar("backfill").run("{\"dryRun\": false}", settings);
            var published = simulator.securityHub().all().size();
            // The second run reads the first run's findings back (the finding model the slim jar stubbed must not be needed).
            var again = jar("backfill").run("{\"dryRun\": false}", settings);

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(result(run).has("report")).as(run.result()).isTrue();
            assertThat(result(run).path("delivery").has("error")).as(run.result()).isFalse();
            assertThat(simulator.calls().calls("ListMetrics")).isPositive();
            assertThat(SeededSimulator.sessions(simulator).size()).as(run.result()).isGreaterThan(before);
            assertThat(published).isPositive();
            assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
            assertThat(result(again).path("findings").path("failed").asInt(-1)).as(again.result()).isZero();
            assertThat(result(again).path("findings").has("error")).as(again.result()).isFalse();
            assertThat(again.stdout() + again.stderr()).doesNotContain("slim-jar");
        }
    }

    @Test
    void tamperWatchRestoresADeletedSessionFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")))) {
            // tms-0a2b3c4d5e6f70050 is MirrorPilot's session on eni-0a2b3c4d5e6f7001b in the sample; mallory deletes it.
            simulator.state().deleteSession("tms-0a2b3c4d5e6f70050", false);
            var event = Files.readString(EVENTS.resolve("tamper/session-deleted.json")).replace("tms-0a2b3c4d5e6f70001",
                    "tms-0a2b3c4d5e6f70050");
            var batch = JSON.createObjectNode();
            batch.putArray("Records").addObject().put("messageId", "m-1").put("eventSource", "aws:sqs").put("body", event);

            var run = jar("tamper-watch").run(batch.toString(), merge(endpoint(simulator), Map.of("MIRRORPILOT_FINDINGS", "true")));

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(SeededSimulator.sessions(simulator)).as(run.result())
                    .anyMatch(s -> s.isManaged() && s.sourceEniId().equals("eni-0a2b3c4d5e6f7001b"));
            assertThat(simulator.securityHub().all()).as(run.result())
                    .anyMatch(f -> f.path("GeneratorId").asText().equals("mirrorpilot/tamper"));
        }
    }

    @Test
    void rebalanceMovesSessionsFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("crowded-sensor-inventory.json")))) {
            var run = jar("rebalance").run("{\"dryRun\": false}", endpoint(simulator));

            assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
            assertThat(result(run).path("moved").asInt(result(run).path("moves").size())).as(run.result()).isPositive();
        }
    }

    @Test
    void brainHealthPollsTheBrainAndNeverPrintsTheSecretFromItsJarAlone() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("brain-health/account-inventory.json")));
             var brain = BrainStandIn.start()) {
            brain.health(Files.readAllBytes(EVENTS.resolve("brain-health/healthy-v2.5.json")));
            var secret = JSON.createObjectNode().put("clientId", BrainStandIn.CLIENT_ID)
                    .put("clientSecret", BrainStandIn.CLIENT_SECRET).put("caBundle", brain.certificatePem());
            var arn = simulator.secrets().put("mirrorpilot/brain", secret.toString());
            var settings = merge(endpoint(simulator), Map.of("MIRRORPILOT_BRAIN_URL", brain.url().toString(),
                    "MIRRORPILOT_BRAIN_API", "v3.4", "MIRRORPILOT_BRAIN_SECRET_ARN", arn));

            var healthy = jar("brain-health").run("{}", settings);
            brain.failNext(401, 10, null);
            var refused = jar("brain-health").run("{}", settings);

            assertThat(result(healthy).path("status").asText()).as(healthy.stdout() + healthy.stderr()).isEqualTo("healthy");
            assertThat(simulator.logs().messages("/mirrorpilot/brain-health", "localhost")).isNotEmpty();
            assertThat(refused.stdout()).as("the refusal is logged, in JSON").contains("\"level\":\"WARN\"").contains("credentials");
            for (var run : List.of(healthy, refused)) {
                assertThat(run.stdout() + run.stderr() + run.result()).doesNotContain(BrainStandIn.CLIENT_SECRET);
            }
        }
    }

    private static ShippedJar jar(String function) {
        return JARS.stream().filter(j -> j.function().equals(function)).findFirst().orElseThrow();
    }

    private static Map<String, String> endpoint(Simulator simulator) {
        return Map.of("AWS_ENDPOINT_URL", simulator.endpoint().toString());
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        var all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    private static JsonNode result(ShippedJar.Run run) throws IOException {
        return JSON.readTree(run.result().isEmpty() ? "{}" : run.result());
    }

    /** The JSON log lines at level ERROR. */
    private static List<JsonNode> errorLines(String stdout) {
        var errors = new ArrayList<JsonNode>();
        for (var line : stdout.split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                var node = JSON.readTree(line);
                if ("ERROR".equals(node.path("level").asText())) {
                    errors.add(node);
                }
            } catch (IOException e) {
                // not a log line
            }
        }
        return errors;
    }
}
