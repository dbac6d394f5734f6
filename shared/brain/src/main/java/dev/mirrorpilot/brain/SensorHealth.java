package dev.mirrorpilot.brain;

import java.util.Objects;
import java.util.Optional;

/**
 * One Sensor as the Brain sees it: its pairing status from {@code sensors[]} and, when the
 * document has them, its connectivity and traffic-drop checks (matched by luid, else by name).
 */
public record SensorHealth(String name, String luid, String serialNumber, String ipAddress, String status,
                           Optional<CheckStatus> connectivity, String connectivityError, Optional<CheckStatus> trafficDrop,
                           String trafficDropError, String lastSeen) {
    public static final String PAIRED = "paired";

    public SensorHealth {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(luid, "luid");
        Objects.requireNonNull(status, "status");
    }

    public boolean isPaired() {
        return PAIRED.equalsIgnoreCase(status);
    }

    /** What a person reads in a log line or finding: the name, and the luid when it tells Sensors apart. */
    public String label() {
        return luid.isEmpty() ? name : name + " (" + luid + ")";
    }
}
