package dev.mirrorpilot.events;

import dev.mirrorpilot.policy.text.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.policy.model.InstanceState;
import java.util.Map;
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
    public static final String LAUNCH_LIFECYCLE = "EC2 Instance-launch Lifecycle Action";
    private static final Pattern TOKEN = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9_./-]{1,255}");
    private static final Pattern GROUP_NAME = Pattern.compile("[\\x21-\\x7e]([\\x20-\\x7e]{0,253}[\\x21-\\x7e])?");
    private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ENI_ID = Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern ATTACHMENT_ID = Pattern.compile("eni-attach-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Set<String> ENI_CALLS = Set.of("AttachNetworkInterface", "DetachNetworkInterface",
            "DeleteNetworkInterface");

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
            event = StrictJson.read(raw, "the event");
        } catch (StrictJson.RefusedException e) {
            return reject("", e.reason().equals("empty") ? "not-an-object" : e.reason(), e.getMessage());
        }
        if (event == null || !event.isObject()) {
            return reject("", "not-an-object", "the event is empty or not a JSON object");
        }
        EventEnvelope envelope;
        try {
            // AWS may add envelope fields; an EC2 event is judged by the ones it documents.
            envelope = EventEnvelope.check(event, account, region, Map.of("aws.ec2", Set.of(STATE_CHANGE, CLOUDTRAIL_CALL),
                    "aws.autoscaling", Set.of(LAUNCH_LIFECYCLE)), false);
        } catch (StrictJson.RefusedException e) {
            var id = event.path("id").isTextual() ? event.path("id").asText() : "";
            return reject(id, e.reason().equals("no-source") ? "wrong-source" : e.reason(), e.getMessage());
        }
        var id = envelope.id();
        var detail = envelope.detail();
        if (envelope.detailType().equals(LAUNCH_LIFECYCLE)) {
            return lifecycle(id, detail);
        }
        return envelope.detailType().equals(STATE_CHANGE) ? stateChange(id, detail) : cloudTrail(id, detail);
    }

    private EventVerdict lifecycle(String id, JsonNode detail) {
        var instanceId = text(detail, "EC2InstanceId");
        if (!INSTANCE_ID.matcher(instanceId).matches()) {
            return reject(id, "bad-instance-id", "detail.EC2InstanceId '" + echo(instanceId) + "' is not an instance id");
        }
        if (!"autoscaling:EC2_INSTANCE_LAUNCHING".equals(text(detail, "LifecycleTransition"))) {
            return reject(id, "state-not-handled", "detail.LifecycleTransition '" + echo(text(detail, "LifecycleTransition"))
                    + "' is not autoscaling:EC2_INSTANCE_LAUNCHING; check the EventBridge rule's pattern");
        }
        var token = text(detail, "LifecycleActionToken");
        var hook = text(detail, "LifecycleHookName");
        var group = text(detail, "AutoScalingGroupName");
        if (!TOKEN.matcher(token).matches() || !HOOK_NAME.matcher(hook).matches() || !GROUP_NAME.matcher(group).matches()) {
            return reject(id, "bad-parameters", "detail needs LifecycleActionToken (a UUID), LifecycleHookName (1 to 255 of "
                    + "A-Z a-z 0-9 _ . / -) and AutoScalingGroupName (1 to 255 printable ASCII characters) as strings");
        }
        return new EventVerdict.Accepted(new Ec2Event.LaunchLifecycleAction(id, account, region, instanceId, group, hook, token));
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

    /** An untrusted value as it may appear in a message or log ({@link Printable}). */
    static String echo(String value) {
        return Printable.of(value);
    }
}
