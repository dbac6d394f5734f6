package dev.mirrorpilot.functions.rebalance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.lambda.ScheduledFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a rebalance is asked to do: {@code {"dryRun": bool, "maxMoves": n, "trigger": "..."}} by
 * hand or from the state machine after a drift reconcile; an EventBridge event (a
 * {@code MirrorPilot Target Near Limit} event from attach-on-launch, or a scheduled one) is read
 * as a real run with that trigger. Parsed strictly: an unknown field, a key given twice or a bad
 * value is refused, naming the field and what it allows, and nothing is read or changed.
 */
public record RebalanceRequest(boolean dryRun, Optional<Integer> maxMoves, String trigger) {
    public static final String NEAR_LIMIT_DETAIL_TYPE = "MirrorPilot Target Near Limit";
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("dryRun", "maxMoves", "trigger");

    /** A payload that cannot be run; {@code errors} name each field and what it allows. */
    public static final class InvalidRequestException extends ScheduledFunction.InvalidPayloadException {
        InvalidRequestException(List<String> errors) {
            super("invalid rebalance payload: " + String.join("; ", errors), errors);
        }
    }

    public static RebalanceRequest parse(String payload) {
        JsonNode root;
        try {
            root = payload == null || payload.isBlank() ? JSON.createObjectNode() : JSON.readTree(payload);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new InvalidRequestException(List.of(e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? "the payload has a key twice (" + e.getOriginalMessage() + "); give each of dryRun, maxMoves and trigger at most once"
                    : "the payload is not JSON: " + e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(List.of("the payload must be a JSON object such as {\"dryRun\": true}"));
        }
        if (root.has("detail-type") && root.has("source")) {
            var type = root.path("detail-type").asText();
            if (type.equals(NEAR_LIMIT_DETAIL_TYPE)) {
                return new RebalanceRequest(false, Optional.empty(), "near-limit:" + root.path("detail").path("targetId").asText("?"));
            }
            if (type.equals("Scheduled Event")) {
                return new RebalanceRequest(false, Optional.empty(), "schedule");
            }
            throw new InvalidRequestException(List.of("an EventBridge event of detail-type '" + type + "' does not start a "
                    + "rebalance; expected '" + NEAR_LIMIT_DETAIL_TYPE + "' or 'Scheduled Event'"));
        }
        var errors = new ArrayList<String>();
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add("unknown field '" + name + "'; allowed: dryRun, maxMoves, trigger");
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
