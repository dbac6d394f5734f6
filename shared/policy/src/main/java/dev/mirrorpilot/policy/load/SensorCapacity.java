package dev.mirrorpilot.policy.load;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Workload;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The throughput a target can carry to its Sensors: an ENI target its Sensor's rating; an NLB the
 * sum of its healthy registered Sensors' ratings (Vectra supports one Sensor per NLB, so usually
 * that one's); a Gateway Load Balancer endpoint its 100 Gbps. A per-target rating wins over all of
 * these. Empty when nothing behind the target has a rating: unknown, not zero.
 */
public final class SensorCapacity {
    /** The share of a Sensor's rating its sources may use before a rebalance moves some off (RebalanceShare's default). */
    public static final int DEFAULT_SHARE_PERCENT = 80;
    private final SensorRatings ratings;
    private final Map<String, Workload> instances;
    private final Map<String, LoadBalancer> loadBalancers;

    public SensorCapacity(Inventory inventory, SensorRatings ratings) {
        this.ratings = ratings;
        this.instances = inventory.workloads().stream().collect(Collectors.toMap(Workload::instanceId, Function.identity()));
        this.loadBalancers = inventory.loadBalancers().stream()
                .collect(Collectors.toMap(LoadBalancer::arn, Function.identity()));
    }

    /** The rating set for this target by its id, if any. */
    public OptionalDouble setFor(MirrorTarget target) {
        return ratings.of(target.id());
    }

    public OptionalDouble ratedGbps(MirrorTarget target) {
        var own = ratings.of(target.id());
        if (own.isPresent()) {
            return own;
        }
        return switch (target.kind()) {
            case NETWORK_INTERFACE -> target.sensorInstanceType().map(ratings::of).orElse(OptionalDouble.empty());
            case GATEWAY_LOAD_BALANCER_ENDPOINT -> OptionalDouble.of(SensorRatings.GATEWAY_ENDPOINT_GBPS);
            case NETWORK_LOAD_BALANCER -> behind(loadBalancers.get(target.resourceId()));
        };
    }

    private OptionalDouble behind(LoadBalancer lb) {
        if (lb == null) {
            return OptionalDouble.empty();
        }
        var rated = lb.registered().stream().filter(LoadBalancer.RegisteredTarget::isHealthy)
                .map(t -> instances.get(t.id())).filter(w -> w != null)
                .map(w -> ratings.of(w.instanceType())).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        return rated.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(java.util.Arrays.stream(rated).sum());
    }
}
