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

    private final ObjectMapper json = new ObjectMapper();
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
            return reject("", "not-json", "the event is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (event == null || !event.isObject()) {
            return reject("", "not-an-object", "the event is empty or not a JSON object");
        }
        var id = event.path("id").asText("");
        if (!event.path("source").asText("").equals("aws.ec2")) {
            return reject(id, "wrong-source", "source '" + event.path("source").asText("") + "' is not aws.ec2;"
                    + " check the EventBridge rule's pattern");
        }
        var account = event.path("account").asText("");
        if (!account.equals(this.account)) {
            return reject(id, "other-account", "the event is from account '" + account + "', this function serves "
                    + this.account + "; each account needs its own MirrorPilot stack");
        }
        var region = event.path("region").asText("");
        if (!region.equals(this.region)) {
            return reject(id, "other-region", "the event is from region '" + region + "', this function serves "
                    + this.region);
        }
        var detail = event.path("detail");
        if (!detail.isObject()) {
            return reject(id, "no-detail", "the event has no detail object");
        }
        var type = event.path("detail-type").asText("");
        if (type.equals(STATE_CHANGE)) {
            return stateChange(id, detail);
        }
        if (type.equals(CLOUDTRAIL_CALL)) {
            return cloudTrail(id, detail);
        }
        return reject(id, "wrong-detail-type", "detail-type '" + type + "' is not handled; expected '" + STATE_CHANGE
                + "' or '" + CLOUDTRAIL_CALL + "'");
    }

    private EventVerdict stateChange(String id, JsonNode detail) {
        var instanceId = detail.path("instance-id").asText("");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            return reject(id, "bad-instance-id", "detail.instance-id '" + instanceId + "' is not an instance id");
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
            return reject(id, "call-not-handled", "CloudTrail call '" + name + "' is not handled; expected one of "
                    + ENI_CALLS.stream().sorted().toList());
        }
        if (detail.hasNonNull("errorCode")) {
            return reject(id, "call-failed", "the " + name + " call failed (" + detail.get("errorCode").asText()
                    + "); nothing changed");
        }
        var parameters = detail.path("requestParameters");
        var eni = parameters.path("networkInterfaceId").asText("");
        switch (name) {
            case "AttachNetworkInterface" -> {
                var instanceId = parameters.path("instanceId").asText("");
                if (!INSTANCE_ID.matcher(instanceId).matches() || !ENI_ID.matcher(eni).matches()
                        || !parameters.path("deviceIndex").canConvertToInt()) {
                    return reject(id, "bad-parameters", "requestParameters need instanceId, networkInterfaceId and deviceIndex");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceAttached(id, account, region, instanceId, eni,
                        parameters.get("deviceIndex").asInt()));
            }
            case "DetachNetworkInterface" -> {
                var attachment = parameters.path("attachmentId").asText("");
                if (!ATTACHMENT_ID.matcher(attachment).matches()) {
                    return reject(id, "bad-parameters", "requestParameters.attachmentId '" + attachment + "' is not an attachment id");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceDetached(id, account, region, attachment));
            }
            default -> {
                if (!ENI_ID.matcher(eni).matches()) {
                    return reject(id, "bad-parameters", "requestParameters.networkInterfaceId '" + eni + "' is not an ENI id");
                }
                return new EventVerdict.Accepted(new Ec2Event.InterfaceDeleted(id, account, region, eni));
            }
        }
    }

    private static EventVerdict reject(String id, String reason, String message) {
        return new EventVerdict.Rejected(id, reason, message);
    }
}
