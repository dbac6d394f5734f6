package dev.mirrorpilot.policy.capacity;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sources per target while a plan is being made: starts from every session in the inventory
 * (ours and foreign ones, which count against AWS limits alike) and follows the plan's
 * deletes, creates and moves. Mutable, and private to one planning run.
 */
public final class TargetLoads {
    private final Map<String, Integer> loads = new HashMap<>();

    public TargetLoads(List<MirrorSession> sessions) {
        for (var session : sessions) {
            loads.merge(session.targetId(), 1, Integer::sum);
        }
    }

    public int of(String targetId) {
        return loads.getOrDefault(targetId, 0);
    }

    public void add(String targetId) {
        loads.merge(targetId, 1, Integer::sum);
    }

    public void remove(String targetId) {
        loads.merge(targetId, -1, Integer::sum);
    }

    public void move(String fromTargetId, String toTargetId) {
        remove(fromTargetId);
        add(toTargetId);
    }
}
