package dev.mirrorpilot.functions.rebalance;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.lambda.AwsFailure;
import dev.mirrorpilot.lambda.ScheduledFunction;
import dev.mirrorpilot.lambda.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Moves MirrorPilot sessions off crowded targets: invoked by the near-limit event attach-on-launch
 * emits, by the state machine after each drift reconcile, and by hand ({@code {"dryRun": true}}).
 * One runs at a time: the function's reserved concurrency is 1. A bad payload is refused before
 * anything is read; the result lists the moves, the shortfalls and what to add.
 */
public final class RebalanceHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RebalanceHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stop starting moves this long before the Lambda deadline. */
    static final long STOP_MARGIN_MILLIS = 30_000;
    private static final Function<Context, RebalanceRuntime> CONTAINER = ScheduledFunction.perContainer(RebalanceRuntime::fromEnvironment);

    private final ScheduledFunction<RebalanceRuntime> function;

    public RebalanceHandler() {
        this(CONTAINER);
    }

    /** With the runtime a test (or the CLI) builds. */
    public RebalanceHandler(Function<Context, RebalanceRuntime> runtime) {
        this.function = new ScheduledFunction<>("rebalance", runtime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, RebalanceRequest::parse, RebalanceHandler::run);
    }

    private static ObjectNode run(RebalanceRequest request, RebalanceRuntime functions, Context context, Telemetry telemetry) {
    long deadline = System.nanoTime() + Math.max(0L, context.getRemainingTimeInMillis() - STOP_MARGIN_MILLIS) * 1_000_000L;
    try {
        var outcome = RebalanceRun.run(functions, request, "rebalance-" + context.getAwsRequestId(), Clock.systemUTC(),
                () -> System.nanoTime() < deadline, action -> { });
        var result = outcome.result();
        telemetry.count("RebalanceMoves", result.path("movesMade").asInt());
        if (!request.dryRun()) {
            // Alarmed (TargetsStayCrowdedAlarm): what a real run could not relieve, not what a dry run shows.
            telemetry.count("RebalanceShortfalls", result.path("shortfalls").size());
        }
        telemetry.count("RebalanceFailures", result.path("failures").size());
        var findings = result.path("findings");
        if (findings.isObject()) {
            // Alarmed with the backfill's (FindingsFailedAlarm): a shortfall nobody hears of in Security Hub.
            telemetry.count("FindingsFailed", findings.path("failed").asInt() + (findings.has("error") ? 1 : 0));
        }
        LOG.info("rebalance {}: {} of {} planned moves made (lower bound {}), {} target(s) with no room left, {} deferred",
                outcome.status().label(), result.path("movesMade").asInt(), result.path("movesPlanned").asInt(),
                result.path("lowerBound").asInt(), result.path("shortfalls").size(), result.path("deferred").asInt(),
                entry("result", JSON.convertValue(result, Map.class)));
        result.path("shortfalls").forEach(s -> LOG.warn("target {} stays crowded: {}", s.path("targetId").asText(),
                s.path("advice").asText()));
        if (outcome.status() == RebalanceRun.Status.PERMISSION_DENIED) {
            telemetry.count("PermissionDenied", 1);
            LOG.error("EC2 refused a move for lack of permission; nothing else was tried. Check the function's role "
                    + "(ec2:ModifyTrafficMirrorSession on sessions tagged mirrorpilot:managed=true)");
        }
        return result;
    } catch (SdkException e) {
        return AwsFailure.handle(e, telemetry, LOG, "the next trigger runs it again",
                "AWS refused a read: {}; check the function's role (EC2 Describe*, cloudwatch:GetMetricData), nothing was changed");
    }
    }
}
