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
 * only when it changes; an NLB target gets the worst state of the Sensors registered behind it
 * (Vectra supports one). Targets owned by another account are left alone.
 */
final class SensorTargetTags {
    static final String TAG = dev.mirrorpilot.policy.readiness.TargetReadiness.SENSOR_HEALTH_TAG;
    private final Ec2Client ec2;
    private final java.util.function.Supplier<software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client>
            loadBalancing;
    private final String account;

    SensorTargetTags(Ec2Client ec2, String account) {
        this.ec2 = ec2;
        this.account = account;
        // Built only when an NLB target exists; the same endpoint and credentials settings as EC2's.
        this.loadBalancing = () -> dev.mirrorpilot.aws.ec2.Ec2Clients.loadBalancingLike(ec2);
    }

    private static int severity(String state) {
        return switch (state) {
            case "down" -> 2;
            case "degraded" -> 1;
            default -> 0;
        };
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
        var targets = new ArrayList<software.amazon.awssdk.services.ec2.model.TrafficMirrorTarget>();
        ec2.describeTrafficMirrorTargetsPaginator(b -> b.maxResults(1000)).trafficMirrorTargets().forEach(targets::add);
        var stateByTarget = new HashMap<String, String>();
        for (var target : targets) {
            if (account.equals(target.ownerId()) && target.type() == TrafficMirrorTargetType.NETWORK_INTERFACE
                    && stateByEni.containsKey(target.networkInterfaceId())) {
                stateByTarget.put(target.trafficMirrorTargetId(), stateByEni.get(target.networkInterfaceId()));
            }
        }
        // An NLB target: the Sensors registered behind it (Vectra supports one); its state is the worst of theirs.
        var nlbs = targets.stream().filter(t -> account.equals(t.ownerId()) && t.type() == TrafficMirrorTargetType.NETWORK_LOAD_BALANCER)
                .toList();
        if (!nlbs.isEmpty()) {
            var byArn = new HashMap<String, String>();
            new dev.mirrorpilot.aws.ec2.LoadBalancerReader(loadBalancing.get())
                    .read(nlbs.stream().map(t -> t.networkLoadBalancerArn()).distinct().toList())
                    .forEach(lb -> lb.registered().stream().map(r -> stateByInstance.get(r.id())).filter(st -> st != null)
                            .max(java.util.Comparator.comparingInt(SensorTargetTags::severity))
                            .ifPresent(worst -> byArn.put(lb.arn(), worst)));
            nlbs.forEach(t -> {
                if (byArn.containsKey(t.networkLoadBalancerArn())) {
                    stateByTarget.put(t.trafficMirrorTargetId(), byArn.get(t.networkLoadBalancerArn()));
                }
            });
        }
        targets.forEach(target -> {
            if (!stateByTarget.containsKey(target.trafficMirrorTargetId())) {
                return;
            }
            var state = stateByTarget.get(target.trafficMirrorTargetId());
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
