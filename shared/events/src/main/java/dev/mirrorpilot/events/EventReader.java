package dev.mirrorpilot.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.policy.model.InstanceState;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads EventBridge events from raw JSON, strictly: anything that is not an EC2 event for this
 * account and region, with well-formed ids and a state or call MirrorPilot handles, is
 * {@link EventVerdict.Rejected} with a reason, never an exception (a thrown error would make
 * Lambda retry an event that can never succeed).
 */
public final class EventReader {
    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String CLOUDTRAIL_CALL = "AWS API Call via CloudTrail";
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ENI_ID = Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ATTACHMENT_ID = Pattern.compile("eni-attach-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Set<String> ENI_CALLS = Set.of("AttachNetworkInterface", "DetachNetworkInterface",
            "DeleteNetworkInterface");

    // A duplicate key is ambiguous (which value wins is the parser's choice): refuse it.
    private final ObjectMapper json = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    /** Values echoed in messages are cut to this many characters: an event is untrusted input. */
    static final int ECHO_LIMIT = 100;
    private final String account;
    private final String region;
    private final Set<InstanceState> states;

    /**
     * @param account the account the function runs in (from its ARN); events of others are refused
     * @param region  the function's region
     * @param states  the states this function handles; other state changes are refused
     */
    public EventReader(String account, String region, Set<InstanceState> states) {
        this.account = account;
        this.region = region;
        this.states = Set.copyOf(states);
    }

    public EventVerdict read(String raw) {
        JsonNode event;
        try {
            event = raw == null || raw.isBlank() ? null : json.readTree(raw);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                return reject("", "duplicate-key", "the event has a key twice (" + echo(e.getOriginalMessage())
                        + "); which value counts would be a guess, so nothing is done");
            }
            return reject("", "not-json", "the event is not valid JSON (" + echo(e.getOriginalMessage()) + ")");
        }
        if (event == null || !event.isObject()) {
            return reject("", "not-an-object", "the event is empty or not a JSON object");
        }
        var wrongType = java.util.stream.Stream.of("id", "source", "account", "region", "detail-type")
                .filter(field -> event.has(field) && !event.get(field).isTextual()).findFirst();
        if (wrongType.isPresent()) {
            return reject(text(event, "id"), "wrong-type", wrongType.get() + " must be a JSON string, was "
                    + echo(event.get(wrongType.get()).toString()));
        }
        var id = text(event, "id");
        if (id.isBlank()) {
            return reject("", "no-id", "the event has no id; EventBridge always sets one and MirrorPilot derives "
                    + "its idempotency tokens from it, so an event without one is not handled");
        }
        if (!text(event, "source").equals("aws.ec2")) {
            return reject(id, "wrong-source", "source '" + echo(text(event, "source")) + "' is not aws.ec2;"
                    + " check the EventBridge rule's pattern");
        }
        var account = text(event, "account");
        if (!account.matches("\\d{12}")) {
            return reject(id, "bad-account", "account '" + echo(account) + "' is not a 12-digit AWS account id");
        }
        if (!account.equals(this.account)) {
            return reject(id, "other-account", "the event is from account '" + account + "', this function serves "
                    + this.account + "; each account needs its own MirrorPilot stack");
        }
        var region = text(event, "region");
        if (!region.equals(this.region)) {
            return reject(id, "other-region", "the event is from region '" + echo(region) + "', this function serves "
                    + this.region);
        }
        var detail = event.path("detail");
        if (!detail.isObject()) {
            return reject(id, "no-detail", "the event has no detail object");
        }
        var type = text(event, "detail-type");
        if (type.equals(STATE_CHANGE)) {
            return stateChange(id, detail);
        }
        if (type.equals(CLOUDTRAIL_CALL)) {
            return cloudTrail(id, detail);
        }
        return reject(id, "wrong-detail-type", "detail-type '" + echo(type) + "' is not handled; expected '" + STATE_CHANGE
                + "' or '" + CLOUDTRAIL_CALL + "'");
    }

    private EventVerdict stateChange(String id, JsonNode detail) {
        var instanceId = text(detail, "instance-id");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            return reject(id, "bad-instance-id", "detail.instance-id '" + echo(instanceId) + "' is not an instance id"
                    + " (expected i- and 8 or 17 lower-case hex digits, as a JSON string)");
        }
        InstanceState state;
        try {
            state = InstanceState.fromAws(detail.path("state").asText(""));
        } catch (IllegalArgumentException e) {
            return reject(id, "bad-state", "detail.state: " + e.getMessage());
        }
        if (!states.contains(state)) {
            return reject(id, "state-not-handled", "state '" + state.awsName() + "' is not handled by this function;"
                    + " check the EventBridge rule's pattern");
        }
        return new EventVerdict.Accepted(new Ec2Event.InstanceStateChanged(id, account, region, instanceId, state));
    }

    private EventVerdict cloudTrail(String id, JsonNode detail) {
        var name = detail.path("eventName").asText("");
        if (!detail.path("eventSource").asText("").equals("ec2.amazonaws.com") || !ENI_CALLS.contains(name)) {
            return reject(id, "call-not-handled", "CloudTrail call '" + echo(name) + "' is not handled; expected one of "
                    + ENI_CALLS.stream().sorted().toList());
        }
        if (detail.hasNonNull("errorCode")) {
            return reject(id, "call-failed", "the " + name + " call failed (" + echo(detail.get("errorCode").asText())
                    + "); nothing changed");
        }
        var parameters = detail.path("requestParameters");
        var eni = text(parameters, "networkInterfaceId");
        switch (name) {
            case "AttachNetworkInterface" -> {
                var instanceId = text(parameters, "instanceId");
                if (!INSTANCE_ID.matcher(instanceId).matches() || !ENI_ID.matcher(eni).matches()
                        || !parameters.path("deviceIndex").isInt()) {
                    return reject(id, "bad-parameters", "requestParameters need instanceId (i- and 8 or 17 hex digits), "
                            + "networkInterfaceId (eni- and 8 or 17 hex digits) as strings and deviceIndex as a number");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceAttached(id, account, region, instanceId, eni,
                        parameters.get("deviceIndex").asInt()));
            }
            case "DetachNetworkInterface" -> {
                var attachment = text(parameters, "attachmentId");
                if (!ATTACHMENT_ID.matcher(attachment).matches()) {
                    return reject(id, "bad-parameters", "requestParameters.attachmentId '" + echo(attachment)
                            + "' is not an attachment id (expected eni-attach- and 8 or 17 hex digits)");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceDetached(id, account, region, attachment));
            }
            default -> {
                if (!ENI_ID.matcher(eni).matches()) {
                    return reject(id, "bad-parameters", "requestParameters.networkInterfaceId '" + echo(eni)
                            + "' is not an ENI id (expected eni- and 8 or 17 hex digits)");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceDeleted(id, account, region, eni));
            }
        }
    }

    private static EventVerdict reject(String id, String reason, String message) {
        return new EventVerdict.Rejected(echo(id), reason, message);
    }

    /** A field's text if it is a JSON string; anything else (a number, an object, absent) reads as empty. */
    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** An untrusted value as it may appear in a message or log: at most {@link #ECHO_LIMIT} characters. */
    static String echo(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "... (" + value.length() + " characters)";
    }
}
