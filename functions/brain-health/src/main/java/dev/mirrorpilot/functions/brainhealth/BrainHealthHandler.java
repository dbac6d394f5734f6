package dev.mirrorpilot.functions.brainhealth;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.brain.BrainUnreachable;
import dev.mirrorpilot.brain.CheckStatus;
import dev.mirrorpilot.brain.HealthLog;
import dev.mirrorpilot.brain.HealthProblem;
import dev.mirrorpilot.brain.SensorState;
import dev.mirrorpilot.lambda.ScheduledFunction;
import dev.mirrorpilot.lambda.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Polls the Brain's health once per scheduled run: writes a JSON event per check and per Sensor,
 * and a transition per change, to the Brain's stream in the log group; counts EMF metrics; raises
 * a Security Hub finding per problem (archived when it is gone). The Brain unreachable is a result
 * (metric, log event, finding), not a failure: the next run asks again. The payload is not read.
 */
public final class BrainHealthHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BrainHealthHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The run leaves this much of the function's time for logs and findings after asking the Brain. */
    static final long RESERVE_MILLIS = 20_000;
    private static final Function<Context, BrainHealthRuntime> CONTAINER =
            ScheduledFunction.perContainer(BrainHealthRuntime::fromEnvironment);
    private final ScheduledFunction<BrainHealthRuntime> function;

    public BrainHealthHandler() {
        this(CONTAINER);
    }

    public BrainHealthHandler(Function<Context, BrainHealthRuntime> runtime) {
        this.function = new ScheduledFunction<>("brain-health", runtime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, ScheduledFunction.noPayload(), (none, functions, c, telemetry) ->
                run(functions, c, telemetry));
    }

    private static ObjectNode run(BrainHealthRuntime functions, Context context, Telemetry telemetry) {
    var settings = functions.settings();
    var brain = settings.brainUrl().getHost();
    var clock = functions.clock();
    var deadline = clock.instant().plusMillis(Math.max(1_000, context.getRemainingTimeInMillis() - RESERVE_MILLIS));
    var start = clock.instant();
    HealthLog.Poll polled;
    try {
        var fetched = functions.client().fetch(deadline);
        polled = HealthLog.Poll.answered(brain, clock.instant(), fetched.health(), fetched.latency().toMillis());
    } catch (BrainUnreachable e) {
        polled = HealthLog.Poll.failed(brain, clock.instant(), e, Duration.between(start, clock.instant()).toMillis());
    } catch (SdkException e) {
        telemetry.count("BrainSecretUnavailable", 1);
        LOG.error("the Brain's secret cannot be read ({}); check {} and the function's secretsmanager:GetSecretValue "
                + "permission; nothing was asked of the Brain", e.getClass().getSimpleName(), settings.secretArn());
        return JSON.createObjectNode().put("status", "secret-unavailable").put("secret", settings.secretArn());
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
        telemetry.count("ConfigurationInvalid", 1);
        LOG.error("the Brain's secret or CA bundle is not usable: {}; fix the secret {}", e.getMessage(), settings.secretArn());
        return JSON.createObjectNode().put("status", "secret-invalid").put("error", e.getMessage());
    }
    var poll = polled;
    var writer = new HealthLogWriter(functions.logs(), settings.logGroup(), settings.retentionDays());
    var stream = HealthLogWriter.streamOf(brain);
    var previous = HealthLog.previous(writer.lastMessage(stream));
    var events = HealthLog.events(poll, previous);
    int logCalls = writer.write(stream, events, poll.at().toEpochMilli());
    var problems = new java.util.ArrayList<>(poll.health().map(HealthProblem::of).orElse(List.of()));
    count(telemetry, poll);
    var result = JSON.createObjectNode()
            .put("status", poll.health().isEmpty() ? "unreachable" : problems.isEmpty() ? "healthy" : "unhealthy")
            .put("brain", brain).put("latencyMs", poll.latencyMillis()).put("logEvents", events.size())
            .put("logCalls", logCalls)
            .put("transitions", events.stream().filter(e -> e.contains("\"type\":\"transition\"")).count());
    poll.unreachable().ifPresent(r -> result.put("reason", r.name().toLowerCase(java.util.Locale.ROOT)).put("message", poll.why()));
    var sensors = result.putArray("sensors");
    poll.health().ifPresent(h -> h.sensors().forEach(s -> sensors.addObject().put("name", s.name()).put("luid", s.luid())
            .put("ip", s.ipAddress()).put("state", SensorState.of(s).name())));
    var list = result.putArray("problems");
    problems.forEach(p -> list.add(p.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + p.subject() + " " + p.status()));
    var instanceByIp = new java.util.HashMap<String, String>();
    poll.health().ifPresent(h -> {
        try {
            var recorded = new SensorTargetTags(functions.ec2(), functions.account()).record(h.sensors());
            instanceByIp.putAll(recorded.instanceByIp());
            var node = result.putObject("targetsTagged");
            recorded.written().forEach(node::put);
            if (!recorded.problems().isEmpty()) {
                // Ambiguous or contradictory: those Sensors' targets kept their tags; a person must look.
                var ambiguous = result.putArray("sensorsNotMatched");
                recorded.problems().forEach(ambiguous::add);
                recorded.problems().forEach(p -> problems.add(new HealthProblem(HealthProblem.Kind.SENSOR_NOT_MATCHED, p, "AMBIGUOUS",
                        p, "")));
                recorded.problems().forEach(p -> list.add("sensor_not_matched " + p));
                telemetry.count("SensorsNotMatched", recorded.problems().size());
                LOG.warn("{} Sensor record(s) could not be matched to one instance; their targets keep their tags: {}",
                        recorded.problems().size(), String.join("; ", recorded.problems()));
            }
        } catch (SdkException e) {
            // Placement keeps its last view; the next run tries again.
            telemetry.count("SensorTagsFailed", 1);
            LOG.warn("could not record the Sensors' health on their mirror targets ({}); check ec2:CreateTags and "
                    + "ec2:DescribeTrafficMirrorTargets in the function's role", e.getClass().getSimpleName());
        }
    });
    if (settings.publishFindings()) {
        var unreachable = poll.unreachable().map(r -> poll.why());
        var published = new CoverageFindings(functions.securityHub(), functions.account(), functions.region(), clock)
                .publishBrainHealth(brain, problems, unreachable, instanceByIp);
        var node = result.putObject("findings").put("active", published.active()).put("archived", published.archived());
        published.error().ifPresent(e -> node.put("error", e));
        // Alarmed with the backfill's (FindingsFailedAlarm): a down Sensor nobody hears of in Security Hub.
        telemetry.count("FindingsFailed", published.failed() + (published.error().isPresent() ? 1 : 0));
    }
    if (poll.health().isEmpty()) {
        LOG.warn("the Brain {} could not be asked for its health: {}", brain, poll.why(), entry("result", JSON.convertValue(result, Map.class)));
    } else {
        LOG.info("Brain {} {}: {} Sensor(s), {} problem(s)", brain, result.path("status").asText(), sensors.size(),
                problems.size(), entry("result", JSON.convertValue(result, Map.class)));
    }
    return result;
    }

    private static void count(Telemetry telemetry, HealthLog.Poll poll) {
        telemetry.gauge("BrainReachable", poll.health().isPresent() ? 1 : 0, MetricUnit.COUNT);
        telemetry.gauge("BrainPollLatency", poll.latencyMillis(), MetricUnit.MILLISECONDS);
        poll.health().ifPresent(h -> {
            telemetry.gauge("SensorsPaired", h.sensors().stream().filter(s -> s.isPaired()).count(), MetricUnit.COUNT);
            telemetry.gauge("SensorsNotPaired", h.sensors().stream().filter(s -> !s.isPaired()).count(), MetricUnit.COUNT);
            telemetry.gauge("SensorConnectivityWarning", h.sensors().stream()
                    .filter(s -> s.connectivity().filter(c -> c == CheckStatus.WARNING).isPresent()).count(), MetricUnit.COUNT);
            telemetry.gauge("SensorConnectivityCritical", h.sensors().stream()
                    .filter(s -> s.connectivity().filter(c -> c == CheckStatus.CRITICAL).isPresent()).count(), MetricUnit.COUNT);
            telemetry.gauge("SensorTrafficDrops", h.sensors().stream()
                    .filter(s -> s.trafficDrop().filter(t -> t == CheckStatus.WARNING).isPresent()).count(), MetricUnit.COUNT);
            h.diskUsagePercent().ifPresent(d -> telemetry.gauge("BrainDiskPercent", d, MetricUnit.PERCENT));
            h.memoryUsagePercent().ifPresent(m -> telemetry.gauge("BrainMemoryPercent", m, MetricUnit.PERCENT));
        });
    }
}
