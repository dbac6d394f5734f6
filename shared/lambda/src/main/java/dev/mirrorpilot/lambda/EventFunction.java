package dev.mirrorpilot.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.ec2.InstanceNotVisibleException;
import dev.mirrorpilot.events.Ec2Event;
import dev.mirrorpilot.events.EventReader;
import dev.mirrorpilot.events.EventVerdict;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.model.InstanceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The shell every event-driven function shares: read and validate the event, refuse bad ones with
 * one structured log line and a metric (and a normal return: retrying cannot fix them), act, log
 * and count what happened; rethrow what is transient so Lambda retries, and fail the invocation on
 * a change EC2 refuses for good ({@link ChangeRefusedException}, logged at ERROR with what to do and
 * counted as {@code ChangesRefused}) so that Lambda's two retries end in the dead-letter queue and
 * the Errors alarm fires. Logs carry {@code event_id} and {@code instance_id}.
 */
public final class EventFunction {
    private static final Logger LOG = LoggerFactory.getLogger(EventFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an accepted event led to, written back as the function's result. */
    public interface Action extends Function<Ec2Event, ObjectNode> {
    }

    private final Function<Context, FunctionRuntime> runtime;
    private final Set<InstanceState> states;

    public EventFunction(Function<Context, FunctionRuntime> runtime, Set<InstanceState> states) {
        this.runtime = runtime;
        this.states = Set.copyOf(states);
    }

    public void handle(InputStream input, OutputStream output, Context context, Function<FunctionRuntime, Action> action)
            throws IOException {
        var raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        var result = PowertoolsLogging.withLogging(context, () -> run(raw, context, action));
        output.write(JSON.writeValueAsBytes(result));
    }

    private ObjectNode run(String raw, Context context, Function<FunctionRuntime, Action> action) {
        var telemetry = new Telemetry();
        try {
            FunctionRuntime functions;
            try {
                functions = runtime.apply(context);
            } catch (InvalidPolicyException e) {
                telemetry.count("ConfigurationInvalid", 1);
                LOG.error("MirrorPilot is misconfigured: fix these settings in the stack parameters, then replay the "
                        + "events from the dead-letter queue", entry("errors", e.errors().stream().map(Object::toString).toList()));
                throw e;
            }
            var verdict = new EventReader(functions.account(), functions.region(), states).read(raw);
            if (verdict instanceof EventVerdict.Rejected rejected) {
                telemetry.rejected(rejected.reason());
                LOG.warn("event rejected, nothing changed: {}", rejected.message(), entry("event_id", rejected.eventId()),
                        entry("reason", rejected.reason()));
                return JSON.createObjectNode().put("status", "rejected").put("reason", rejected.reason())
                        .put("message", rejected.message());
            }
            var event = ((EventVerdict.Accepted) verdict).event();
            MDC.put("event_id", event.eventId());
            MDC.put("instance_id", event.instanceId());
            try {
                var result = action.apply(functions).apply(event);
                telemetry.count("SessionsCreated", result.path("created").size());
                telemetry.count("SessionsDeleted", result.path("deleted").size());
                telemetry.count("TargetNearLimit", result.path("targetsNearLimit").asInt(0));
                telemetry.count("NearLimitEventsFailed", result.path("nearLimitEventsFailed").asInt(0));
                result.path("skipped").forEach(s -> telemetry.rejectedOrSkipped(s.asText()));
                LOG.info("event handled", entry("result", JSON.convertValue(result, java.util.Map.class)));
                var failures = result.path("failures");
                if (!failures.isEmpty()) {
                    // A change EC2 refused for good is a failure of this event, not a normal result.
                    var code = failures.get(0).path("code").asText();
                    telemetry.count("ChangesRefused", failures.size());
                    LOG.error("EC2 refused {} change(s) for good ({}): {}", failures.size(), code,
                            ChangeRefusedException.advice(code), entry("code", code),
                            entry("message", failures.get(0).path("message").asText()));
                    throw new ChangeRefusedException(code, failures.get(0).path("message").asText());
                }
                return result;
            } catch (SdkException e) {
                var failed = AwsFailure.handle(e, telemetry, LOG, "the event will be retried by Lambda",
                        "EC2 refused a call: {}; check the function's IAM role and the resource");
                var code = failed.path("code").asText();
                telemetry.count("ChangesRefused", 1);
                LOG.error("the event is not handled: {}", ChangeRefusedException.advice(code), entry("code", code));
                throw new ChangeRefusedException(code, failed.path("message").asText());
            } catch (InstanceNotVisibleException e) {
                LOG.warn(e.getMessage());
                throw e;
            } finally {
                MDC.remove("event_id");
                MDC.remove("instance_id");
            }
        } finally {
            telemetry.flush();
        }
    }
}
