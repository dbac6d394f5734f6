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
    private Follower follower = Follower.NONE;

    /** Told whenever a target gains or loses a distinct source, so another ledger (a Sensor's throughput) follows the plan. */
    public interface Follower {
        Follower NONE = new Follower() {
            @Override
            public void sourceAdded(String targetId, String eniId) {
            }

            @Override
            public void sourceRemoved(String targetId, String eniId) {
            }
        };

        void sourceAdded(String targetId, String eniId);

        void sourceRemoved(String targetId, String eniId);
    }

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

    /** From now on, every change of a target's distinct sources is told to {@code follower} (one at a time). */
    public void follow(Follower follower) {
        this.follower = follower;
    }

    public void add(String targetId, String eniId) {
        if (sessions.computeIfAbsent(targetId, k -> new HashMap<>()).merge(eniId, 1, Integer::sum) == 1) {
            follower.sourceAdded(targetId, eniId);
        }
    }

    public void remove(String targetId, String eniId) {
        var sources = sessions.get(targetId);
        if (sources != null && sources.containsKey(eniId)
                && sources.computeIfPresent(eniId, (k, n) -> n > 1 ? n - 1 : null) == null) {
            follower.sourceRemoved(targetId, eniId);
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
