package dev.mirrorpilot.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.functions.attach.AttachOnLaunchHandler;
import dev.mirrorpilot.functions.backfill.BackfillHandler;
import dev.mirrorpilot.local.LocalRun;
import dev.mirrorpilot.functions.detach.DetachOnTerminateHandler;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot invoke <function> --event FILE}: runs a Lambda handler in this process with
 * the default credential chain, region and endpoint settings ({@code AWS_REGION},
 * {@code AWS_ENDPOINT_URL}), so the same command works against AWS and the simulator.
 */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Run a MirrorPilot function's handler locally on an event, against AWS or the simulator.",
                "The region is read as the AWS CLI reads it (AWS_REGION, then the profile); set AWS_ENDPOINT_URL for the",
                "simulator. Policy settings come from MIRRORPILOT_* variables. Only the result goes to stdout; logs go",
                "to stderr."})
public final class InvokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION",
            description = "attach-on-launch, detach-on-terminate, backfill, rebalance, brain-health or tamper-watch")
    String function;

    @Option(names = "--event", required = true, paramLabel = "FILE",
            description = "The event or payload, e.g. events/instance-running.json or events/backfill-dry-run.json")
    Path event;

    @Option(names = "--follow", description = "backfill: while the result carries `next`, invoke again with it, as the state machine does.")
    boolean follow;

    @Option(names = "--account", paramLabel = "ID",
            description = "The account the function serves (default: MIRRORPILOT_ACCOUNT_ID, else the event's account, "
                    + "else 000000000000)")
    String account;

    @Override
    public Integer call() throws Exception {
        // The functions log JSON lines and EMF records to stdout, as in Lambda; here they go to stderr, so stdout
        // carries the result alone (`| jq` works). Log4j's console appender follows System.out as it is at each write.
        var stdout = System.out;
        System.setOut(System.err);
        try {
            return invoke();
        } finally {
            System.setOut(stdout);
        }
    }

    private int invoke() throws Exception {
        RequestStreamHandler handler = switch (function) {
            case "attach-on-launch" -> new AttachOnLaunchHandler();
            case "detach-on-terminate" -> new DetachOnTerminateHandler();
            case "backfill" -> new BackfillHandler();
            case "rebalance" -> new dev.mirrorpilot.functions.rebalance.RebalanceHandler();
            case "brain-health" -> new dev.mirrorpilot.functions.brainhealth.BrainHealthHandler();
            case "tamper-watch" -> new dev.mirrorpilot.functions.tamper.TamperWatchHandler();
            default -> throw new IllegalArgumentException("unknown function '" + function
                    + "'; expected attach-on-launch, detach-on-terminate, backfill, rebalance, brain-health or tamper-watch");
        };
        if (follow && !(handler instanceof BackfillHandler)) {
            throw new IllegalArgumentException("--follow is for the backfill function only");
        }
        byte[] body;
        try {
            body = Files.readAllBytes(event);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(event + ": no such file");
        }
        var region = System.getenv().getOrDefault("AWS_REGION", System.getenv().getOrDefault("AWS_DEFAULT_REGION", ""));
        if (region.isBlank()) {
            // As the AWS CLI reads it: the environment, then the profile's region in the config file.
            region = AwsOptions.profileRegion(System.getenv());
        }
        // The event functions' events name their account; the payload functions' do not.
        boolean accountWide = !(handler instanceof AttachOnLaunchHandler) && !(handler instanceof DetachOnTerminateHandler)
                && !(handler instanceof dev.mirrorpilot.functions.tamper.TamperWatchHandler);
        if (accountWide && account == null && !System.getenv().containsKey("MIRRORPILOT_ACCOUNT_ID")) {
            throw new IllegalArgumentException("the " + function + " payload names no account: pass --account ID "
                    + "(or set MIRRORPILOT_ACCOUNT_ID) for the account the function would serve");
        }
        var serving = account != null ? account : System.getenv().getOrDefault("MIRRORPILOT_ACCOUNT_ID", accountOf(body));
        var context = new LocalContext("mirrorpilot-" + function, serving, region);
        var printer = new ObjectMapper().writerWithDefaultPrettyPrinter();
        if (follow) {
            var err = spec.commandLine().getErr();
            var results = LocalRun.follow((BackfillHandler) handler, new String(body, java.nio.charset.StandardCharsets.UTF_8),
                    () -> context, r -> {
                        err.printf("mirrorpilot: invocation %d: %s, %d changes%n", r.path("invocation").asInt(),
                                r.path("status").asText(), r.path("changesNow").asInt());
                        err.flush();
                    });
            var last = results.get(results.size() - 1);
            spec.commandLine().getOut().println(printer.writeValueAsString(last));
            return exitFor(last.path("status").asText());
        }
        var result = LocalInvoker.invoke(handler, body, context);
        spec.commandLine().getOut().println(printer.writeValueAsString(result));
        return exitFor(result.path("status").asText());
    }

    /**
     * Any function's result status as the README's exit codes, the same for every function: 0 done
     * (nothing left, handled, ignored, a healthy Brain), 7 a Brain reporting a problem, 2 bad input (the event or payload
     * refused), 3 changes pending (dry run, a limit, another invocation to come, or work EC2 let
     * wait), 4 refused for good (permission, failures, an unusable secret), 1 failed otherwise.
     */
    static int exitFor(String status) {
        return switch (status) {
            case "complete", "ok", "ignored", "healthy", "nothing-to-do" -> 0;
            // As `mirrorpilot brain-health` exits: one number, one meaning (an unreachable Brain is 1, below).
            case "unhealthy" -> ExitCodes.BRAIN_UNHEALTHY;
            case "rejected" -> Main.EXIT_BAD_INPUT;
            case "dry-run", "limit-reached", "continuing", "incomplete", "partial" -> BackfillCommand.EXIT_PENDING;
            case "permission-denied", "failed", "partly-failed", "partly-restored", "secret-unavailable", "secret-invalid" ->
                    BackfillCommand.EXIT_REFUSED;
            default -> Main.EXIT_FAILED;
        };
    }

    private static String accountOf(byte[] event) {
        try {
            var account = new ObjectMapper().readTree(event).path("account").asText("");
            return account.matches("\\d{12}") ? account : "000000000000";
        } catch (java.io.IOException e) {
            return "000000000000"; // the handler reports the malformed event itself
        }
    }
}
