package dev.mirrorpilot.policy.rebalance;

import dev.mirrorpilot.policy.load.SensorRatings;
import java.util.Objects;

/**
 * How far a rebalance fills and drains. A target is crowded above the policy's capacity headroom
 * (sources) or above {@code throughputSharePercent} of its Sensor's rating (Gbps); it is drained
 * down to {@code lowWaterPercent} of both, so that the next launches do not make it crowded again
 * at once (hysteresis); a destination is filled up to the low-water mark of both, so that a run
 * never makes a target crowded and the next run finds nothing to undo. At most {@code maxMoves} sessions move in one run.
 */
public record RebalanceSettings(int throughputSharePercent, int lowWaterPercent, int maxMoves, SensorRatings ratings,
                                boolean moveOffDownSensors) {
    public static final int DEFAULT_THROUGHPUT_SHARE = dev.mirrorpilot.policy.load.SensorCapacity.DEFAULT_SHARE_PERCENT;
    public static final int DEFAULT_LOW_WATER = 60;
    public static final int DEFAULT_MAX_MOVES = 100;

    public RebalanceSettings {
        Objects.requireNonNull(ratings, "ratings");
        if (throughputSharePercent < 1 || throughputSharePercent > 100) {
            throw new IllegalArgumentException("throughput share must be 1..100 %, was " + throughputSharePercent);
        }
        if (lowWaterPercent < 1 || lowWaterPercent >= throughputSharePercent) {
            throw new IllegalArgumentException("low-water mark must be at least 1 % and below the throughput share ("
                    + throughputSharePercent + " %), was " + lowWaterPercent);
        }
        if (maxMoves < 0) {
            throw new IllegalArgumentException("maximum moves per run must be 0 or more, was " + maxMoves);
        }
    }

    /** Sessions on a Sensor the Brain reports down are reported, not moved (the Brain's view can be brief). */
    public RebalanceSettings(int throughputSharePercent, int lowWaterPercent, int maxMoves, SensorRatings ratings) {
        this(throughputSharePercent, lowWaterPercent, maxMoves, ratings, false);
    }

    public static RebalanceSettings defaults() {
        return new RebalanceSettings(DEFAULT_THROUGHPUT_SHARE, DEFAULT_LOW_WATER, DEFAULT_MAX_MOVES, SensorRatings.guide());
    }

    public RebalanceSettings withMaxMoves(int value) {
        return new RebalanceSettings(throughputSharePercent, lowWaterPercent, value, ratings, moveOffDownSensors);
    }

    /** Also move MirrorPilot's sessions off targets whose Sensor the Brain reports down (brain-health's tag). */
    public RebalanceSettings movingOffDownSensors(boolean value) {
        return new RebalanceSettings(throughputSharePercent, lowWaterPercent, maxMoves, ratings, value);
    }
}
