package dev.mirrorpilot.brain;

/**
 * What placement makes of a Sensor's health: {@code DOWN} (not paired, or connectivity CRITICAL)
 * takes no new sessions; {@code DEGRADED} (connectivity WARNING, a traffic drop WARNING or
 * CRITICAL: Vectra alerts on any traffic-drop status but OK) is reported, and takes new sessions only
 * where no other target can, and no other Sensor's in a rebalance; {@code UNKNOWN} (the
 * Brain's record has no usable status, or no longer lists the Sensor) is no verdict, never
 * {@code DOWN}: a defective field is a defect to report, not a state; {@code OK} otherwise.
 */
public enum SensorState {
    OK, DEGRADED, DOWN, UNKNOWN;

    public static SensorState of(SensorHealth sensor) {
        if (sensor.status().isBlank() || sensor.status().equalsIgnoreCase("unknown")) {
            return UNKNOWN;
        }
        if (!sensor.isPaired() || sensor.connectivity().filter(c -> c == CheckStatus.CRITICAL).isPresent()) {
            return DOWN;
        }
        if (sensor.connectivity().filter(c -> c == CheckStatus.WARNING).isPresent()
                || sensor.trafficDrop().filter(t -> t == CheckStatus.WARNING || t == CheckStatus.CRITICAL).isPresent()) {
            return DEGRADED;
        }
        return OK;
    }
}
