package dev.mirrorpilot.policy.model;

import java.util.Locale;

/**
 * The {@code InterfaceType} of an ENI. Only plain {@code interface} ENIs of workloads are mirror
 * sources; load balancer and endpoint ENIs never are.
 */
public enum InterfaceType {
    INTERFACE, EFA, TRUNK, BRANCH, NETWORK_LOAD_BALANCER, GATEWAY_LOAD_BALANCER,
    GATEWAY_LOAD_BALANCER_ENDPOINT, VPC_ENDPOINT, NAT_GATEWAY, TRANSIT_GATEWAY, LAMBDA, OTHER;

    public String awsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Unknown spellings become {@link #OTHER}: never a source, never a crash. */
    public static InterfaceType fromAws(String value) {
        if (value == null || value.isBlank()) {
            return INTERFACE;
        }
        var normalised = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (var type : values()) {
            if (type.name().equals(normalised)) {
                return type;
            }
        }
        return OTHER;
    }
}
