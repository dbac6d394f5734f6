package dev.mirrorpilot.policy.load;

import java.util.Collection;
import java.util.OptionalDouble;

/**
 * A workload's mirrored throughput from CloudWatch byte sums per period: the given percentile of
 * the per-period sums (default p95 of 5-minute sums), in Gbps. Empty without data points, so the
 * caller applies its configured default rather than zero.
 */
public final class TrafficEstimate {
    private TrafficEstimate() {
    }

    /**
     * @param bytesPerPeriod the byte sums of each period (in and out added already)
     * @param periodSeconds  the period of each sum
     * @param percentile     0 < p <= 100, nearest-rank
     */
    public static OptionalDouble gbps(Collection<Double> bytesPerPeriod, int periodSeconds, double percentile) {
        if (!(percentile > 0 && percentile <= 100) || periodSeconds <= 0) {
            throw new IllegalArgumentException("percentile must be in (0, 100] and the period above 0");
        }
        if (bytesPerPeriod.isEmpty()) {
            return OptionalDouble.empty();
        }
        var sorted = bytesPerPeriod.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        double bytes = sorted[Math.max(0, rank - 1)];
        return OptionalDouble.of(bytes * 8 / periodSeconds / 1e9);
    }
}
