package dev.mirrorpilot.functions.rebalance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.events.EventEnvelope;
import dev.mirrorpilot.policy.text.Printable;
import dev.mirrorpilot.events.StrictJson;
import dev.mirrorpilot.lambda.ScheduledFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a rebalance is asked to do: {@code {"dryRun": bool, "maxMoves": n, "trigger": "..."}} by
 * hand or from the state machine after a drift reconcile; an EventBridge event (a
 * {@code MirrorPilot Target Near Limit} event from attach-on-launch, or a classic scheduled one) is
 * a real run with that trigger, once its envelope is the function's own (source, account, region,
 * resource ARNs, no payload field beside it: {@code "dryRun"} next to {@code "detail-type"} is
 * refused rather than ignored). Read with the one input contract ({@link StrictJson}): an empty
 * payload, trailing data, an unknown field, a key given twice or a bad value is refused, naming the
 * field and what it allows, and nothing is read or changed.
 */
public record RebalanceRequest(boolean dryRun, Optional<Integer> maxMoves, String trigger) {
    public static final String NEAR_LIMIT_DETAIL_TYPE = "MirrorPilot Target Near Limit";
    private static final Set<String> FIELDS = Set.of("dryRun", "maxMoves", "trigger");
    private static final Map<String, Set<String>> EVENTS = Map.of("mirrorpilot", Set.of(NEAR_LIMIT_DETAIL_TYPE),
            "aws.events", Set.of("Scheduled Event"));
    private static final java.util.regex.Pattern TARGET_ID = java.util.regex.Pattern.compile("tmt-[0-9a-f]{8}([0-9a-f]{9})?");

    /** A payload that cannot be run; {@code errors} name each field and what it allows. */
    public static final class InvalidRequestException extends ScheduledFunction.InvalidPayloadException {
        InvalidRequestException(List<String> errors) {
            super("invalid rebalance payload: " + String.join("; ", errors), errors);
        }
    }

    /** A hand-written payload only: an EventBridge event needs the function's account and region to be judged. */
    public static RebalanceRequest parse(String payload) {
        return parse(payload, null);
    }

    public static RebalanceRequest parse(String payload, ScheduledFunction.Origin origin) {
        JsonNode root;
        try {
            root = StrictJson.read(payload, "the payload");
        } catch (StrictJson.RefusedException e) {
            throw new InvalidRequestException(List.of(e.getMessage() + (e.reason().equals("empty")
                    ? "; send {\"dryRun\": true} to see the moves, {\"dryRun\": false} to make them" : "")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(List.of("the payload must be a JSON object such as {\"dryRun\": true}"));
        }
        if (EventEnvelope.isEvent(root)) {
            if (origin == null) {
                throw new InvalidRequestException(List.of("an EventBridge event is accepted only by the deployed function, "
                        + "which can check its account and region"));
            }
            EventEnvelope envelope;
            try {
                envelope = EventEnvelope.check(root, origin.account(), origin.region(), EVENTS, true);
            } catch (StrictJson.RefusedException e) {
                throw new InvalidRequestException(List.of(e.getMessage()));
            }
            if (envelope.detailType().equals(NEAR_LIMIT_DETAIL_TYPE)) {
                var target = envelope.detail().path("targetId");
                if (!target.isTextual() || !TARGET_ID.matcher(target.asText()).matches()) {
                    throw new InvalidRequestException(List.of("detail.targetId " + Printable.of(target.toString())
                            + " is not a mirror target id (tmt- and 8 or 17 lower-case hex digits)"));
                }
                return new RebalanceRequest(false, Optional.empty(), "near-limit:" + target.asText());
            }
            return new RebalanceRequest(false, Optional.empty(), "schedule");
        }
        var errors = new ArrayList<String>();
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add("unknown field '" + Printable.of(name) + "'; allowed: dryRun, maxMoves, trigger");
            }
        });
        boolean dryRun = false;
        if (root.has("dryRun")) {
            if (root.get("dryRun").isBoolean()) {
                dryRun = root.get("dryRun").asBoolean();
            } else {
                errors.add("dryRun must be true or false");
            }
        }
        Optional<Integer> maxMoves = Optional.empty();
        if (root.has("maxMoves")) {
            var node = root.get("maxMoves");
            if (node.isInt() && node.asInt() >= 0 && node.asInt() <= 10_000) {
                maxMoves = Optional.of(node.asInt());
            } else {
                errors.add("maxMoves must be a whole number 0..10000");
            }
        }
        var trigger = "manual";
        if (root.has("trigger")) {
            var node = root.get("trigger");
            if (node.isTextual() && node.asText().matches("[A-Za-z0-9:._-]{1,64}")) {
                trigger = node.asText();
            } else {
                errors.add("trigger must be a short name (letters, digits, ':', '.', '_', '-'; at most 64)");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new RebalanceRequest(dryRun, maxMoves, trigger);
    }
}
