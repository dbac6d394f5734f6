package dev.mirrorpilot.cli;

import dev.mirrorpilot.cli.dlq.DeadLetterReplay;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@code mirrorpilot dlq}: the event functions' dead-letter queue. */
@Command(name = "dlq", mixinStandardHelpOptions = true, subcommands = DlqCommand.Replay.class,
        description = "The event functions' dead-letter queue (the stack's EventDeadLetterQueueUrl output).")
public final class DlqCommand implements Runnable {
    /** Some messages could not be replayed; they are still in the queue. */
    public static final int EXIT_KEPT = ExitCodes.DLQ_KEPT;
    /** Some messages were refused (not for the stack's event functions, or not an event they take); still in the queue. */
    public static final int EXIT_REFUSED = ExitCodes.DLQ_REFUSED;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: replay");
    }

    /**
     * {@code mirrorpilot dlq replay --queue-url URL --stack NAME [--dry-run]}: sends each dead letter
     * again to the function it was meant for, if that is one of the stack's event functions and the
     * payload an event it takes, and deletes it only after that function handled it.
     */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Replay each dead-letter message through the function it was meant for, then delete it.",
                    "Takes EventBridge target failures and Lambda on-failure records; a message is deleted only after the",
                    "function handled it.",
                    "Only the stack's own event functions are invoked (attach-on-launch, detach-on-terminate, rebalance,",
                    "known by their CloudFormation tags), and only with an event each takes, from this account and region;",
                    "a change event meant for the stack's TamperQueue (a rule target failure or an SQS redrive) is sent to that",
                    "queue again. Anything else is refused and left in the queue. Reports what could not be replayed."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.L_DONE, ExitCodes.L_FAILED, ExitCodes.L_BAD_INPUT, ExitCodes.L_DLQ_KEPT, ExitCodes.L_DLQ_REFUSED})
    static final class Replay implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--queue-url", required = true, paramLabel = "URL", description = "The dead-letter queue's URL.")
        String queueUrl;

        @Option(names = "--stack", required = true, paramLabel = "NAME", description = "The MirrorPilot stack whose event "
                + "functions may be invoked (its name, as deployed).")
        String stack;

        @Option(names = "--dry-run", description = "Read and report only: invoke nothing, delete nothing (what was read "
                + "is visible again when the run ends).")
        boolean dryRun;

        @Option(names = "--max", defaultValue = "1000", paramLabel = "N", description = "Stop after N messages (default ${DEFAULT-VALUE}).")
        int max;

        @Mixin
        AwsOptions aws = new AwsOptions();

        private final Map<String, String> environment;

        Replay() {
            this(System.getenv());
        }

        Replay(Map<String, String> environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            if (!queueUrl.matches("https?://\\S+/\\d{12}/[A-Za-z0-9_-]{1,80}")) {
                throw new IllegalArgumentException("--queue-url " + dev.mirrorpilot.cli.dlq.DeadLetter.cut(queueUrl)
                        + " is not an SQS queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)");
            }
            if (!stack.matches("[A-Za-z][A-Za-z0-9-]{0,127}")) {
                throw new IllegalArgumentException("--stack " + dev.mirrorpilot.cli.dlq.DeadLetter.cut(stack)
                        + " is not a CloudFormation stack name (a letter, then letters, digits and -, up to 128)");
            }
            if (max < 1) {
                throw new IllegalArgumentException("--max must be 1 or more");
            }
            var out = spec.commandLine().getOut();
            var err = spec.commandLine().getErr();
            var region = aws.region(environment);
            var account = aws.account(environment);
            try (var sqs = aws.build(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), region, aws.credentials());
                 var lambda = aws.build(LambdaClient.builder()
                         // A replay waits for the function, up to its own timeout (15 minutes at most in Lambda); each
                         // invocation sets its call timeout from the function's configuration.
                         .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(16)).build()),
                         region, aws.credentials())) {
                var outcomes = new DeadLetterReplay(sqs, lambda, queueUrl, account, stack).run(dryRun, max, line -> {
                    err.println("mirrorpilot: " + line);
                    err.flush();
                });
                int kept = 0;
                int refused = 0;
                for (var outcome : outcomes) {
                    kept += outcome.verdict() == DeadLetterReplay.Verdict.KEPT ? 1 : 0;
                    refused += outcome.verdict() == DeadLetterReplay.Verdict.REFUSED ? 1 : 0;
                    out.printf(Locale.ROOT, "%-12s %s  %s  %s: %s%n", outcome.verdict().name().toLowerCase(Locale.ROOT),
                            outcome.messageId(), outcome.functionArn().isEmpty() ? "-" : outcome.functionArn(), outcome.source(),
                            outcome.detail());
                }
                out.printf(Locale.ROOT, "%d message(s): %d %s, %d kept in the queue, %d refused (kept)%n", outcomes.size(),
                        outcomes.size() - kept - refused, dryRun ? "would be replayed" : "replayed and deleted", kept, refused);
                return refused > 0 ? EXIT_REFUSED : kept > 0 ? EXIT_KEPT : 0;
            }
        }
    }
}
