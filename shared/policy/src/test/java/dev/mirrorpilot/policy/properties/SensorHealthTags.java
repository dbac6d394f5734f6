package dev.mirrorpilot.policy.properties;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random accounts' targets tagged as the other functions tag them: brain-health's Sensor state (ok,
 * degraded, down or unknown) and the rebalance's draining mark.
 */
final class SensorHealthTags {
    static final List<String> STATES = List.of("ok", TargetReadiness.SENSOR_DEGRADED, TargetReadiness.SENSOR_DOWN, "unknown");

    private SensorHealthTags() {
    }

    /** The account with about this share of its targets given a state drawn from {@link #STATES}, and as many marked draining. */
    static Inventory onShare(Inventory account, double share, Random random) {
        var targets = account.targets().stream().map(t -> {
            var tags = new TreeMap<>(t.tags().values());
            if (random.nextDouble() < share) {
                tags.put(TargetReadiness.SENSOR_HEALTH_TAG, STATES.get(random.nextInt(STATES.size())));
            }
            if (random.nextDouble() < share) {
                tags.put(TargetReadiness.REBALANCE_TAG, TargetReadiness.DRAINING);
            }
            return new MirrorTarget(t.id(), t.kind(), t.resourceId(), t.vpcId(), t.availabilityZone(), t.ownerId(),
                    t.sensorInstanceType(), new Tags(tags));
        }).toList();
        return new Inventory(account.accountId(), account.region(), account.vpcs(), account.subnets(), account.workloads(),
                account.otherInterfaces(), targets, account.filters(), account.sessions(), account.connectivity(),
                account.instanceTypes(), account.securityGroups(), account.loadBalancers(), account.vpcEndpoints());
    }
}
