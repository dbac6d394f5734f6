package dev.mirrorpilot.policy.delivery;

import java.util.Map;

/**
 * What CloudWatch measured over one window, as sums of bytes: per source instance its traffic, the
 * bytes it mirrored and the bytes it skipped (AWS/EC2 {@code NetworkIn/Out}, {@code NetworkMirrorIn/Out},
 * {@code NetworkSkipMirrorIn/Out}), and per mirror target what arrived there (the Sensor instance's
 * {@code NetworkIn} for an ENI target, the NLB's {@code ProcessedBytes}). An instance or target
 * missing from a map had no data points in the window.
 */
public record Measurements(Map<String, SourceBytes> sources, Map<String, Long> receivedByTarget, int windowMinutes) {
    public Measurements {
        sources = Map.copyOf(sources);
        receivedByTarget = Map.copyOf(receivedByTarget);
    }

    /** One source instance's sums over the window (both directions). */
    public record SourceBytes(long traffic, long mirrored, long skipped) {
        /** The share of the bytes its filter matched that congestion kept from being mirrored. */
        public double skippedShare() {
            return mirrored + skipped == 0 ? 0 : (double) skipped / (mirrored + skipped);
        }
    }
}
