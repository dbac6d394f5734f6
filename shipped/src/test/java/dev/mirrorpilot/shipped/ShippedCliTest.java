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
        var command = new java.util.ArrayList<String>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", CLI.toString()));
        command.addAll(java.util.List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        assertThat(run("--version")).contains("mirrorpilot " + System.getProperty("mirrorpilot.version", "0.1.0"))
                .doesNotContain("development");
    }

    @Test
    void topLevelHelpListsEveryExitCodeTheCommandsUse() throws Exception {
        var help = run("--help");
        for (var code : new String[] {"0", "1", "2", "3", "4", "5", "6"}) {
            assertThat(help).containsPattern("(?m)^\\s+" + code + "\\s+\\S");
        }
    }
}
