package dev.mirrorpilot.brain;

/**
 * What placement makes of a Sensor's health: {@code DOWN} (not paired, or connectivity CRITICAL)
 * takes no new sessions; {@code DEGRADED} (connectivity WARNING, traffic drop) is reported;
 * {@code OK} otherwise.
 */
public enum SensorState {
    OK, DEGRADED, DOWN;

    public static SensorState of(SensorHealth sensor) {
        if (!sensor.isPaired() || sensor.connectivity().filter(c -> c == CheckStatus.CRITICAL).isPresent()) {
            return DOWN;
        }
        if (sensor.connectivity().filter(c -> c == CheckStatus.WARNING).isPresent()
                || sensor.trafficDrop().filter(t -> t == CheckStatus.WARNING).isPresent()) {
            return DEGRADED;
        }
        return OK;
    }
}
