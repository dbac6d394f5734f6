package dev.mirrorpilot.functions.tamper;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ENI each of MirrorPilot's sessions mirrored, as this container last read or created it. CloudTrail's
 * {@code DeleteTrafficMirrorSession} names the session alone; a session's source ENI never changes, so this
 * names where to look. A hint, never a ground to act: the ENI's instance is read fresh, the instance is
 * reconciled like a launch, and the whole account is read when the hint is missing or restores nothing.
 * Bounded (an account holds at most 10,000 sessions per region).
 */
final class SessionMemo {
    private static final int MAX_SESSIONS = 20_000;
    private final Map<String, String> eniOfSession = new ConcurrentHashMap<>();

    /** Remembers MirrorPilot's sessions among these (another team's are never restored by MirrorPilot). */
    void remember(Collection<MirrorSession> sessions) {
        for (var session : sessions) {
            if (session.isManaged() && (eniOfSession.size() < MAX_SESSIONS || eniOfSession.containsKey(session.id()))) {
                eniOfSession.put(session.id(), session.sourceEniId());
            }
        }
    }

    /** The ENIs these sessions mirrored; empty unless every one of them is known. */
    Optional<Set<String>> enisOf(Set<String> sessionIds) {
        var out = new TreeSet<String>();
        for (var id : sessionIds) {
            var eni = eniOfSession.get(id);
            if (eni == null) {
                return Optional.empty();
            }
            out.add(eni);
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** Those of these sessions this container knows as MirrorPilot's. */
    Set<String> known(Set<String> sessionIds) {
        var out = new TreeSet<String>();
        sessionIds.stream().filter(eniOfSession::containsKey).forEach(out::add);
        return out;
    }

    void forget(Set<String> sessionIds) {
        sessionIds.forEach(eniOfSession::remove);
    }
}
