package dev.mirrorpilot.policy.placement;

import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Session numbers on one source ENI: AWS evaluates sessions by ascending number and only the
 * first whose filter matches mirrors a packet, so numbers decide who sees the traffic.
 */
public final class SessionNumbers {
    private SessionNumbers() {
    }

    /** The lowest number at or above {@code preferred} that no session on the ENI uses. */
    public static OptionalInt lowestFree(Collection<MirrorSession> onEni, int preferred) {
        var used = onEni.stream().mapToInt(MirrorSession::sessionNumber).boxed().collect(java.util.stream.Collectors.toSet());
        for (int n = preferred; n <= MirrorSession.MAX_SESSION_NUMBER; n++) {
            if (!used.contains(n)) {
                return OptionalInt.of(n);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The foreign session that takes every packet before a session numbered {@code number}
     * would see it: a lower number and a filter accepting all traffic in both directions.
     * A filter we cannot see (another account's) is assumed not to accept everything.
     */
    public static Optional<MirrorSession> shadowing(Collection<MirrorSession> foreign, int number,
                                                    Map<String, MirrorFilter> filters) {
        return foreign.stream()
                .filter(s -> s.sessionNumber() < number)
                .filter(s -> {
                    var filter = filters.get(s.filterId());
                    return filter != null && filter.acceptsAllTraffic();
                })
                .min(Comparator.comparingInt(MirrorSession::sessionNumber));
    }
}
