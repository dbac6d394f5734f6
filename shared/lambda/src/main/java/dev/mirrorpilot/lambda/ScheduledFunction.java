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

    /** Reads the payload; throws {@link InvalidPayloadException} for one that cannot be run. */
    public interface PayloadReader<P> {
        P read(String raw);
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
     * A runtime built from the environment and the function's ARN on the first invocation, and kept
     * for the container's life.
     */
    public static <R> Function<Context, R> perContainer(BiFunction<Map<String, String>, String, R> fromEnvironment) {
        var built = new AtomicReference<R>();
        return context -> built.updateAndGet(r -> r != null ? r : fromEnvironment.apply(System.getenv(),
                context.getInvokedFunctionArn()));
    }

    /** For a function that reads no payload. */
    public static PayloadReader<Void> noPayload() {
        return raw -> null;
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
                request = payload.read(raw);
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
