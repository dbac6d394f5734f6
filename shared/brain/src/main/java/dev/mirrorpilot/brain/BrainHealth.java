package dev.mirrorpilot.brain;

import java.util.List;
import java.util.OptionalDouble;

/**
 * A Brain's health document, read: its Sensors, its own checks, disk and memory use, and the
 * {@code issues} found while reading (a field missing or of the wrong type where the rest could
 * still be read). Sections the document leaves out are empty, never guessed.
 */
public record BrainHealth(List<SensorHealth> sensors, List<BrainCheck> checks, OptionalDouble diskUsagePercent,
                          OptionalDouble memoryUsagePercent, String vectraVersion, List<String> issues) {
    public BrainHealth {
        sensors = List.copyOf(sensors);
        checks = List.copyOf(checks);
        issues = List.copyOf(issues);
    }
}
