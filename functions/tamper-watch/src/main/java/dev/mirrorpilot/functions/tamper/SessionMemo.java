package dev.mirrorpilot.functions.tamper;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which instance each of MirrorPilot's sessions mirrored when this container last read it. CloudTrail's
 * {@code DeleteTrafficMirrorSession} names the session alone; this names the instance to reconcile. A
 * hint, never a ground to act: the instance is read fresh, and the whole account is read when the hint
 * is missing or restores nothing. Bounded (an account holds at most 10,000 sessions per region).
 */
final class SessionMemo {
    private static final int MAX_SESSIONS = 20_000;
    private final Map<String, String> instanceOfSession = new ConcurrentHashMap<>();

    /** Remembers every MirrorPilot session of a read, and those created after it, with the instance its ENI is attached to. */
    void remember(Inventory inventory, Collection<MirrorSession> createdSince) {
        var instanceOfEni = new HashMap<String, String>();
        inventory.allInterfaces().forEach(e -> e.attachment().ifPresent(a -> instanceOfEni.put(e.id(), a.instanceId())));
        for (var session : inventory.sessions()) {
            if (session.isManaged()) {
                put(session.id(), instanceOfEni.get(session.sourceEniId()));
            }
        }
        createdSince.forEach(session -> put(session.id(), instanceOfEni.get(session.sourceEniId())));
    }

    /** Remembers the sessions a reconcile of one instance created. */
    void remember(String instanceId, Collection<String> createdSessionIds) {
        createdSessionIds.forEach(id -> put(id, instanceId));
    }

    private void put(String sessionId, String instanceId) {
        if (sessionId != null && instanceId != null
                && (instanceOfSession.size() < MAX_SESSIONS || instanceOfSession.containsKey(sessionId))) {
            instanceOfSession.put(sessionId, instanceId);
        }
    }

    /** The instances these sessions mirrored; empty unless every one of them is known. */
    Optional<Set<String>> instancesOf(Set<String> sessionIds) {
        var out = new TreeSet<String>();
        for (var id : sessionIds) {
            var instance = instanceOfSession.get(id);
            if (instance == null) {
                return Optional.empty();
            }
            out.add(instance);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    void forget(Set<String> sessionIds) {
        sessionIds.forEach(instanceOfSession::remove);
    }
}
