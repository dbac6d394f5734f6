package dev.mirrorpilot.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.policy.text.Printable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the CloudTrail calls that change mirroring or what scopes it, as EventBridge delivers them
 * ({@code AWS API Call via CloudTrail}, source {@code aws.ec2}), with the same contract as every
 * other entry point: strict JSON, the envelope checked ({@link EventEnvelope}), the call a handled
 * one that succeeded, ids well formed. A refusal is a {@link ChangeVerdict.Rejected}, never an exception.
 *
 * <p>CloudTrail writes the newer EC2 calls' parameters inside an object named after the request
 * ({@code {"DeleteTrafficMirrorSessionRequest": {"TrafficMirrorSessionId": ...}}}) and the older ones
 * flat in camel case; both are read (which one traffic-mirroring calls use is unverified).
 */
public final class ChangeEventReader {
    /** The calls that change MirrorPilot's sessions, targets or filter. */
    public static final Set<String> TAMPER_CALLS = Set.of("DeleteTrafficMirrorSession", "ModifyTrafficMirrorSession",
            "DeleteTrafficMirrorTarget", "DeleteTrafficMirrorFilter", "DeleteTrafficMirrorFilterRule",
            "ModifyTrafficMirrorFilterRule");
    /** The calls that change tags. */
    public static final Set<String> TAG_CALLS = Set.of("CreateTags", "DeleteTags");
    static final int MAX_TAGGED_RESOURCES = 1000;
    private static final Pattern HEX_ID = Pattern.compile("(i|eni|tms|tmt|tmf|tmfr)-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Map<String, String[]> PARAMETER = Map.of(
            "DeleteTrafficMirrorSession", new String[] {"TrafficMirrorSessionId", "tms"},
            "ModifyTrafficMirrorSession", new String[] {"TrafficMirrorSessionId", "tms"},
            "DeleteTrafficMirrorTarget", new String[] {"TrafficMirrorTargetId", "tmt"},
            "DeleteTrafficMirrorFilter", new String[] {"TrafficMirrorFilterId", "tmf"},
            "DeleteTrafficMirrorFilterRule", new String[] {"TrafficMirrorFilterRuleId", "tmfr"},
            "ModifyTrafficMirrorFilterRule", new String[] {"TrafficMirrorFilterRuleId", "tmfr"});

    private final String account;
    private final String region;

