package dev.mirrorpilot.simulator.model;

import java.util.Locale;

/** EC2's instance state names (InstanceStateName). */
public enum InstanceState {
    PENDING, RUNNING, STOPPING, STOPPED, SHUTTING_DOWN, TERMINATED;

    public String awsName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static InstanceState fromAws(String value) {
        for (var state : values()) {
            if (state.awsName().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown instance state '" + value + "'");
    }
}
