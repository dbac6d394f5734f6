package dev.mirrorpilot.functions.rebalance;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.lambda.AwsFailure;
import dev.mirrorpilot.lambda.Telemetry;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

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
    private static volatile RebalanceRuntime container;

    private final Function<Context, RebalanceRuntime> runtime;

    public RebalanceHandler() {
        this(context -> {
            if (container == null) {
                container = RebalanceRuntime.fromEnvironment(System.getenv(), context.getInvokedFunctionArn());
            }
            return container;
        });
    }

    /** With the runtime a test (or the CLI) builds. */
    public RebalanceHandler(Function<Context, RebalanceRuntime> runtime) {
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        var raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        var result = PowertoolsLogging.withLogging(context, () -> handle(raw, context));
        output.write(JSON.writeValueAsBytes(result));
    }

    private ObjectNode handle(String raw, Context context) {
        var telemetry = new Telemetry();
        try {
            RebalanceRequest request;
            try {
                request = RebalanceRequest.parse(raw);
            } catch (RebalanceRequest.InvalidRequestException e) {
                telemetry.count("PayloadRejected", 1);
                LOG.warn("rebalance payload refused, nothing read or changed: fix the payload and invoke again",
                        entry("errors", e.errors()));
                var result = JSON.createObjectNode().put("status", "rejected");
                e.errors().forEach(result.putArray("errors")::add);
                return result;
            }
            RebalanceRuntime functions;
            try {
                functions = runtime.apply(context);
            } catch (InvalidPolicyException e) {
                telemetry.count("ConfigurationInvalid", 1);
                LOG.error("MirrorPilot is misconfigured: fix these settings in the stack parameters",
                        entry("errors", e.errors().stream().map(Object::toString).toList()));
                throw e;
            }
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
        } finally {
            telemetry.flush();
        }
    }
}
