package dev.mirrorpilot.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The shell the scheduled and hand-invoked functions share (backfill, rebalance, brain-health): a
 * payload that cannot be run is refused before anything is read or built (one WARN line,
 * {@code PayloadRejected}, a {@code rejected} result: retrying cannot fix it); a bad setting is
 * logged at ERROR, counted as {@code ConfigurationInvalid} and rethrown; metrics are flushed
 * whatever happens; the result is written as JSON. What a run does stays the function's.
 */
public final class ScheduledFunction<R> {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A payload that cannot be run, with every reason. */
    public static class InvalidPayloadException extends IllegalArgumentException {
        private final transient List<String> errors;

        protected InvalidPayloadException(String message, List<String> errors) {
            super(message);
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    /** The account and region the function serves, from its ARN: an event from elsewhere is refused. */
    public record Origin(String account, String region) {
        /** {@code arn:aws:lambda:eu-west-1:111122223333:function:name} -> 111122223333, eu-west-1. */
        public static Origin of(Context context) {
            var arn = context.getInvokedFunctionArn();
            var parts = arn == null ? new String[0] : arn.split(":");
            return new Origin(FunctionRuntime.accountOf(arn), parts.length > 3 ? parts[3] : "");
        }
    }

    /** Reads the payload; throws {@link InvalidPayloadException} for one that cannot be run. */
    public interface PayloadReader<P> {
        P read(String raw, Origin origin);
    }

    /** What one invocation does with its payload and the container's runtime. */
    public interface Run<P, R> {
        ObjectNode run(P payload, R runtime, Context context, Telemetry telemetry);
    }

    private final String name;
    private final Function<Context, R> runtime;

    /** {@code name}: the function as logs name it ({@code backfill}). */
    public ScheduledFunction(String name, Function<Context, R> runtime) {
        this.name = name;
        this.runtime = runtime;
    }

    /**
     * A runtime built from the {@link StackSettings} and the function's ARN on the first invocation,
     * kept for the container's life and built again when the settings read at an invocation changed.
     */
    public static <R> Function<Context, R> perContainer(BiFunction<Map<String, String>, String, R> fromSettings) {
        return perContainer(StackSettings.of(System.getenv()), fromSettings);
    }

    /** As {@link #perContainer(BiFunction)} with settings a test or a harness built. */
    public static <R> Function<Context, R> perContainer(StackSettings settings, BiFunction<Map<String, String>, String, R> fromSettings) {
        record Built<R>(Map<String, String> settings, R runtime) {
        }
        var built = new AtomicReference<Built<R>>();
        return context -> {
            var current = settings.current();
            return built.updateAndGet(b -> b != null && b.settings().equals(current) ? b
                    : new Built<>(current, fromSettings.apply(current, context.getInvokedFunctionArn()))).runtime();
        };
    }

    /** For a function that reads no payload. */
    public static PayloadReader<Void> noPayload() {
        return (raw, origin) -> null;
    }

    public <P> void handle(InputStream input, OutputStream output, Context context, PayloadReader<P> payload, Run<P, R> run)
            throws IOException {
        var raw = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        var result = PowertoolsLogging.withLogging(context, () -> handle(raw, context, payload, run));
        output.write(JSON.writeValueAsBytes(result));
    }

    private <P> ObjectNode handle(String raw, Context context, PayloadReader<P> payload, Run<P, R> run) {
        var telemetry = new Telemetry();
        try {
            P request;
            try {
                request = payload.read(raw, Origin.of(context));
            } catch (InvalidPayloadException e) {
                telemetry.count("PayloadRejected", 1);
                LOG.warn("{} payload refused, nothing read or changed: fix the payload and invoke again", name,
                        entry("errors", e.errors()));
                var result = JSON.createObjectNode().put("status", "rejected");
                e.errors().forEach(result.putArray("errors")::add);
                return result;
            }
            R functions;
            try {
                functions = runtime.apply(context);
            } catch (InvalidPolicyException e) {
                telemetry.count("ConfigurationInvalid", 1);
                LOG.error("MirrorPilot {} is misconfigured: fix these settings in the stack parameters, then invoke it again",
                        name, entry("errors", e.errors().stream().map(Object::toString).toList()));
                throw e;
            }
            return run.run(request, functions, context, telemetry);
        } finally {
            telemetry.flush();
        }
    }
}
