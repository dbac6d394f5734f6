package dev.mirrorpilot.policy.capacity;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct source ENIs per target while a plan is being made (AWS limits sources, not sessions:
 * two sessions of one ENI on a target count once). Starts from every session in the inventory,
 * ours and foreign, and follows the plan's deletes, creates and moves. Mutable, private to one run.
 */
public final class TargetLoads {
    /** target id -> source ENI id -> sessions of that ENI on the target. */
    private final Map<String, Map<String, Integer>> sessions = new HashMap<>();

    public TargetLoads(List<MirrorSession> existing) {
        existing.forEach(s -> add(s.targetId(), s.sourceEniId()));
    }

    /** Distinct source ENIs on the target. */
    public int of(String targetId) {
        var sources = sessions.get(targetId);
        return sources == null ? 0 : sources.size();
    }

    /** Whether this ENI already counts against the target (a second session of it takes no room). */
    public boolean hasSource(String targetId, String eniId) {
        var sources = sessions.get(targetId);
        return sources != null && sources.containsKey(eniId);
    }

    /** Whether this ENI counts against the target through one session only (moving it away frees a source slot). */
    public boolean hasOnlyOneSession(String targetId, String eniId) {
        var sources = sessions.get(targetId);
        return sources != null && sources.getOrDefault(eniId, 0) == 1;
    }

    public void add(String targetId, String eniId) {
        sessions.computeIfAbsent(targetId, k -> new HashMap<>()).merge(eniId, 1, Integer::sum);
    }

    public void remove(String targetId, String eniId) {
        var sources = sessions.get(targetId);
        if (sources != null) {
            sources.computeIfPresent(eniId, (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    public void move(String fromTargetId, String toTargetId, String eniId) {
        remove(fromTargetId, eniId);
        add(toTargetId, eniId);
    }

    /** Distinct sources per target of a list of sessions: the AWS quota's count. */
    public static Map<String, Integer> count(List<MirrorSession> sessions) {
        var loads = new TargetLoads(sessions);
        var out = new HashMap<String, Integer>();
        loads.sessions.forEach((target, sources) -> out.put(target, sources.size()));
        return out;
    }
}
