package dev.mirrorpilot.policy.model;

import java.util.Locale;

/** EC2 instance states, as EventBridge and DescribeInstances spell them. */
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
        throw new IllegalArgumentException("unknown instance state '" + value
                + "'; expected one of pending, running, stopping, stopped, shutting-down, terminated");
    }

    /** Stopping and stopped instances may start again; their sessions can be kept. */
    public boolean isStoppedOrStopping() {
        return this == STOPPING || this == STOPPED;
    }

    public boolean isGoingAway() {
        return this == SHUTTING_DOWN || this == TERMINATED;
    }
}
