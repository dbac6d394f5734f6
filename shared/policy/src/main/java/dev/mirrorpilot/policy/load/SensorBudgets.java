package dev.mirrorpilot.policy.load;

import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The throughput each Sensor receives, in Gbps, while a rebalance is planned. Targets that feed
 * one Sensor share its budget: a Sensor's capture-ENI target and an NLB with only that Sensor
 * behind it count together, so traffic moved from one to the other never counts as freed. A
 * target whose Sensors cannot be told apart (several behind an NLB, a GWLB endpoint, a shared
 * target) is a budget of its own. Distinct sources count once per target, as AWS counts them.
 * Mutable, private to one run: it follows the run's {@link TargetLoads} (creates, moves, deletes).
 */
public final class SensorBudgets implements TargetLoads.Follower {
    private final Map<String, String> budgetOfTarget = new HashMap<>();
    private final Map<String, OptionalDouble> rated = new HashMap<>();
    /** In millionths of a Gbps: whole numbers add up the same in any order (doubles do not), so a plan never depends on it. */
    private final Map<String, Long> microGbps = new HashMap<>();
    /** target id -> source ENIs counted there (a source's traffic counts once per target). */
    private final Map<String, Set<String>> sources = new HashMap<>();
    private final Map<String, String> instanceOfEni;
    /** An instance's Sensor by any of its private addresses (an NLB may register a Sensor by IP). */
    private final Map<String, String> instanceOfAddress;
    /** How many of an instance's ENIs are mirrored: its traffic is split among them, never counted once per ENI. */
    private final Map<String, Integer> mirroredEnisOf = new HashMap<>();
    private final SourceTraffic traffic;

    public SensorBudgets(Inventory inventory, SourceTraffic traffic, SensorCapacity capacity) {
        this.traffic = traffic;
        this.instanceOfEni = inventory.allInterfaces().filter(e -> e.attachment().isPresent())
                .collect(Collectors.toMap(NetworkInterface::id, e -> e.attachment().get().instanceId(), (a, b) -> a));
        // An address two instances hold (overlapping VPCs) names no one Sensor: it is left out, whatever the order read.
        var byAddress = new HashMap<String, String>();
        var ambiguous = new HashSet<String>();
        inventory.allInterfaces().filter(e -> e.attachment().isPresent() && !e.privateIpAddress().isEmpty()).forEach(e -> {
            var earlier = byAddress.putIfAbsent(e.privateIpAddress(), e.attachment().get().instanceId());
            if (earlier != null && !earlier.equals(e.attachment().get().instanceId())) {
                ambiguous.add(e.privateIpAddress());
            }
        });
        ambiguous.forEach(byAddress::remove);
        this.instanceOfAddress = Map.copyOf(byAddress);
        inventory.sessions().stream().map(MirrorSession::sourceEniId).distinct().map(instanceOfEni::get)
                .filter(java.util.Objects::nonNull).forEach(instance -> mirroredEnisOf.merge(instance, 1, Integer::sum));
        var loadBalancers = inventory.loadBalancers().stream().collect(Collectors.toMap(LoadBalancer::arn, Function.identity()));
        var sorted = inventory.targets().stream().sorted(java.util.Comparator.comparing(MirrorTarget::id)).toList();
        for (var target : sorted) {
            var key = budgetKey(target, loadBalancers, inventory.accountId());
            budgetOfTarget.put(target.id(), key);
            // Two targets on one Sensor: the rating is the Sensor's, whichever target gave it.
            rated.merge(key, capacity.ratedGbps(target), (a, b) -> a.isPresent() ? a : b);
        }
        // A rating set for a target id says what stands behind it: it wins over the one its Sensor's type gives.
        for (var target : sorted) {
            var set = capacity.setFor(target);
            if (set.isPresent()) {
                rated.put(budgetOfTarget.get(target.id()), set);
            }
        }
        for (MirrorSession session : inventory.sessions()) {
            add(session.targetId(), session.sourceEniId());
        }
    }

    private String budgetKey(MirrorTarget target, Map<String, LoadBalancer> loadBalancers, String accountId) {
        if (target.isSharedInto(accountId)) {
            return "target:" + target.id();
        }
        if (target.kind() == TargetKind.NETWORK_INTERFACE) {
            var sensor = instanceOfEni.get(target.resourceId());
            return sensor != null ? "sensor:" + sensor : "target:" + target.id();
        }
        if (target.kind() == TargetKind.NETWORK_LOAD_BALANCER) {
            var lb = loadBalancers.get(target.resourceId());
            if (lb != null) {
                var healthy = lb.registered().stream().filter(LoadBalancer.RegisteredTarget::isHealthy)
                        .map(LoadBalancer.RegisteredTarget::id).collect(Collectors.toSet());
                // Registered by instance id or by IP address: either way the Sensor's instance, one budget with its ENI target.
                var sensors = healthy.stream().map(id -> instanceOfAddress.getOrDefault(id, id)).collect(Collectors.toSet());
                if (sensors.size() == 1) {
                    return "sensor:" + sensors.iterator().next();
                }
            }
        }
        return "target:" + target.id();
    }

    public String budgetOf(String targetId) {
        return budgetOfTarget.getOrDefault(targetId, "target:" + targetId);
    }

    public OptionalDouble ratedGbps(String targetId) {
        return rated.getOrDefault(budgetOf(targetId), OptionalDouble.empty());
    }

    public double gbps(String targetId) {
        return microGbps.getOrDefault(budgetOf(targetId), 0L) / 1e6;
    }

    /**
     * The source's traffic; an ENI attached to nothing sends nothing. CloudWatch measures the
     * instance: with several of its ENIs mirrored, each carries its share, so the instance counts once.
     */
    public double trafficOf(String eniId) {
        var instance = instanceOfEni.get(eniId);
        return instance == null ? 0.0 : traffic.of(instance) / Math.max(1, mirroredEnisOf.getOrDefault(instance, 1));
    }

    public Set<String> instancesOn(String targetId) {
        var out = new HashSet<String>();
        sources.getOrDefault(targetId, Set.of()).forEach(eni -> {
            var instance = instanceOfEni.get(eni);
            if (instance != null) {
                out.add(instance);
            }
        });
        return out;
    }

    /** Counts a source on the target (once per target, as AWS counts distinct sources). */
    private void add(String targetId, String eniId) {
        if (sources.computeIfAbsent(targetId, k -> new HashSet<>()).add(eniId)) {
            microGbps.merge(budgetOf(targetId), Math.round(trafficOf(eniId) * 1e6), Long::sum);
        }
    }

    /** Whether this source on the target keeps its Sensor within {@code sharePercent} of its rating; unrated: yes. */
    public boolean staysWithinShare(String targetId, String eniId, int sharePercent) {
        var rating = ratedGbps(targetId);
        if (rating.isEmpty()) {
            return true;
        }
        long added = sources.getOrDefault(targetId, Set.of()).contains(eniId) ? 0 : Math.round(trafficOf(eniId) * 1e6);
        return microGbps.getOrDefault(budgetOf(targetId), 0L) + added <= Math.round(rating.getAsDouble() * 1e6) * sharePercent / 100;
    }

    @Override
    public void sourceAdded(String targetId, String eniId) {
        add(targetId, eniId);
    }

    @Override
    public void sourceRemoved(String targetId, String eniId) {
        remove(targetId, eniId);
    }

    private void remove(String targetId, String eniId) {
        var set = sources.get(targetId);
        if (set != null && set.remove(eniId)) {
            microGbps.merge(budgetOf(targetId), -Math.round(trafficOf(eniId) * 1e6), Long::sum);
        }
    }
}
