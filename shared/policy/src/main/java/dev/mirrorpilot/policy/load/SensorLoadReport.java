package dev.mirrorpilot.policy.load;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How loaded each mirror target and each Sensor is, and what mirroring costs a month: per target,
 * sources against the limit, estimated Gbps against the Sensor's rating, and how many sources sit
 * in another Availability Zone than the Sensor (their mirrored bytes are billed as cross-AZ
 * transfer); per Sensor, the targets that feed it together. Pure; every session counts, ours and
 * other teams', since all of them load the Sensor.
 */
public record SensorLoadReport(List<TargetLoad> targets, List<SensorLoad> sensors, MonthlyCost cost) {
    /** Hours in an average month, as AWS prices monthly examples. */
    public static final double HOURS_PER_MONTH = 730;

    /** One target; {@code limit} -1 when it has none, {@code ratedGbps} 0 when unrated, {@code sensorZone} empty when unknown. */
    public record TargetLoad(String targetId, String name, String kind, String vpcId, String sensorZone, String sensor,
                             int sessions, int sources, int limit, double gbps, double ratedGbps, int crossAzSources,
                             double crossAzGbps) {
        /** Percent of the source limit in use; 0 for targets without one. */
        public double sourceShare() {
            return limit <= 0 ? 0 : 100.0 * sources / limit;
        }

        /** Percent of the Sensor's rating this target's sources send; 0 when unrated. */
        public double gbpsShare() {
            return ratedGbps <= 0 ? 0 : 100.0 * gbps / ratedGbps;
        }
    }

    /** One Sensor (or a target whose Sensors cannot be told apart) with every target that feeds it. */
    public record SensorLoad(String sensor, List<String> targetIds, double gbps, double ratedGbps) {
        public SensorLoad {
            targetIds = List.copyOf(targetIds);
        }

        public double gbpsShare() {
            return ratedGbps <= 0 ? 0 : 100.0 * gbps / ratedGbps;
        }
    }

    /** Prices are settable; the defaults are documented with their source in the README. */
    public record Prices(double perSessionHour, double perCrossAzGb) {
        /** aws.amazon.com/vpc/pricing (US East (Ohio) example, $0.015 per mirrored ENI-hour). */
        public static final double SESSION_HOUR = 0.015;
        /** EC2 data transfer between Availability Zones: $0.01/GB out of one zone and $0.01/GB into the other. */
        public static final double CROSS_AZ_GB = 0.02;

        public Prices {
            if (!(perSessionHour >= 0) || !(perCrossAzGb >= 0)) {
                throw new IllegalArgumentException("prices must be 0 or more");
            }
        }

        public static Prices defaults() {
            return new Prices(SESSION_HOUR, CROSS_AZ_GB);
        }
    }

    /** A month at the estimated rates: session-hours of every session, and the cross-AZ bytes they send. */
    public record MonthlyCost(int sessions, double sessionCost, double crossAzGb, double crossAzCost, Prices prices) {
        public double total() {
            return sessionCost + crossAzCost;
        }
    }

    public static SensorLoadReport of(Inventory inventory, MirrorPolicy policy, SensorRatings ratings, SourceTraffic traffic,
                                      Prices prices) {
        var budgets = new SensorBudgets(inventory, traffic, new SensorCapacity(inventory, ratings));
        var interfaces = inventory.allInterfaces().collect(Collectors.toMap(NetworkInterface::id, Function.identity(), (a, b) -> a));
        var instances = inventory.workloads().stream().collect(Collectors.toMap(Workload::instanceId, Function.identity()));
        var loadBalancers = inventory.loadBalancers().stream().collect(Collectors.toMap(LoadBalancer::arn, Function.identity()));
        var sources = TargetLoads.count(inventory.sessions());
        var byTarget = inventory.sessions().stream().collect(Collectors.groupingBy(MirrorSession::targetId));
        var lines = new ArrayList<TargetLoad>();
        double crossAzGbpsTotal = 0;
        for (var target : inventory.targets().stream().sorted(Comparator.comparing(MirrorTarget::id)).toList()) {
            var limit = CapacityLimit.of(target, policy.hundredSourceTypes(), policy.capacityHeadroomPercent());
            var zone = sensorZone(target, interfaces, instances, loadBalancers);
            var sessions = byTarget.getOrDefault(target.id(), List.of());
            var counted = new HashSet<String>();
            int crossAz = 0;
            double crossAzGbps = 0;
            for (var session : sessions) {
                var eni = interfaces.get(session.sourceEniId());
                if (eni == null || !counted.add(eni.id()) || zone.isEmpty() || zone.get().equals(eni.availabilityZone())) {
                    continue;
                }
                crossAz++;
                crossAzGbps += budgets.trafficOf(eni.id());
            }
            crossAzGbpsTotal += crossAzGbps;
            double own = counted.stream().mapToDouble(budgets::trafficOf).sum();
            lines.add(new TargetLoad(target.id(), target.name(), target.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    target.vpcId(), zone.orElse(""), budgets.budgetOf(target.id()), sessions.size(),
                    sources.getOrDefault(target.id(), 0), limit.isUnlimited() ? -1 : limit.hardLimit(), own,
                    budgets.ratedGbps(target.id()).orElse(0), crossAz, crossAzGbps));
        }
        var bySensor = new TreeMap<String, List<TargetLoad>>();
        lines.forEach(l -> bySensor.computeIfAbsent(l.sensor(), k -> new ArrayList<>()).add(l));
        var sensors = new ArrayList<SensorLoad>();
        bySensor.forEach((sensor, targets) -> sensors.add(new SensorLoad(sensor, targets.stream().map(TargetLoad::targetId).toList(),
                budgets.gbps(targets.get(0).targetId()), targets.get(0).ratedGbps())));
        int sessionCount = inventory.sessions().size();
        double crossAzGb = crossAzGbpsTotal / 8 * 3600 * HOURS_PER_MONTH;
        var cost = new MonthlyCost(sessionCount, sessionCount * HOURS_PER_MONTH * prices.perSessionHour(), crossAzGb,
                crossAzGb * prices.perCrossAzGb(), prices);
        return new SensorLoadReport(List.copyOf(lines), List.copyOf(sensors), cost);
    }

    /** Where the Sensor receiving a target's packets runs: an ENI target's own zone, a one-Sensor NLB's Sensor's zone. */
    private static Optional<String> sensorZone(MirrorTarget target, Map<String, NetworkInterface> interfaces,
                                               Map<String, Workload> instances, Map<String, LoadBalancer> loadBalancers) {
        if (target.kind() == TargetKind.NETWORK_INTERFACE) {
            return target.availabilityZone().or(() -> Optional.ofNullable(interfaces.get(target.resourceId()))
                    .map(NetworkInterface::availabilityZone));
        }
        if (target.kind() == TargetKind.NETWORK_LOAD_BALANCER) {
            var lb = loadBalancers.get(target.resourceId());
            if (lb == null) {
                return Optional.empty();
            }
            var zones = new HashMap<String, Integer>();
            lb.registered().stream().filter(LoadBalancer.RegisteredTarget::isHealthy).map(r -> instances.get(r.id()))
                    .filter(w -> w != null).forEach(w -> zones.merge(w.availabilityZone(), 1, Integer::sum));
            return zones.size() == 1 ? Optional.of(zones.keySet().iterator().next()) : Optional.empty();
        }
        return Optional.empty();
    }
}
