package dev.mirrorpilot.cli;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** What one run of the real command line printed and returned, in process. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(Map<String, String> environment, List<String> args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var commandLine = Main.useWriters(Main.commandLine(environment), out, err);
        int code = commandLine.execute(args.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(List<String> args) {
        return of(Map.of(), args);
    }

    static CliRun of(String... args) {
        return of(List.of(args));
    }
}
