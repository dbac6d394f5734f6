package dev.mirrorpilot.events;

import dev.mirrorpilot.policy.text.Printable;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The EventBridge envelope of an event MirrorPilot acts on, checked the one way for every function:
 * the typed fields are strings, an id is present, the source and detail-type are ones this function
 * was built for, the account and region are the function's own, every resource ARN names that
 * account and region (or none), and the detail is an object. A refusal carries a stable reason code
 * and a message with the found value ({@link Printable}) and what is allowed.
 */
public record EventEnvelope(String id, String source, String detailType, String account, String region, JsonNode detail) {
    /** The fields EventBridge puts in an event (replay-name on a replayed one). */
    public static final Set<String> FIELDS = Set.of("version", "id", "detail-type", "source", "account", "time", "region",
            "resources", "detail", "replay-name");
    private static final Pattern ARN = Pattern.compile("arn:[a-z-]+:[a-z0-9-]+:([a-z0-9-]*):(\\d{12}|aws|):.+");

    /** Whether a JSON object is shaped as an EventBridge event rather than a hand-written payload. */
    public static boolean isEvent(JsonNode root) {
        return root.has("detail-type") || root.has("source") || root.has("detail");
    }

    /**
     * @param accepted            detail-types accepted per source
     * @param onlyEnvelopeFields  refuse fields EventBridge does not write (a payload field such as
     *                            {@code dryRun} beside {@code detail-type} would otherwise be ignored)
     * @throws StrictJson.RefusedException with the reason code of the first defect
     */
    public static EventEnvelope check(JsonNode event, String account, String region, Map<String, Set<String>> accepted,
                                      boolean onlyEnvelopeFields) {
        for (var field : new String[] {"id", "source", "account", "region", "detail-type"}) {
            if (event.has(field) && !event.get(field).isTextual()) {
                throw new StrictJson.RefusedException("wrong-type", field + " must be a JSON string, was "
                        + Printable.of(event.get(field).toString()));
            }
        }
        if (onlyEnvelopeFields) {
            var extra = new java.util.TreeSet<String>();
            event.fieldNames().forEachRemaining(name -> {
                if (!FIELDS.contains(name)) {
                    extra.add(Printable.of(name));
                }
            });
            if (!extra.isEmpty()) {
                throw new StrictJson.RefusedException("unknown-field", "an EventBridge event has no field " + extra
                        + "; an event always runs for real, so send a payload without detail-type and source (such as "
                        + "{\"dryRun\": true}) to choose");
            }
        }
        var id = text(event, "id");
        if (id.isBlank()) {
            throw new StrictJson.RefusedException("no-id", "the event has no id; EventBridge always sets one and MirrorPilot "
                    + "derives its idempotency tokens from it, so an event without one is not handled");
        }
        var source = text(event, "source");
        if (source.isEmpty()) {
            throw new StrictJson.RefusedException("no-source", "the event has no source; expected one of "
                    + accepted.keySet().stream().sorted().toList());
        }
        if (!accepted.containsKey(source)) {
            throw new StrictJson.RefusedException("wrong-source", "source '" + Printable.of(source) + "' is not "
                    + String.join(" or ", accepted.keySet().stream().sorted().toList()) + "; check the EventBridge rule's pattern");
        }
        var eventAccount = text(event, "account");
        if (!eventAccount.matches("\\d{12}")) {
            throw new StrictJson.RefusedException("bad-account", "account '" + Printable.of(eventAccount)
                    + "' is not a 12-digit AWS account id");
        }
        if (!eventAccount.equals(account)) {
            throw new StrictJson.RefusedException("other-account", "the event is from account '" + eventAccount
                    + "', this function serves " + account + "; each account needs its own MirrorPilot stack");
        }
        var eventRegion = text(event, "region");
        if (!eventRegion.equals(region)) {
            throw new StrictJson.RefusedException("other-region", "the event is from region '" + Printable.of(eventRegion)
                    + "', this function serves " + region);
        }
        var resources = event.path("resources");
        if (!resources.isMissingNode() && !resources.isArray()) {
            throw new StrictJson.RefusedException("wrong-type", "resources must be a list of ARNs");
        }
        for (var resource : resources) {
            var matcher = ARN.matcher(resource.isTextual() ? resource.asText() : "");
            if (!matcher.matches()) {
                throw new StrictJson.RefusedException("bad-resource", "resources holds '" + Printable.of(resource.toString())
                        + "', which is not an ARN");
            }
            var arnRegion = matcher.group(1);
            var arnAccount = matcher.group(2);
            if (!arnRegion.isEmpty() && !arnRegion.equals(region) || arnAccount.matches("\\d{12}") && !arnAccount.equals(account)) {
                throw new StrictJson.RefusedException("other-resource", "resource " + Printable.of(resource.asText())
                        + " is not in account " + account + " and region " + region + ", which the event names");
            }
        }
        var detail = event.path("detail");
        if (!detail.isObject()) {
            throw new StrictJson.RefusedException("no-detail", "the event has no detail object");
        }
        var type = text(event, "detail-type");
        if (!accepted.get(source).contains(type)) {
            throw new StrictJson.RefusedException("wrong-detail-type", "detail-type '" + Printable.of(type)
                    + "' is not handled; expected " + accepted.get(source).stream().sorted().map(t -> "'" + t + "'").toList());
        }
        return new EventEnvelope(id, source, type, eventAccount, eventRegion, detail);
    }

    private static String text(JsonNode node, String field) {
        var value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : "";
    }
}
