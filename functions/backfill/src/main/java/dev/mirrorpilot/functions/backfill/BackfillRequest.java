package dev.mirrorpilot.functions.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.policy.report.RunChanges;
import dev.mirrorpilot.events.EventEnvelope;
import dev.mirrorpilot.policy.text.Printable;
import dev.mirrorpilot.events.StrictJson;
import dev.mirrorpilot.lambda.ScheduledFunction;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a backfill invocation is asked to do: {@code {"dryRun": bool, "vpcIds": [...], "maxChanges": n}},
 * plus the {@code continuation} a previous invocation of the same run handed on and the
 * {@code execution} name the state machine adds to the first invocation's payload (the run's id,
 * so a retried first invocation makes the same ClientTokens). Parsed strictly:
 * every unknown field or bad value is reported at once, naming the field and what is allowed, and
 * nothing is changed. An EventBridge "Scheduled Event" is read as {@code {}}: a drift reconcile.
 */
public record BackfillRequest(boolean dryRun, Set<String> vpcIds, Optional<Integer> maxChanges,
                              Optional<Continuation> continuation, Optional<String> execution) {
    static final Pattern VPC_ID = dev.mirrorpilot.policy.config.MirrorPolicy.VPC_ID;
    static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,80}");
    static final int MAX_VPCS = 1000;
    private static final ObjectMapper JSON = StrictJson.mapper();
    private static final Set<String> FIELDS = Set.of("dryRun", "vpcIds", "maxChanges", "continuation", "execution");
    /** A Step Functions execution name as the state machine passes it (names exclude spaces, quotes and the like). */
    static final Pattern EXECUTION = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    /** Where the run stands: handed from one invocation to the next, and read back strictly too. */
    public record Continuation(String runId, int invocation, Instant startedAt, Map<String, Integer> createdByVpc,
                               RunChanges changes) {
        public Continuation {
            createdByVpc = Map.copyOf(createdByVpc);
        }
    }

    /** A payload that cannot be run; {@code errors} name each field and what it allows. */
    public static final class InvalidRequestException extends ScheduledFunction.InvalidPayloadException {
        InvalidRequestException(List<String> errors) {
            super("invalid backfill payload: " + String.join("; ", errors), errors);
        }
    }

    public BackfillRequest(boolean dryRun, Set<String> vpcIds, Optional<Integer> maxChanges, Optional<Continuation> continuation) {
        this(dryRun, vpcIds, maxChanges, continuation, Optional.empty());
    }

    public BackfillRequest {
        vpcIds = Set.copyOf(vpcIds);
    }

    /** A hand-written payload only: an EventBridge event needs the function's account and region to be judged. */
    public static BackfillRequest parse(String payload) {
        return parse(payload, null);
    }

    public static BackfillRequest parse(String payload, ScheduledFunction.Origin origin) {
        JsonNode root;
        try {
            root = StrictJson.read(payload, "the payload");
        } catch (StrictJson.RefusedException e) {
            throw new InvalidRequestException(List.of(e.getMessage() + (e.reason().equals("empty")
                    ? "; send {} for a drift reconcile of the whole account, {\"dryRun\": true} for its plan" : "")));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRequestException(List.of("the payload must be a JSON object such as "
                    + "{\"dryRun\": true, \"vpcIds\": [\"vpc-0123456789abcdef0\"], \"maxChanges\": 100}"));
        }
        if (EventEnvelope.isEvent(root)) {
            if (origin == null) {
                throw new InvalidRequestException(List.of("an EventBridge event is accepted only by the deployed function, "
                        + "which can check its account and region"));
            }
            try {
                EventEnvelope.check(root, origin.account(), origin.region(), Map.of("aws.events", Set.of("Scheduled Event")), true);
            } catch (StrictJson.RefusedException e) {
                throw new InvalidRequestException(List.of(e.getMessage()));
            }
            return new BackfillRequest(false, Set.of(), Optional.empty(), Optional.empty());
        }
        var errors = new ArrayList<String>();
        root.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add("unknown field '" + Printable.of(name) + "'; allowed: dryRun, vpcIds, maxChanges (continuation is set by the function)");
            }
        });
        boolean dryRun = false;
        if (root.has("dryRun")) {
            if (root.get("dryRun").isBoolean()) {
                dryRun = root.get("dryRun").booleanValue();
            } else {
                errors.add("dryRun: " + echo(root.get("dryRun").toString()) + " is not true or false");
            }
        }
        var vpcs = new TreeSet<String>();
        if (root.has("vpcIds")) {
            var list = root.get("vpcIds");
            if (!list.isArray() || list.size() > MAX_VPCS) {
                errors.add("vpcIds: expected a list of at most " + MAX_VPCS + " VPC ids, such as [\"vpc-0123456789abcdef0\"]");
            } else if (list.isEmpty()) {
                // An empty list reads as "no VPC", not "every VPC": refuse rather than guess.
                errors.add("vpcIds: the list is empty; name at least one VPC, or leave vpcIds out to run on the whole account");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    var id = list.get(i);
                    if (!id.isTextual() || !VPC_ID.matcher(id.asText()).matches()) {
                        errors.add("vpcIds[" + i + "]: " + echo(id.toString()) + " is not a VPC id; expected vpc- and 8 or 17 hex digits, "
                                + "for example vpc-0123456789abcdef0");
                    } else {
                        vpcs.add(id.asText());
                    }
                }
            }
        }
        Optional<Integer> max = Optional.empty();
        if (root.has("maxChanges")) {
            var value = root.get("maxChanges");
            if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
                errors.add("maxChanges: " + echo(value.toString()) + " is not allowed; expected a whole number of changes, 0 or more "
                        + "(leave it out for no limit)");
            } else {
                max = Optional.of(value.intValue());
            }
        }
        var continuation = root.has("continuation") ? continuation(root.get("continuation"), errors) : Optional.<Continuation>empty();
        Optional<String> execution = Optional.empty();
        if (root.has("execution")) {
            var name = root.get("execution");
            if (!name.isTextual() || !EXECUTION.matcher(name.asText()).matches()) {
                errors.add("execution: " + echo(name.toString()) + " is not a Step Functions execution name (letters, digits,"
                        + " - and _, up to 80); the state machine sets it, leave it out when invoking by hand");
            } else {
                execution = Optional.of(name.asText());
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new BackfillRequest(dryRun, vpcs, max, continuation, execution);
    }

    private static String echo(String value) {
        return Printable.of(value);
    }

    private static Optional<Continuation> continuation(JsonNode node, List<String> errors) {
        int before = errors.size();
        if (!node.isObject()) {
            errors.add("continuation: must be the object a previous invocation returned in 'next'");
            return Optional.empty();
        }
        var runId = node.path("runId").asText("");
        if (!RUN_ID.matcher(runId).matches()) {
            errors.add("continuation.runId: " + node.path("runId") + " is not a run id (letters, digits and -, up to 80)");
        }
        int invocation = node.path("invocation").isIntegralNumber() ? node.path("invocation").intValue() : 0;
        if (invocation < 1) {
            errors.add("continuation.invocation: " + node.path("invocation") + " is not a whole number of 1 or more");
        }
        Instant started = null;
        try {
            started = Instant.parse(node.path("startedAt").asText(""));
        } catch (DateTimeParseException e) {
            errors.add("continuation.startedAt: " + node.path("startedAt") + " is not an ISO-8601 instant");
        }
        var created = new TreeMap<String, Integer>();
        node.path("createdByVpc").fields().forEachRemaining(e -> {
            if (!VPC_ID.matcher(e.getKey()).matches() || !e.getValue().isIntegralNumber() || e.getValue().intValue() < 0) {
                errors.add("continuation.createdByVpc." + e.getKey() + ": expected a VPC id and a count of 0 or more");
            } else {
                created.put(e.getKey(), e.getValue().intValue());
            }
        });
        var c = node.path("changes");
        var counts = new int[6];
        var names = new String[] {"created", "retargeted", "deleted", "alreadyGone", "refusedForCapacity", "failed"};
        for (int i = 0; i < names.length; i++) {
            var value = c.path(names[i]);
            if (!value.isIntegralNumber() || value.intValue() < 0) {
                errors.add("continuation.changes." + names[i] + ": " + value + " is not a count of 0 or more");
            } else {
                counts[i] = value.intValue();
            }
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!Set.of("runId", "invocation", "startedAt", "createdByVpc", "changes").contains(name)) {
                errors.add("continuation: unknown field '" + name + "'");
            }
        });
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Continuation(runId, invocation, started, created,
                new RunChanges(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])));
    }

    /** This request as the payload of the next invocation of its run. */
    public ObjectNode next(Continuation continuation) {
        var node = JSON.createObjectNode().put("dryRun", dryRun);
        if (!vpcIds.isEmpty()) {
            var list = node.putArray("vpcIds");
            vpcIds.stream().sorted().forEach(list::add);
        }
        maxChanges.ifPresent(m -> node.put("maxChanges", m));
        var c = node.putObject("continuation").put("runId", continuation.runId()).put("invocation", continuation.invocation())
                .put("startedAt", continuation.startedAt().toString());
        var created = c.putObject("createdByVpc");
        new TreeMap<>(continuation.createdByVpc()).forEach(created::put);
        c.set("changes", JSON.valueToTree(continuation.changes()));
        return node;
    }
}
