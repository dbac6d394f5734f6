package dev.mirrorpilot.functions.tamper;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.events.ChangeEventReader;
import dev.mirrorpilot.events.ChangeVerdict;
import dev.mirrorpilot.events.EventEnvelope;
import dev.mirrorpilot.events.StrictJson;
import dev.mirrorpilot.lambda.ScheduledFunction;
import dev.mirrorpilot.policy.text.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * The function's input: an SQS batch (the queue the EventBridge rule feeds, so a burst arrives as
 * one batch) whose every body is read by {@link ChangeEventReader}, or one EventBridge event invoked
 * directly (a test, {@code sam local invoke}, a replay). A record that is not an SQS message with a
 * string body is refused on its own; a payload that is neither shape is refused whole.
 */
final class ChangeBatchReader implements ScheduledFunction.PayloadReader<List<ChangeVerdict>> {
    /** SQS hands a function at most 10,000 messages per batch. */
    static final int MAX_RECORDS = 10_000;
    /** Only to route a body to its reader, which then reads it strictly; one mapper for every record. */
    private static final com.fasterxml.jackson.databind.ObjectMapper DISPATCH = new com.fasterxml.jackson.databind.ObjectMapper();

    static final class RefusedPayload extends ScheduledFunction.InvalidPayloadException {
        RefusedPayload(String message) {
            super(message, List.of(message));
        }
    }

    @Override
    public List<ChangeVerdict> read(String raw, ScheduledFunction.Origin origin) {
        JsonNode root;
        try {
            root = StrictJson.read(raw, "the payload");
        } catch (StrictJson.RefusedException e) {
            throw new RefusedPayload(e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RefusedPayload("the payload is empty or not a JSON object; expected an SQS batch (Records) or one "
                    + "EventBridge event");
        }
        var changes = new ChangeEventReader(origin.account(), origin.region());
        var surges = new dev.mirrorpilot.events.SurgeEventReader(origin.account(), origin.region());
        java.util.function.Function<String, ChangeVerdict> reader = body -> {
            try {
                var parsed = DISPATCH.readTree(body);
                if (parsed != null && dev.mirrorpilot.events.SurgeEventReader.takes(parsed)) {
                    return surges.read(body);
                }
            } catch (java.io.IOException e) {
                // The change reader refuses it with the reason.
            }
            return changes.read(body);
        };
        if (!root.has("Records")) {
            if (!EventEnvelope.isEvent(root)) {
                throw new RefusedPayload("the payload is neither an SQS batch (Records) nor an EventBridge event");
            }
            return List.of(reader.apply(raw));
        }
        var records = root.get("Records");
        if (!records.isArray() || records.size() > MAX_RECORDS) {
            throw new RefusedPayload("Records must be a list of at most " + MAX_RECORDS + " SQS messages");
        }
        var verdicts = new ArrayList<ChangeVerdict>();
        for (var record : records) {
            var id = record.path("messageId").isTextual() ? Printable.of(record.get("messageId").asText()) : "";
            if (!record.path("eventSource").asText("").equals("aws:sqs") || !record.path("body").isTextual()) {
                verdicts.add(new ChangeVerdict.Rejected(id, "not-an-sqs-message",
                        "record " + id + " is not an SQS message with a string body (eventSource aws:sqs)"));
                continue;
            }
            verdicts.add(reader.apply(record.get("body").asText()));
        }
        return verdicts;
    }
}
