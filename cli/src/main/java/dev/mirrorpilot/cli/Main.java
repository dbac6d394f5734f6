package dev.mirrorpilot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mirrorpilot}: the planner and (later) the handlers of the Lambda functions, from a terminal. */
@Command(name = "mirrorpilot",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Mirror every workload ENI to a Vectra Sensor, within AWS limits.",
        subcommands = {PlanCommand.class, BackfillCommand.class, RebalanceCommand.class, SensorsCommand.class, BrainHealthCommand.class,
                CoverageCommand.class, VerifyCommand.class, InvokeCommand.class, DlqCommand.class, DemoCommand.class, GenerateCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.L_DONE, ExitCodes.L_FAILED, ExitCodes.L_BAD_INPUT, ExitCodes.L_PENDING, ExitCodes.L_REFUSED,
                ExitCodes.L_UNCOVERED, ExitCodes.L_DLQ_KEPT, ExitCodes.L_BRAIN_UNHEALTHY, ExitCodes.L_UNREAD, ExitCodes.L_SHORTFALL,
                ExitCodes.L_DLQ_REFUSED, ExitCodes.L_NOT_DELIVERED})
public final class Main {
    public static final int EXIT_FAILED = ExitCodes.FAILED;
    public static final int EXIT_BAD_INPUT = ExitCodes.BAD_INPUT;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code, for tests. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /** For benchmarks outside this package: a command line reading settings from {@code environment}. */
    public static CommandLine commandLineForBenchmarks(java.util.Map<String, String> environment) {
        return commandLine(environment);
    }

    /** A command line whose commands read policy settings from {@code environment}. */
    static CommandLine commandLine(java.util.Map<String, String> environment) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == PlanCommand.class) {
                    return type.cast(new PlanCommand(environment));
                }
                if (type == RebalanceCommand.class) {
                    return type.cast(new RebalanceCommand(environment));
                }
                if (type == CoverageCommand.class) {
                    return type.cast(new CoverageCommand(environment));
                }
                if (type == BrainHealthCommand.class) {
                    return type.cast(new BrainHealthCommand(environment));
                }
                if (type == DlqCommand.Replay.class) {
                    return type.cast(new DlqCommand.Replay(environment));
                }
                if (type == VerifyCommand.class) {
                    return type.cast(new VerifyCommand(environment));
                }
                if (type == SensorsCommand.class) {
                    return type.cast(new SensorsCommand(environment));
                }
                return type == BackfillCommand.class ? type.cast(new BackfillCommand(environment))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        var commandLine = new CommandLine(new Main(), factory)
                // Plain help text: every byte printed passes PrintableWriter, which would show colour codes as text.
                .setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof software.amazon.awssdk.core.exception.SdkClientException && unreachable(e)) {
                        // No answer from AWS at all is not throttling nor a refusal: say what to check.
                        cmd.getErr().println("mirrorpilot: cannot reach AWS (" + e.getMessage() + "); check --endpoint-url or "
                                + "AWS_ENDPOINT_URL, the network and the region; nothing was changed by this call");
                        return EXIT_FAILED;
                    }
                    if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                        cmd.getErr().println("mirrorpilot: AWS answered, but not in a form the SDK can read (" + e.getMessage()
                                + "); check that --endpoint-url or AWS_ENDPOINT_URL points at the service itself");
                        return EXIT_FAILED;
                    }
                    cmd.getErr().println("mirrorpilot: " + e.getMessage());
                    return e instanceof IllegalArgumentException ? EXIT_BAD_INPUT : EXIT_FAILED;
                });
        return useWriters(commandLine, new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true));
    }

    /** Sets where the command line prints, each through {@link PrintableWriter}. */
    static CommandLine useWriters(CommandLine commandLine, java.io.Writer out, java.io.Writer err) {
        return commandLine.setOut(new java.io.PrintWriter(new PrintableWriter(out), true))
                .setErr(new java.io.PrintWriter(new PrintableWriter(err), true));
    }

    /** Whether a client failure is the network's (no answer at all), not an answer the SDK could not read. */
    private static boolean unreachable(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return e.getMessage() != null && e.getMessage().startsWith("Unable to execute HTTP request");
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mirrorpilot " + (version == null ? "development" : version)};
        }
    }
}
