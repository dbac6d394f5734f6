package dev.mirrorpilot.policy.model;

import java.util.Locale;

/** DescribeInstanceTypes {@code Hypervisor}; bare metal types report none. */
public enum Hypervisor {
    NITRO, XEN, NONE;

    public static Hypervisor fromAws(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "nitro" -> NITRO;
            case "xen" -> XEN;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException(
                    "unknown hypervisor '" + value + "'; expected nitro, xen or none");
        };
    }

    public String awsName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
