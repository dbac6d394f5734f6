package dev.mirrorpilot.policy.model;

import java.util.Objects;

/**
 * What DescribeInstanceTypes says of one type, reduced to what source support depends on. How
 * many sources a Sensor of this type takes is not a fact EC2 describes: see
 * {@link dev.mirrorpilot.policy.capacity.SourceLimits}.
 */
public record InstanceTypeFacts(
        String name,
        Hypervisor hypervisor,
        boolean bareMetal) {

    public InstanceTypeFacts {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hypervisor, "hypervisor");
        if (!name.contains(".")) {
            throw new IllegalArgumentException("instance type '" + name + "' is not of the form family.size");
        }
    }

    /** The family, such as {@code m5} for {@code m5.large} or {@code x1e} for {@code x1e.xlarge}. */
    public String family() {
        return name.substring(0, name.indexOf('.'));
    }

    public String size() {
        return name.substring(name.indexOf('.') + 1);
    }
}
