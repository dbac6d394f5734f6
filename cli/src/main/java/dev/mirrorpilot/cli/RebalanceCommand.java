package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.functions.rebalance.RebalanceOptions;
import dev.mirrorpilot.functions.rebalance.RebalanceRequest;
import dev.mirrorpilot.functions.rebalance.RebalanceRun;
import dev.mirrorpilot.functions.rebalance.RebalanceRuntime;
import dev.mirrorpilot.policy.report.TextTable;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot rebalance}: the rebalance function's code against a live account (or the
 * simulator): reads the account and each mirrored instance's traffic from CloudWatch, and lists
 * the moves off crowded targets; {@code --apply} makes them, paced like the backfill. Only
 * MirrorPilot's sessions move, in place. Writes no Security Hub findings (the function does).
 */
@Command(name = "rebalance", mixinStandardHelpOptions = true,
        description = {"Move MirrorPilot sessions off crowded targets onto reachable targets with room.",
                "Crowded: above the headroom or the Sensor's throughput share. NLB and GWLB endpoint targets first, then",
                "the same zone, then the least loaded Sensor. A dry run unless --apply."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing to move, or every move made",
                "1:failed (see the message)",
                "2:bad input",
                "3:moves are pending (dry run, or --max-moves stopped the run)",
                "4:some moves were refused (see the report)",
                ExitCodes.L_SHORTFALL})
public final class RebalanceCommand implements Callable<Integer> {
    static final int EXIT_PENDING = ExitCodes.PENDING;
    static final int EXIT_REFUSED = ExitCodes.REFUSED;
    static final int EXIT_SHORTFALL = ExitCodes.SHORTFALL;

    @Spec
    CommandSpec spec;

    @Option(names = "--apply", description = "Make the moves (default: only show them).")
    boolean apply;

    @Option(names = "--max-moves", paramLabel = "N", description = "Move at most N sessions (default: MIRRORPILOT_REBALANCE_MAX_MOVES, else 100).")
    Integer maxMoves;

    @Option(names = "--rate", paramLabel = "PER_SECOND", description = "Mutating calls per second (default: half of EC2's refill of 5 per second).")
    Double rate;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    private final Map<String, String> environment;

    public RebalanceCommand() {
        this(System.getenv());
    }

    public RebalanceCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (maxMoves != null && (maxMoves < 0 || maxMoves > 10_000)) {
            throw new IllegalArgumentException("--max-moves must be 0..10000");
        }
        if (rate != null && !(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0 calls per second");
        }
        // --set takes the rebalance's own documented settings too (REBALANCE_LOW_WATER=50, SENSOR_RATINGS=...).
        var settings = new HashMap<>(policyOptions.settings(environment, RebalanceOptions.KEYS));
        var policy = dev.mirrorpilot.policy.config.MirrorPolicy.fromSettings(settings);
        settings.put(RebalanceOptions.FINDINGS, "false");
        if (rate != null) {
            settings.put(RebalanceOptions.MUTATING_REFILL, Double.toString(rate));
            settings.put(RebalanceOptions.MUTATING_SHARE, "100");
        }
        var options = RebalanceOptions.fromEnvironment(settings);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var account = aws.account(environment);
        var watch = new ThrottleWatch();
        try (var ec2 = aws.ec2(environment, watch); var cloudWatch = aws.cloudWatch(environment)) {
            var runtime = new RebalanceRuntime(policy, options, account, aws.region(environment), ec2, watch, cloudWatch, () -> {
                throw new IllegalStateException("the CLI writes no findings");
            });
            AwsOptions.reading(err);
            err.println("mirrorpilot: and each mirrored instance's traffic from CloudWatch (p" + (int) options.percentile()
                    + " of 5-minute sums over " + options.windowHours() + " h) ...");
            err.flush();
            int[] done = {0};
            var outcome = RebalanceRun.run(runtime, new RebalanceRequest(!apply, Optional.ofNullable(maxMoves), "cli"),
                    "rebalance-cli-" + UUID.randomUUID(), Clock.systemUTC(), () -> true, action -> {
                        if (++done[0] % 10 == 0) {
                            err.printf("mirrorpilot: moved %d sessions%n", done[0]);
                            err.flush();
                        }
                    });
            var result = outcome.result();
            out.print(render(result));
            out.flush();
            if (!result.path("failures").isEmpty()) {
                return EXIT_REFUSED;
            }
            if ((!apply && result.path("movesPlanned").asInt() > 0) || result.path("deferred").asInt() > 0) {
                return EXIT_PENDING;
            }
            return result.path("shortfalls").isEmpty() ? 0 : EXIT_SHORTFALL;
        }
    }

    static String render(com.fasterxml.jackson.databind.JsonNode result) {
        var out = new StringBuilder();
        boolean dry = result.path("dryRun").asBoolean();
        out.append(String.format(Locale.ROOT, "Rebalance (%s): %d move(s) planned, %d made; at least %d needed to bring every "
                        + "crowded target to its low-water mark (%d%% of sources and of rated Gbps); %d deferred to the next run%n",
                dry ? "dry run" : "applied", result.path("movesPlanned").asInt(), result.path("movesMade").asInt(),
                result.path("lowerBound").asInt(), result.path("lowWaterPercent").asInt(), result.path("deferred").asInt()));
        out.append(String.format(Locale.ROOT, "Traffic: %d instance(s) measured in CloudWatch, %d at the default %.2f Gbps; "
                        + "a Sensor is crowded above %d%% of its rating%n", result.path("sourcesMeasured").asInt(),
                result.path("sourcesAtDefault").asInt(), result.path("defaultGbps").asDouble(),
                result.path("throughputSharePercent").asInt()));
        if (!result.path("moves").isEmpty()) {
            var moves = new TextTable(List.of("session", "instance", "from", "to", "why"));
            result.path("moves").forEach(m -> moves.row(m.path("sessionId").asText(), m.path("instanceId").asText(),
                    m.path("from").asText(), m.path("to").asText(), m.path("why").asText()));
            out.append(moves.render("  "));
        }
        result.path("shortfalls").forEach(s -> out.append(String.format(Locale.ROOT, "Crowded, nothing can relieve it: %s (%s) "
                        + "%d sources, %.2f Gbps: %s%n", s.path("targetId").asText(), s.path("name").asText(),
                s.path("sources").asInt(), s.path("gbps").asDouble(), s.path("advice").asText())));
        result.path("congestedSources").forEach(c -> out.append(String.format(Locale.ROOT,
                "Congested source: %s drops about %.3f Gbps of mirrored traffic (NetworkSkipMirrorIn/Out)%n",
                c.path("instanceId").asText(), c.path("skippedGbps").asDouble())));
        result.path("failures").forEach(f -> out.append(String.format("Refused: %s %s: %s%n", f.path("sessionId").asText(),
                f.path("code").asText(), f.path("message").asText())));
        if (dry && result.path("movesPlanned").asInt() > 0) {
            out.append("Dry run: nothing was changed; run again with --apply to make these moves.\n");
        }
        return out.toString();
    }
}
