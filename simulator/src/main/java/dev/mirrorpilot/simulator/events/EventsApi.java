package dev.mirrorpilot.simulator.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Amazon EventBridge PutEvents (JSON 1.1, target prefix {@code AWSEvents}) on the default bus, by
 * the API reference: 1 to 10 entries a call, else a ValidationException; each entry needs Source,
 * DetailType and Detail (else {@code InvalidArgument} in that entry), Detail a JSON object (else
 * {@code MalformedDetail}), a source not starting with {@code aws.} (else
 * {@code NotAuthorizedForSourceException}), at most 256 KB; failed entries are counted in
 * FailedEntryCount and the rest accepted. Accepted events are kept for tests to read.
 */
public final class EventsApi {
    public static final String TARGET_PREFIX = "AWSEvents.";
    static final int MAX_ENTRIES = 10;
    static final int MAX_ENTRY_BYTES = 256 * 1024;

    /** An event as a rule would see it. */
    public record Event(String id, String source, String detailType, JsonNode detail, String bus) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final List<Event> events = new ArrayList<>();

    public synchronized ObjectNode handle(String operation, JsonNode request) {
        if (!operation.equals("PutEvents")) {
            throw new AwsError(400, "UnknownOperationException", "The simulator serves PutEvents only, not " + operation);
        }
        var entries = request.path("Entries");
        if (!entries.isArray() || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw new AwsError(400, "ValidationException", "1 validation error detected: Value at 'entries' failed to satisfy "
                    + "constraint: Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        var reply = json.createObjectNode();
        var results = reply.putArray("Entries");
        int failed = 0;
        for (var entry : entries) {
            var error = check(entry);
            if (error != null) {
                failed++;
                results.addObject().put("ErrorCode", error[0]).put("ErrorMessage", error[1]);
                continue;
            }
            var id = UUID.randomUUID().toString();
            events.add(new Event(id, entry.path("Source").asText(), entry.path("DetailType").asText(), parse(entry),
                    entry.path("EventBusName").asText("default")));
            results.addObject().put("EventId", id);
        }
        reply.put("FailedEntryCount", failed);
        return reply;
    }

    private String[] check(JsonNode entry) {
        for (var field : List.of("Source", "DetailType", "Detail")) {
            if (!entry.path(field).isTextual() || entry.path(field).asText().isEmpty()) {
                return new String[] {"InvalidArgument", "Parameter " + field + " is not valid. Reason: " + field + " is a required argument."};
            }
        }
        if (entry.path("Source").asText().startsWith("aws.")) {
            return new String[] {"NotAuthorizedForSourceException", "Not authorized for the source."};
        }
        var bus = entry.path("EventBusName").asText("default");
        if (!bus.equals("default") && !bus.endsWith(":event-bus/default")) {
            return new String[] {"InvalidArgument", "The simulator has the default event bus only, not " + bus};
        }
        if (entry.toString().getBytes(StandardCharsets.UTF_8).length > MAX_ENTRY_BYTES) {
            return new String[] {"InvalidArgument", "Event entry is larger than 256 KB."};
        }
        var detail = parse(entry);
        if (detail == null || !detail.isObject()) {
            return new String[] {"MalformedDetail", "Detail is malformed."};
        }
        return null;
    }

    private JsonNode parse(JsonNode entry) {
        try {
            return json.readTree(entry.path("Detail").asText());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Events accepted so far, oldest first. */
    public synchronized List<Event> published() {
        return List.copyOf(events);
    }

    public synchronized void reset() {
        events.clear();
    }
}
