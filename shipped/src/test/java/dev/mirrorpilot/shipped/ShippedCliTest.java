package dev.mirrorpilot.shipped;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The CLI jar as `java -jar` runs it: it says its version and every exit code its commands use. */
class ShippedCliTest {
    static final Path CLI = Path.of("..", "cli", "target", "mirrorpilot.jar");

    private static String run(String... args) throws Exception {
        return run(java.util.Map.of(), true, args);
    }

    private static String run(java.util.Map<String, String> environment, boolean withStderr, String... args) throws Exception {
        var command = new java.util.ArrayList<String>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", CLI.toString()));
        command.addAll(java.util.List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(withStderr);
        if (!withStderr) {
            builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        builder.environment().putAll(environment);
        var process = builder.start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void invokePrintsOnlyTheResultOnStdout() throws Exception {
        try (var simulator = dev.mirrorpilot.simulator.seed.SeededSimulator.start(dev.mirrorpilot.inventory.InventoryFile.read(
                Path.of("..", "events", "sample-inventory.json")))) {
            var out = run(java.util.Map.of("AWS_ENDPOINT_URL", simulator.endpoint().toString(), "AWS_REGION", "eu-west-1",
                    "AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "x"), false,
                    "invoke", "attach-on-launch", "--event", "../events/instance-running.json");

            // One JSON document and nothing else: a log line or an EMF record on stdout would fail the parse.
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            com.fasterxml.jackson.databind.JsonNode result;
            try {
                result = mapper.readTree(out);
            } catch (java.io.IOException e) {
                throw new AssertionError("stdout is not one JSON document:\n" + out, e);
            }
            assertThat(result.path("status").asText()).as(out).isEqualTo("ok");
        }
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        assertThat(run("--version")).contains("mirrorpilot " + System.getProperty("mirrorpilot.version", "0.1.0"))
                .doesNotContain("development");
    }

    @Test
    void topLevelHelpListsEveryExitCodeTheCommandsUse() throws Exception {
        var help = run("--help");
        for (var code : new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}) {
            assertThat(help).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
        }
    }
}
