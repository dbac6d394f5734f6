package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.brain.SensorHealth;
import dev.mirrorpilot.brain.SensorState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorTargetType;

/**
 * Records each Sensor's health on its mirror targets, where the planner reads it: the Sensor's IP
 * (from the Brain) names an ENI of this account, its instance is the Sensor, and every ENI target
 * on one of that instance's ENIs gets {@code mirrorpilot:sensor-health=ok|degraded|down}, written
 * only when it changes. Targets owned by another account are left alone. NLB targets are not
 * tagged yet (the Sensor behind them needs the load balancer's target health).
 */
final class SensorTargetTags {
    static final String TAG = dev.mirrorpilot.policy.readiness.TargetReadiness.SENSOR_HEALTH_TAG;
    private final Ec2Client ec2;
    private final String account;

    SensorTargetTags(Ec2Client ec2, String account) {
        this.ec2 = ec2;
        this.account = account;
    }

    /** What a recording found and did. */
    record Recorded(Map<String, String> instanceByIp, Map<String, String> written) {
    }

    /** @return the Sensors' instances by IP, and target id -> the state written (only the changed ones) */
    Recorded record(List<SensorHealth> sensors) {
        var stateByIp = new HashMap<String, String>();
        sensors.stream().filter(s -> !s.ipAddress().isEmpty())
                .forEach(s -> stateByIp.put(s.ipAddress(), SensorState.of(s).name().toLowerCase(Locale.ROOT)));
        if (stateByIp.isEmpty()) {
            return new Recorded(Map.of(), Map.of());
        }
        var stateByInstance = new HashMap<String, String>();
        var instanceByIp = new HashMap<String, String>();
        ec2.describeNetworkInterfacesPaginator(b -> b.filters(Filter.builder().name("private-ip-address")
                .values(List.copyOf(stateByIp.keySet())).build())).networkInterfaces().forEach(eni -> {
                    if (eni.attachment() != null && eni.attachment().instanceId() != null) {
                        stateByInstance.put(eni.attachment().instanceId(), stateByIp.get(eni.privateIpAddress()));
                        instanceByIp.put(eni.privateIpAddress(), eni.attachment().instanceId());
                    }
                });
        if (stateByInstance.isEmpty()) {
            return new Recorded(Map.of(), Map.of());
        }
        var stateByEni = new HashMap<String, String>();
        ec2.describeNetworkInterfacesPaginator(b -> b.filters(Filter.builder().name("attachment.instance-id")
                .values(List.copyOf(stateByInstance.keySet())).build())).networkInterfaces()
                .forEach(eni -> stateByEni.put(eni.networkInterfaceId(), stateByInstance.get(eni.attachment().instanceId())));
        var written = new HashMap<String, String>();
        var changes = new ArrayList<String[]>();
        ec2.describeTrafficMirrorTargetsPaginator(b -> b.maxResults(1000)).trafficMirrorTargets().forEach(target -> {
            if (target.type() != TrafficMirrorTargetType.NETWORK_INTERFACE || !account.equals(target.ownerId())
                    || !stateByEni.containsKey(target.networkInterfaceId())) {
                return;
            }
            var state = stateByEni.get(target.networkInterfaceId());
            var current = target.tags().stream().filter(t -> t.key().equals(TAG)).map(Tag::value).findFirst().orElse("");
            if (!current.equals(state)) {
                changes.add(new String[] {target.trafficMirrorTargetId(), state});
            }
        });
        for (var change : changes) {
            ec2.createTags(b -> b.resources(change[0]).tags(Tag.builder().key(TAG).value(change[1]).build()));
            written.put(change[0], change[1]);
        }
        return new Recorded(instanceByIp, written);
    }
}