    public ChangeEventReader(String account, String region) {
        this.account = account;
        this.region = region;
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
            envelope = EventEnvelope.check(event, account, region, Map.of("aws.ec2", Set.of(EventReader.CLOUDTRAIL_CALL)), false);
        } catch (StrictJson.RefusedException e) {
            var id = event.path("id").isTextual() ? event.path("id").asText() : "";
            return reject(id, e.reason().equals("no-source") ? "wrong-source" : e.reason(), e.getMessage());
        }
        var id = envelope.id();
        var detail = envelope.detail();
        var call = text(detail, "eventName");
        if (!text(detail, "eventSource").equals("ec2.amazonaws.com") || !TAMPER_CALLS.contains(call) && !TAG_CALLS.contains(call)) {
            return reject(id, "call-not-handled", "CloudTrail call '" + Printable.of(call) + "' is not handled; expected one of "
                    + new TreeSet<>(union()));
        }
        if (detail.hasNonNull("errorCode")) {
            return reject(id, "call-failed", "the " + call + " call failed (" + Printable.of(detail.get("errorCode").asText())
                    + "); nothing changed");
        }
        var callRegion = text(detail, "awsRegion");
        if (!callRegion.isEmpty() && !callRegion.equals(region)) {
            return reject(id, "other-region", "the call was made in region '" + Printable.of(callRegion) + "', this function serves "
                    + region);
        }
        var principal = principal(detail.path("userIdentity"));
        var time = text(detail, "eventTime");
        if (!time.matches("[0-9T:.Z+-]{0,40}")) {
            return reject(id, "bad-parameters", "detail.eventTime '" + Printable.of(time) + "' is not an ISO-8601 time");
        }
        var parameters = detail.path("requestParameters");
        if (TAG_CALLS.contains(call)) {
            return tags(id, call, principal, time, parameters);
        }
        var spec = PARAMETER.get(call);
        var resource = parameter(parameters, call, spec[0]);
        if (!HEX_ID.matcher(resource).matches() || !resource.startsWith(spec[1] + "-")) {
            return reject(id, "bad-parameters", "requestParameters." + spec[0] + " '" + Printable.of(resource) + "' is not a "
                    + spec[1] + "- id (" + spec[1] + "- and 8 or 17 lower-case hex digits, as a JSON string)");
        }
        ChangeEvent change = switch (call) {
            case "DeleteTrafficMirrorSession" -> new ChangeEvent.SessionDeleted(id, call, principal, time, resource);
            case "ModifyTrafficMirrorSession" -> new ChangeEvent.SessionModified(id, call, principal, time, resource);
            case "DeleteTrafficMirrorTarget" -> new ChangeEvent.TargetDeleted(id, call, principal, time, resource);
            case "DeleteTrafficMirrorFilter" -> new ChangeEvent.FilterDeleted(id, call, principal, time, resource);
            default -> new ChangeEvent.FilterRuleChanged(id, call, principal, time, resource);
        };
        return new ChangeVerdict.Accepted(change);
    }

    private ChangeVerdict tags(String id, String call, ChangeEvent.Principal principal, String time, JsonNode parameters) {
        var items = parameters.path("resourcesSet").path("items");
        if (!items.isArray() || items.isEmpty()) {
            return reject(id, "bad-parameters", "requestParameters.resourcesSet.items must be a non-empty list of {resourceId}");
        }
        if (items.size() > MAX_TAGGED_RESOURCES) {
            return reject(id, "bad-parameters", "requestParameters.resourcesSet.items lists " + items.size()
                    + " resources; EC2 takes at most " + MAX_TAGGED_RESOURCES);
        }
        var resources = new LinkedHashSet<String>();
        for (var item : items) {
            var resource = text(item, "resourceId");
            if (!HEX_ID.matcher(resource).matches() && !resource.matches("[a-z]+-[0-9a-zA-Z]{1,40}")) {
                return reject(id, "bad-parameters", "requestParameters.resourcesSet.items[].resourceId '" + Printable.of(resource)
                        + "' is not an EC2 resource id");
            }
            if (HEX_ID.matcher(resource).matches() && (resource.startsWith("i-") || resource.startsWith("eni-")
                    || resource.startsWith("tmt-"))) {
                resources.add(resource);
            }
        }
        if (resources.isEmpty()) {
            return reject(id, "not-relevant", "the " + call + " call tagged no instance, ENI or mirror target");
        }
        var keys = new TreeSet<String>();
        var tagItems = parameters.path("tagSet").path("items");
        if (!tagItems.isMissingNode() && !tagItems.isNull() && !tagItems.isArray()) {
            return reject(id, "bad-parameters", "requestParameters.tagSet.items must be a list of {key, value}");
        }
        for (var item : tagItems) {
            var key = item.get("key");
            if (key == null || !key.isTextual() || key.asText().isEmpty() || key.asText().length() > 128) {
                return reject(id, "bad-parameters", "requestParameters.tagSet.items[].key must be a string of 1 to 128 characters");
            }
            keys.add(key.asText());
        }
        if (call.equals("CreateTags") && keys.isEmpty()) {
            return reject(id, "bad-parameters", "a CreateTags call names at least one tag (requestParameters.tagSet.items)");
        }
        return new ChangeVerdict.Accepted(new ChangeEvent.TagsChanged(id, call, principal, time, new ArrayList<>(resources), keys));
    }

    /** A request parameter in either of CloudTrail's shapes; empty when absent or not a string. */
    private static String parameter(JsonNode parameters, String call, String field) {
        var wrapped = parameters.path(call + "Request").get(field);
        if (wrapped != null) {
            return wrapped.isTextual() ? wrapped.asText() : "";
        }
        var camel = Character.toLowerCase(field.charAt(0)) + field.substring(1);
        return text(parameters, parameters.has(camel) ? camel : field);
    }

    private static ChangeEvent.Principal principal(JsonNode identity) {
        return new ChangeEvent.Principal(bounded(text(identity, "type")), bounded(text(identity, "arn")),
                bounded(text(identity.path("sessionContext").path("sessionIssuer"), "arn")));
    }

    /** Text from outside, made safe to print and log, and short. */
    private static String bounded(String value) {
        var printable = Printable.of(value);
        return printable.length() <= 512 ? printable : printable.substring(0, 509) + "...";
    }

    private static Set<String> union() {
        var all = new TreeSet<>(TAMPER_CALLS);
        all.addAll(TAG_CALLS);
        return all;
    }

    private static ChangeVerdict reject(String id, String reason, String message) {
        return new ChangeVerdict.Rejected(Printable.of(id), reason, message);
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }
}
