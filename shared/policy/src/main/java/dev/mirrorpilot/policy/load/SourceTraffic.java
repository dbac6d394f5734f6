package dev.mirrorpilot.policy.load;

import java.util.Map;

/**
 * Each source instance's estimated mirrored throughput in Gbps (from CloudWatch, say), and the
 * figure assumed for an instance without data. Never negative.
 */
public record SourceTraffic(Map<String, Double> gbpsByInstance, double defaultGbps) {
    /** A default for an instance CloudWatch has no data for: a modest workload, documented in the README. */
    public static final double DEFAULT_GBPS = 0.05;

    public SourceTraffic {
        gbpsByInstance = Map.copyOf(gbpsByInstance);
        if (!(defaultGbps >= 0) || gbpsByInstance.values().stream().anyMatch(v -> !(v >= 0))) {
            throw new IllegalArgumentException("traffic must be 0 Gbps or more");
        }
    }

    /** No measurements: every instance counts at the default. */
    public static SourceTraffic unmeasured(double defaultGbps) {
        return new SourceTraffic(Map.of(), defaultGbps);
    }

    /** Each instance's networkGbps where the inventory gives it (a file, a measured read), else the default. */
    public static SourceTraffic asGiven(dev.mirrorpilot.policy.model.Inventory inventory) {
        var given = new java.util.HashMap<String, Double>();
        inventory.workloads().forEach(w -> w.networkGbps().ifPresent(g -> given.put(w.instanceId(), g)));
        return new SourceTraffic(given, DEFAULT_GBPS);
    }

    public double of(String instanceId) {
        return gbpsByInstance.getOrDefault(instanceId, defaultGbps);
    }
}
