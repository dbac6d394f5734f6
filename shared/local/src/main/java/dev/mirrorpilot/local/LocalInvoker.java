package dev.mirrorpilot.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Calls a stream handler in this process, as Lambda would, and reads its JSON result. */
public final class LocalInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalInvoker() {
    }

    public static JsonNode invoke(RequestStreamHandler handler, byte[] event, Context context) throws IOException {
        var result = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), result, context);
        return JSON.readTree(result.toByteArray());
    }

    public static JsonNode invoke(RequestStreamHandler handler, String event, Context context) throws IOException {
        return invoke(handler, event.getBytes(StandardCharsets.UTF_8), context);
    }
}
