package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One table of exit codes: every command's help, the top-level help and the README say the same. */
class ExitCodesTest {
    private static Map<String, String> codes(CommandLine commandLine) {
        var out = new LinkedHashMap<String, String>();
        commandLine.getCommandSpec().usageMessage().exitCodeList().forEach((k, v) -> out.put(k.trim(), v));
        return out;
    }

    @Test
    void everyCommandsExitCodesAreTheSharedTablesAndNoNumberMeansTwoThings() {
        var main = Main.commandLine(Map.of());
        var shared = codes(main);

        assertThat(shared.keySet()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11");
        main.getSubcommands().forEach((name, sub) -> {
            var own = codes(sub);
            sub.getSubcommands().values().forEach(s -> own.putAll(codes(s)));
            own.forEach((code, meaning) -> {
                assertThat(shared).as("%s exit %s", name, code).containsKey(code);
                if (Integer.parseInt(code) >= 5) {
                    assertThat(meaning).as("%s exit %s", name, code).isEqualTo(shared.get(code));
                }
            });
        });
    }

    @Test
    void theReadmeHasTheSameTable() throws IOException {
        var readme = Files.readString(Path.of("../README.md"));
        codes(Main.commandLine(Map.of())).forEach((code, meaning) ->
                assertThat(readme).as("README row for exit %s", code).contains("| " + code + " | " + meaning + " |"));
    }
}
