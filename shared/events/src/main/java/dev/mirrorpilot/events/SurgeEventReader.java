package dev.mirrorpilot.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.policy.text.Printable;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the events that ask for surge mirroring, through the same contract as every entry point
 * (strict JSON, the envelope, this account and region, well-formed ids, bounded numbers and text):
 * a GuardDuty finding on an EC2 instance ({@code aws.guardduty}, {@code GuardDuty Finding},
 * {@code detail.resource.instanceDetails.instanceId}, numeric {@code detail.severity}), or a
 * {@code MirrorPilot Surge Request} (source {@code mirrorpilot}; {@code detail.instanceId}, optional
 * {@code minutes} 1..1440 and {@code reason}). A finding on anything but an instance is not-relevant.
 */
public final class SurgeEventReader {
    public static final String GUARDDUTY = "GuardDuty Finding";
    public static final String SURGE_REQUEST = "MirrorPilot Surge Request";
    static final int MAX_MINUTES = 1440;
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");

    private final String account;
    private final String region;

    public SurgeEventReader(String account, String region) {
        this.account = account;
        this.region = region;
    }

    /** Whether an event's source is one this reader takes (the batch reader's switch). */
    public static boolean takes(JsonNode event) {
        var source = event.path("source").asText("");
        return source.equals("aws.guardduty") || source.equals("mirrorpilot") && SURGE_REQUEST.equals(event.path("detail-type").asText(""));
    }

    public ChangeVerdict read(String raw) {
        JsonNode event;
        try {
            event = StrictJson.read(raw, "the event");
        } catch (StrictJson.RefusedException e) {
            return reject("", e.reason().equals("empty") ? "not-an-object" : e.reason(), e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return reject("", "not-an-object", "the event is empty or not a JSON object");
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.check(event, account, region, Map.of("aws.guardduty", Set.of(GUARDDUTY),
                    "mirrorpilot", Set.of(SURGE_REQUEST)), false);
        } catch (StrictJson.RefusedException e) {
            return reject(event.path("id").isTextual() ? event.path("id").asText() : "", e.reason(), e.getMessage());
        }
        var detail = envelope.detail();
        var time = event.path("time").asText("");
        if (envelope.detailType().equals(GUARDDUTY)) {
            var resource = detail.path("resource");
            if (!"Instance".equals(resource.path("resourceType").asText(""))) {
                return reject(envelope.id(), "not-relevant", "the finding is about a " + Printable.of(resource.path("resourceType")
                        .asText("resource")) + ", not an EC2 instance");
            }
            var instanceId = resource.path("instanceDetails").path("instanceId");
            if (!instanceId.isTextual() || !INSTANCE_ID.matcher(instanceId.asText()).matches()) {
                return reject(envelope.id(), "bad-parameters", "detail.resource.instanceDetails.instanceId must be an instance id");
            }
            var severity = detail.get("severity");
            if (severity == null || !severity.isNumber() || !(severity.asDouble() >= 0 && severity.asDouble() <= 10)) {
                return reject(envelope.id(), "bad-parameters", "detail.severity must be a number from 0 to 10");
            }
            var type = detail.path("type").asText("");
            var reason = "GuardDuty " + (type.isEmpty() ? "finding" : type) + " (severity " + severity.asDouble() + ")";
            return new ChangeVerdict.Accepted(new ChangeEvent.SurgeRequested(envelope.id(), GUARDDUTY,
                    new ChangeEvent.Principal("AWSService", "guardduty.amazonaws.com", ""), time, instanceId.asText(),
                    severity.asDouble(), 0, Printable.of(reason)));
        }
        var instanceId = detail.get("instanceId");
        if (instanceId == null || !instanceId.isTextual() || !INSTANCE_ID.matcher(instanceId.asText()).matches()) {
            return reject(envelope.id(), "bad-parameters", "detail.instanceId must be an instance id (i- and 8 or 17 hex digits)");
        }
        int minutes = 0;
        var given = detail.get("minutes");
        if (given != null) {
            if (!given.isIntegralNumber() || given.asLong() < 1 || given.asLong() > MAX_MINUTES) {
                return reject(envelope.id(), "bad-parameters", "detail.minutes must be a whole number from 1 to " + MAX_MINUTES);
            }
            minutes = given.asInt();
        }
        var reason = detail.get("reason");
        if (reason != null && (!reason.isTextual() || reason.asText().length() > 256)) {
            return reject(envelope.id(), "bad-parameters", "detail.reason must be a string of at most 256 characters");
        }
        var identity = new ChangeEvent.Principal("EventBridge", "", "");
        return new ChangeVerdict.Accepted(new ChangeEvent.SurgeRequested(envelope.id(), SURGE_REQUEST, identity, time,
                instanceId.asText(), 10, minutes, Printable.of(reason == null ? "surge request" : reason.asText())));
    }

    private static ChangeVerdict reject(String id, String reason, String message) {
        return new ChangeVerdict.Rejected(Printable.of(id), reason, message);
    }
}
