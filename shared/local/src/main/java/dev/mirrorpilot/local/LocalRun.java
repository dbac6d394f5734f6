package dev.mirrorpilot.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a continuing handler (the backfill) in this process as the state machine does in AWS: invoke, and while
 * the result carries {@code next}, invoke again with it (each time with a fresh context, as each
 * Lambda invocation has its own deadline). For the CLI, the demo, tests and benchmarks.
 */
public final class LocalRun {
    private LocalRun() {
    }

    /** Every invocation's result, in order; the last one has no {@code next}. */
    public static List<JsonNode> follow(RequestStreamHandler handler, String payload, Supplier<Context> context,
                                        Consumer<JsonNode> afterEach) throws IOException {
        var results = new ArrayList<JsonNode>();
        var next = payload;
        while (next != null) {
            var result = LocalInvoker.invoke(handler, next, context.get());
            results.add(result);
            afterEach.accept(result);
            next = result.has("next") ? result.get("next").toString() : null;
        }
        return results;
    }
}
