package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `mirrorpilot brain-health` against the HTTPS Brain stand-in. */
class BrainHealthCommandTest {
    static BrainStandIn brain;

    @BeforeAll
    static void start() {
        brain = BrainStandIn.start();
    }

    @AfterAll
    static void stop() {
        brain.close();
    }

    private static CliRun run(String... args) {
        return CliRun.of(List.of(args));
    }

    private static List<String> args(Path dir, String api, String... extra) throws Exception {
        var bundle = Files.writeString(dir.resolve("brain.pem"), brain.certificatePem());
        var list = new ArrayList<>(List.of("brain-health", "--url", brain.url().toString(), "--api", api, "--ca-bundle",
                bundle.toString()));
        list.addAll(List.of(extra));
        return list;
    }

    @Test
    void v3PrintsChecksAndSensorsWithTheirStateAndExitsSevenOnProblems(@TempDir Path dir) throws Exception {
        brain.health(Files.readAllBytes(Path.of("../events/brain-health/degraded-v3.4.json")));
        var secret = Files.writeString(dir.resolve("secret"), BrainStandIn.CLIENT_SECRET + "\n");

        var run = run(args(dir, "v3.4", "--client-id", BrainStandIn.CLIENT_ID, "--client-secret-file", secret.toString())
                .toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BrainHealthCommand.EXIT_UNHEALTHY);
        assertThat(run.out()).contains("Vectra 9.2.0").containsPattern("vectra-sensor-b +def456 +10.10.1.12 +unpaired +CRITICAL +- +DOWN")
                .contains("problem: brain_detection detection CRITICAL: detection pipeline stalled")
                .doesNotContain(BrainStandIn.CLIENT_SECRET);
    }

    @Test
    void v25WithAHealthyBrainExitsZero(@TempDir Path dir) throws Exception {
        brain.health(Files.readAllBytes(Path.of("../events/brain-health/healthy-v2.5.json")));
        var token = Files.writeString(dir.resolve("token"), BrainStandIn.API_TOKEN);

        var run = run(args(dir, "v2.5", "--token-file", token.toString()).toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("disk 30 % used").containsPattern("vectra-sensor-a +abc123 +10.10.0.11 +paired +OK +OK +OK");
    }

    @Test
    void withoutTheBrainsCertificateTheAnswerIsNotTrustedAndNothingIsPrintedButWhy(@TempDir Path dir) throws Exception {
        var token = Files.writeString(dir.resolve("token"), BrainStandIn.API_TOKEN);

        var run = run("brain-health", "--url", brain.url().toString(), "--token-file", token.toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILED);
        assertThat(run.err()).contains("not trusted").contains("CA bundle").doesNotContain(BrainStandIn.API_TOKEN);
    }

    @Test
    void withASecretAndLiveEachSensorShowsItsMirrorTargetsAndTheirSessions() throws Exception {
        brain.health(Files.readAllBytes(Path.of("../events/brain-health/degraded-v3.4.json")));
        try (var simulator = dev.mirrorpilot.simulator.seed.SeededSimulator.start(dev.mirrorpilot.inventory.InventoryFile.read(
                Path.of("../events/brain-health/account-inventory.json")))) {
            var secret = "{\"clientId\": \"" + BrainStandIn.CLIENT_ID + "\", \"clientSecret\": \"" + BrainStandIn.CLIENT_SECRET
                    + "\", \"caBundle\": " + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(brain.certificatePem()) + "}";
            var arn = simulator.secrets().put("mirrorpilot/brain", secret);

            var run = run("brain-health", "--url", brain.url().toString(), "--api", "v3.4", "--secret-id", arn, "--live",
                    "--region", "eu-west-1", "--endpoint-url", simulator.endpoint().toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(BrainHealthCommand.EXIT_UNHEALTHY);
            // vectra-sensor-b: its capture ENI's target with 3 sessions; vectra-sensor-c: behind the NLB target with 1.
            assertThat(run.out()).containsPattern("vectra-sensor-b .* DOWN +tmt-0a2b3c4d5e6f7004a \\(3\\)")
                    .containsPattern("vectra-sensor-c .* DEGRADED +tmt-0a2b3c4d5e6f7004b \\(1\\)")
                    .doesNotContain(BrainStandIn.CLIENT_SECRET);
        }
    }
}
