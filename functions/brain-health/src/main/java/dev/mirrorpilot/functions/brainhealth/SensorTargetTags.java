package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.brain.SensorHealth;
import dev.mirrorpilot.brain.SensorIdentity;
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
 * Records each Sensor's health on its mirror targets, where the planner reads it. Which instance a
 * Sensor is, is decided by {@link SensorIdentity} alone (a valid address naming exactly one instance;
 * anything ambiguous keeps its tags and is reported); every ENI target on one of that instance's
 * ENIs gets {@code mirrorpilot:sensor-health=ok|degraded|down}, written only when it changes; an NLB
 * target gets the worst state of the Sensors registered behind it (Vectra supports one). A target
 * that carries a health tag but whose Sensor the Brain no longer lists goes {@code unknown} (not a
 * stale {@code ok}). Targets owned by another account are left alone. Filters take 100 values a call.
 */
final class SensorTargetTags {
    static final String TAG = dev.mirrorpilot.policy.readiness.TargetReadiness.SENSOR_HEALTH_TAG;
    static final String UNKNOWN = "unknown";
    private static final int FILTER_VALUES = 100;
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
            case "down" -> 3;
            case "degraded" -> 2;
            case "unknown" -> 1;
            default -> 0;
        };
    }

    /** What a recording found and did. */
    record Recorded(Map<String, String> instanceByIp, Map<String, String> written, List<String> problems) {
    }

    /** @return the Sensors' instances by IP, target id -> the state written (only the changed ones), and what was ambiguous */
    Recorded record(List<SensorHealth> sensors) {
        var targets = new ArrayList<software.amazon.awssdk.services.ec2.model.TrafficMirrorTarget>();
        ec2.describeTrafficMirrorTargetsPaginator(b -> b.maxResults(1000)).trafficMirrorTargets().stream()
                .filter(t -> account.equals(t.ownerId())).forEach(targets::add);
        // The Sensor instances: those whose ENI is a target, and those registered behind an NLB target.
        var instanceByTargetEni = new HashMap<String, String>();
        chunks(targets.stream().map(t -> t.networkInterfaceId()).filter(java.util.Objects::nonNull).distinct().toList())
                .forEach(chunk -> ec2.describeNetworkInterfacesPaginator(b -> b.filters(Filter.builder().name("network-interface-id")
                        .values(chunk).build())).networkInterfaces().stream().filter(e -> e.attachment() != null
                        && e.attachment().instanceId() != null)
                        .forEach(e -> instanceByTargetEni.put(e.networkInterfaceId(), e.attachment().instanceId())));
        var nlbs = targets.stream().filter(t -> t.type() == TrafficMirrorTargetType.NETWORK_LOAD_BALANCER).toList();
        var loadBalancers = nlbs.isEmpty() ? List.<dev.mirrorpilot.policy.model.LoadBalancer>of()
                : new dev.mirrorpilot.aws.ec2.LoadBalancerReader(loadBalancing.get())
                        .read(nlbs.stream().map(t -> t.networkLoadBalancerArn()).distinct().toList());
        // An NLB registers a Sensor by instance id or by IP address: the address names the ENI, the ENI the instance.
        var instanceOfRegistered = new HashMap<String, String>();
        var registeredAddresses = loadBalancers.stream().flatMap(lb -> lb.registered().stream())
                .filter(r -> !r.isInstance()).map(r -> r.id()).distinct().sorted().toList();
        chunks(registeredAddresses).forEach(chunk -> ec2.describeNetworkInterfacesPaginator(b -> b.filters(
                Filter.builder().name("private-ip-address").values(chunk).build())).networkInterfaces().stream()
                .filter(e -> e.attachment() != null && e.attachment().instanceId() != null)
                .forEach(e -> instanceOfRegistered.merge(e.privateIpAddress(), e.attachment().instanceId(),
                        (a, b) -> a.equals(b) ? a : ""))); // an address on two instances names none
        java.util.function.Function<dev.mirrorpilot.policy.model.LoadBalancer.RegisteredTarget, String> sensorOf =
                r -> r.isInstance() ? r.id() : instanceOfRegistered.getOrDefault(r.id(), "");
        var sensorInstances = new java.util.HashSet<>(instanceByTargetEni.values());
        loadBalancers.forEach(lb -> lb.registered().stream().map(sensorOf).filter(id -> !id.isEmpty())
                .forEach(sensorInstances::add));

        var found = new ArrayList<SensorIdentity.Interface>();
        chunks(SensorIdentity.addresses(sensors)).forEach(chunk -> ec2.describeNetworkInterfacesPaginator(b -> b.filters(
                Filter.builder().name("private-ip-address").values(chunk).build())).networkInterfaces().forEach(eni -> {
                    var instance = eni.attachment() == null ? null : eni.attachment().instanceId();
                    found.add(new SensorIdentity.Interface(eni.networkInterfaceId(), instance, eni.vpcId(), eni.privateIpAddress(),
                            instance != null && sensorInstances.contains(instance)));
                }));
        var resolution = SensorIdentity.resolve(sensors, found);
        var stateByInstance = new HashMap<String, String>();
        resolution.stateByInstance().forEach((instance, state) -> stateByInstance.put(instance, state.name().toLowerCase(Locale.ROOT)));
        var stateByTarget = new HashMap<String, String>();
        var undecided = new java.util.HashSet<String>();
        for (var target : targets) {
            if (target.type() != TrafficMirrorTargetType.NETWORK_INTERFACE) {
                continue;
            }
            var instance = instanceByTargetEni.get(target.networkInterfaceId());
            if (instance != null && resolution.ambiguous().contains(instance)) {
                undecided.add(target.trafficMirrorTargetId());
            } else if (instance != null && stateByInstance.containsKey(instance)) {
                stateByTarget.put(target.trafficMirrorTargetId(), stateByInstance.get(instance));
            }
        }
        // An NLB target: the Sensors registered behind it (Vectra supports one); its state is the worst of theirs.
        var byArn = new HashMap<String, String>();
        var undecidedArns = new java.util.HashSet<String>();
        loadBalancers.forEach(lb -> {
            if (lb.registered().stream().map(sensorOf).anyMatch(resolution.ambiguous()::contains)) {
                undecidedArns.add(lb.arn());
                return;
            }
            lb.registered().stream().map(sensorOf).map(stateByInstance::get).filter(st -> st != null)
                    .max(java.util.Comparator.comparingInt(SensorTargetTags::severity))
                    .ifPresent(worst -> byArn.put(lb.arn(), worst));
        });
        nlbs.forEach(t -> {
            if (undecidedArns.contains(t.networkLoadBalancerArn())) {
                undecided.add(t.trafficMirrorTargetId());
            } else if (byArn.containsKey(t.networkLoadBalancerArn())) {
                stateByTarget.put(t.trafficMirrorTargetId(), byArn.get(t.networkLoadBalancerArn()));
            }
        });
        var changes = new ArrayList<String[]>();
        targets.forEach(target -> {
            if (undecided.contains(target.trafficMirrorTargetId())) {
                return;
            }
            var current = target.tags().stream().filter(t -> t.key().equals(TAG)).map(Tag::value).findFirst().orElse("");
            // A health the Brain no longer vouches for is unknown, not a stale ok (or a stale down).
            var state = stateByTarget.getOrDefault(target.trafficMirrorTargetId(), current.isEmpty() ? "" : UNKNOWN);
            if (!state.isEmpty() && !current.equals(state)) {
                changes.add(new String[] {target.trafficMirrorTargetId(), state});
            }
        });
        var written = new HashMap<String, String>();
        for (var change : changes) {
            ec2.createTags(b -> b.resources(change[0]).tags(Tag.builder().key(TAG).value(change[1]).build()));
            written.put(change[0], change[1]);
        }
        return new Recorded(resolution.instanceByIp(), written, resolution.problems());
    }

    private static List<List<String>> chunks(List<String> values) {
        var out = new ArrayList<List<String>>();
        for (int i = 0; i < values.size(); i += FILTER_VALUES) {
            out.add(values.subList(i, Math.min(values.size(), i + FILTER_VALUES)));
        }
        return out;
    }
}
