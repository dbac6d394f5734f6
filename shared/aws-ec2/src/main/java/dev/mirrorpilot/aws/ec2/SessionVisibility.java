package dev.mirrorpilot.aws.ec2;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/**
 * EC2 reads are eventually consistent: a session just created can be missing from
 * DescribeTrafficMirrorSessions for a moment. Before a run hands on to its next invocation, which
 * reads the account again, this waits until the last sessions it created are visible, so the next
 * plan counts them instead of creating them again.
 */
public final class SessionVisibility {
    /** Values in one Describe filter; the last ones created stand for the rest, created before them. */
    static final int CHECKED = 100;

    private SessionVisibility() {
    }

    /** True once the last (up to 100) of {@code sessionIds} are visible; false if they are not after the backoff. */
    public static boolean await(Ec2Client ec2, List<String> sessionIds, Backoff backoff) {
        if (sessionIds.isEmpty()) {
            return true;
        }
        var last = List.copyOf(sessionIds.subList(Math.max(0, sessionIds.size() - CHECKED), sessionIds.size()));
        for (int attempt = 0; ; attempt++) {
            if (visible(ec2, last).containsAll(last)) {
                return true;
            }
            if (attempt >= backoff.delays().size()) {
                return false;
            }
            try {
                backoff.sleeper().sleep(backoff.delays().get(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private static Set<String> visible(Ec2Client ec2, List<String> ids) {
        return ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000)
                        .filters(f -> f.name("traffic-mirror-session-id").values(ids)))
                .trafficMirrorSessions().stream().map(TrafficMirrorSession::trafficMirrorSessionId).collect(Collectors.toSet());
    }
}
