package dev.mirrorpilot.simulator.model;

import java.util.Locale;

/** EC2's NetworkInterfaceType values; only {@code interface} can be a mirror source. */
public enum InterfaceType {
    INTERFACE, EFA, TRUNK, BRANCH, NETWORK_LOAD_BALANCER, GATEWAY_LOAD_BALANCER, GATEWAY_LOAD_BALANCER_ENDPOINT,
    VPC_ENDPOINT, NAT_GATEWAY, TRANSIT_GATEWAY, LAMBDA, OTHER;

    public String awsName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An unknown or missing spelling: a plain interface when missing (EC2's default), else OTHER. */
    public static InterfaceType fromAws(String value) {
        if (value == null || value.isBlank()) {
            return INTERFACE;
        }
        var wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (var type : values()) {
            if (type.name().equals(wanted)) {
                return type;
            }
        }
        return OTHER;
    }
}
