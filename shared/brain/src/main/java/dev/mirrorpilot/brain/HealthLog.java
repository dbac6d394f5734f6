package dev.mirrorpilot.brain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one poll writes to the Brain's log stream, as JSON events: one per Brain check and one per
 * Sensor, a {@code transition} for every Sensor or check whose state changed since the last run,
 * and last a {@code snapshot} of every state. The snapshot is where the previous state lives
 * between runs: the next run reads the stream's last event, so a cold start, a new container or a
 * redeploy still sees the changes, and no other store is needed. Pure.
 */
public final class HealthLog {
    public static final String SNAPSHOT = "snapshot";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A poll's outcome: the health when the Brain answered, else why it did not. */
    public record Poll(String brain, Instant at, Optional<BrainHealth> health, Optional<BrainUnreachable.Reason> unreachable,
                       String why, long latencyMillis) {
        public static Poll answered(String brain, Instant at, BrainHealth health, long latencyMillis) {
            return new Poll(brain, at, Optional.of(health), Optional.empty(), "", latencyMillis);
        }

        public static Poll failed(String brain, Instant at, BrainUnreachable error, long latencyMillis) {
            return new Poll(brain, at, Optional.empty(), Optional.of(error.reason()), error.getMessage(), latencyMillis);
        }
    }

    private HealthLog() {
    }

    /** Every state this poll knows: {@code brain}, {@code sensor:<luid or name>}, {@code check:<name>}. */
    public static Map<String, String> states(Poll poll) {
        var states = new TreeMap<String, String>();
        states.put("brain", poll.health().isPresent() ? "reachable" : "unreachable");
        poll.health().ifPresent(health -> {
            health.sensors().forEach(s -> states.put(sensorKey(s), SensorState.of(s).name()));
            health.checks().forEach(c -> states.put("check:" + c.name(), c.status().name()));
        });
        return states;
    }

    public static String sensorKey(SensorHealth sensor) {
        return "sensor:" + (sensor.luid().isEmpty() ? sensor.name() : sensor.luid());
    }

    /**
     * @param previous the last run's states (empty on the first run: no transitions are invented);
     *                 states of an unreachable run are not compared, since the Brain said nothing of them
     */
    public static List<String> events(Poll poll, Map<String, String> previous) {
        var out = new ArrayList<String>();
        var at = poll.at().toString();
        if (poll.health().isEmpty()) {
            out.add(event("brain", poll, at).put("reachable", false).put("reason", poll.unreachable().get().name().toLowerCase(java.util.Locale.ROOT))
                    .put("message", poll.why()).toString());
        } else {
            var health = poll.health().get();
            out.add(event("brain", poll, at).put("reachable", true).put("latencyMs", poll.latencyMillis())
                    .put("vectraVersion", health.vectraVersion()).put("issues", health.issues().size()).toString());
            health.checks().forEach(c -> out.add(event("check", poll, at).put("check", c.name()).put("status", c.status().name())
                    .put("detail", c.detail()).toString()));
            health.sensors().forEach(s -> out.add(event("sensor", poll, at).put("sensor", s.name()).put("luid", s.luid())
                    .put("ip", s.ipAddress()).put("status", s.status()).put("connectivity", s.connectivity().map(Enum::name).orElse(""))
                    .put("trafficDrop", s.trafficDrop().map(Enum::name).orElse("")).put("state", SensorState.of(s).name()).toString()));
            health.issues().forEach(i -> out.add(event("issue", poll, at).put("issue", i).toString()));
        }
        var now = states(poll);
        if (!previous.isEmpty()) {
            for (var entry : now.entrySet()) {
                var before = previous.get(entry.getKey());
                boolean comparable = poll.health().isPresent() || entry.getKey().equals("brain");
                if (comparable && before != null && !before.equals(entry.getValue())) {
                    out.add(event("transition", poll, at).put("subject", entry.getKey()).put("from", before)
                            .put("to", entry.getValue()).toString());
                }
            }
            if (poll.health().isPresent()) {
                previous.keySet().stream().filter(k -> !now.containsKey(k) && !k.equals("brain")).forEach(k ->
                        out.add(event("transition", poll, at).put("subject", k).put("from", previous.get(k)).put("to", "gone").toString()));
            }
        }
        // An unreachable run carries the last known Sensor and check states forward, so that the next answer compares with them.
        var carried = new TreeMap<>(poll.health().isPresent() ? Map.<String, String>of() : previous);
        carried.putAll(now);
        var snapshot = event(SNAPSHOT, poll, at);
        var states = snapshot.putObject("states");
        carried.forEach(states::put);
        out.add(snapshot.toString());
        return List.copyOf(out);
    }

    /** The states in a stream's last event, if it is a snapshot; empty otherwise (first run, or another writer). */
    public static Map<String, String> previous(Optional<String> lastMessage) {
        if (lastMessage.isEmpty()) {
            return Map.of();
        }
        try {
            var node = JSON.readTree(lastMessage.get());
            if (node == null || !SNAPSHOT.equals(node.path("type").asText()) || !node.path("states").isObject()) {
                return Map.of();
            }
            var out = new TreeMap<String, String>();
            node.path("states").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    private static ObjectNode event(String type, Poll poll, String at) {
        return JSON.createObjectNode().put("type", type).put("brain", poll.brain()).put("at", at);
    }
}
