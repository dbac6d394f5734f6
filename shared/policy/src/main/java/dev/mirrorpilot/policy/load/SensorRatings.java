package dev.mirrorpilot.policy.load;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How much mirrored traffic a Sensor takes, in Gbps, by its instance type: the Vectra deployment
 * guide's figures (r5/r5n.large 1, .xlarge 2, .2xlarge 4, .4xlarge 8, c5n.18xlarge about 10), with
 * overrides by instance type or by target id (an override names either). A type neither lists has
 * no rating: its load is reported, never assumed.
 */
public final class SensorRatings {
    public static final Map<String, Double> VECTRA_GUIDE = Map.of(
            "r5.large", 1.0, "r5n.large", 1.0, "r5.xlarge", 2.0, "r5n.xlarge", 2.0, "r5.2xlarge", 4.0,
            "r5n.2xlarge", 4.0, "r5.4xlarge", 8.0, "r5n.4xlarge", 8.0, "c5n.18xlarge", 10.0);
    /** A Gateway Load Balancer endpoint carries up to 100 Gbps (AWS Traffic Mirroring quotas page). */
    public static final double GATEWAY_ENDPOINT_GBPS = 100.0;

    private final Map<String, Double> ratings;

    private SensorRatings(Map<String, Double> ratings) {
        this.ratings = Map.copyOf(ratings);
    }

    public static SensorRatings guide() {
        return new SensorRatings(VECTRA_GUIDE);
    }

    /** The guide's ratings, with these instance types or target ids rated otherwise. */
    public static SensorRatings withOverrides(Map<String, Double> overrides) {
        overrides.forEach((key, gbps) -> {
            if (!(gbps > 0)) {
                throw new IllegalArgumentException("rating of " + key + " must be above 0 Gbps, was " + gbps);
            }
        });
        var all = new HashMap<>(VECTRA_GUIDE);
        all.putAll(overrides);
        return new SensorRatings(all);
    }

    /** The rating of an instance type, or of a target when one is set for its id. */
    public OptionalDouble of(String instanceTypeOrTargetId) {
        var rating = ratings.get(instanceTypeOrTargetId);
        return rating == null ? OptionalDouble.empty() : OptionalDouble.of(rating);
    }
}
