package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help texts are whole: a command's one-line summary in a list is a sentence, not a cut line. */
class HelpTextTest {
    private static void collect(String path, CommandLine commandLine, List<String> out) {
        commandLine.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                var usage = sub.getCommandSpec().usageMessage();
                var summary = usage.header().length > 0 ? usage.header()[0] : usage.description().length > 0
                        ? usage.description()[0] : "";
                out.add(path + name + ": " + summary);
                collect(path + name + " ", sub, out);
            }
        });
    }

    @Test
    void everyCommandsSummaryIsOneWholeSentence() {
        var summaries = new ArrayList<String>();
        collect("", Main.commandLine(Map.of()), summaries);

        assertThat(summaries).hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(line -> assertThat(line).as(line).endsWith(".").doesNotEndWith(": ."));
    }

    @Test
    void theTopLevelHelpListsEachCommandWithItsWholeSummary() {
        var help = Main.commandLine(Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        var commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
        // each entry starts at two spaces; continuation lines are indented further
        var entries = new ArrayList<String>();
        for (var line : commands.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("   ")) {
                entries.add(line.trim());
            } else if (line.startsWith("   ") && !entries.isEmpty()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.trim());
            }
        }

        assertThat(entries).filteredOn(e -> !e.startsWith("help"))
                .isNotEmpty().allSatisfy(e -> assertThat(e).as(e).endsWith("."));
    }
}
