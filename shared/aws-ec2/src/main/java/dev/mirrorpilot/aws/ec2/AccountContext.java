package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import java.util.List;

/**
 * What changes rarely and every plan needs: targets (with their VPC, zone and Sensor type),
 * filters, connectivity, the Sensors' type facts, the sessions on the targets (their load), and
 * what stands behind the targets (whether they can receive).
 * Kept for a warm container with a TTL, and reloaded when a target error says it is stale.
 */
public record AccountContext(List<MirrorTarget> targets, List<MirrorFilter> filters, Connectivity connectivity,
                             List<InstanceTypeFacts> sensorTypes, List<MirrorSession> sessionsOnTargets, Receivers receivers) {
    public AccountContext {
        targets = List.copyOf(targets);
        filters = List.copyOf(filters);
        sensorTypes = List.copyOf(sensorTypes);
        sessionsOnTargets = List.copyOf(sessionsOnTargets);
    }

    AccountContext withConnectivity(Connectivity read) {
        return new AccountContext(targets, filters, read, sensorTypes, sessionsOnTargets, receivers);
    }

    AccountContext withSessionsOnTargets(List<MirrorSession> sessions) {
        return new AccountContext(targets, filters, connectivity, sensorTypes, sessions, receivers);
    }
}
