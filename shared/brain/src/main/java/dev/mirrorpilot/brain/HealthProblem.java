package dev.mirrorpilot.brain;

import java.util.ArrayList;
import java.util.List;

/**
 * Something in a health document a person must act on, by the rules MirrorPilot alarms and raises
 * findings on: a Sensor not paired (a missing status is a defect of the answer, not this); its
 * connectivity WARNING or CRITICAL; a traffic drop WARNING or CRITICAL;
 * a disk, RAID or power check not OK (SKIP is fine: virtual Brains skip them); detection CRITICAL.
 */
public record HealthProblem(Kind kind, String subject, String status, String detail, String sensorIp) {
    public enum Kind { SENSOR_NOT_PAIRED, SENSOR_CONNECTIVITY, SENSOR_TRAFFIC_DROP, BRAIN_CHECK, BRAIN_DETECTION, SENSOR_NOT_MATCHED }

    public static List<HealthProblem> of(BrainHealth health) {
        var out = new ArrayList<HealthProblem>();
        for (var sensor : health.sensors()) {
            if (!sensor.isPaired() && SensorState.of(sensor) != SensorState.UNKNOWN) {
                out.add(new HealthProblem(Kind.SENSOR_NOT_PAIRED, sensor.label(), sensor.status(),
                        "the Brain reports the Sensor " + sensor.status() + ", not paired", sensor.ipAddress()));
            }
            sensor.connectivity().filter(c -> c == CheckStatus.WARNING || c == CheckStatus.CRITICAL).ifPresent(c ->
                    out.add(new HealthProblem(Kind.SENSOR_CONNECTIVITY, sensor.label(), c.name(), sensor.connectivityError(),
                            sensor.ipAddress())));
            sensor.trafficDrop().filter(t -> t == CheckStatus.WARNING || t == CheckStatus.CRITICAL).ifPresent(t ->
                    out.add(new HealthProblem(Kind.SENSOR_TRAFFIC_DROP, sensor.label(), t.name(), sensor.trafficDropError(),
                            sensor.ipAddress())));
        }
        for (var check : health.checks()) {
            if (check.name().equals("detection")) {
                if (check.status() == CheckStatus.CRITICAL) {
                    out.add(new HealthProblem(Kind.BRAIN_DETECTION, check.name(), check.status().name(), check.detail(), ""));
                }
            } else if (check.status() != CheckStatus.OK && check.status() != CheckStatus.SKIP) {
                out.add(new HealthProblem(Kind.BRAIN_CHECK, check.name(), check.status().name(), check.detail(), ""));
            }
        }
        return List.copyOf(out);
    }
}
