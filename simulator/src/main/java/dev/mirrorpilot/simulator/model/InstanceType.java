package dev.mirrorpilot.simulator.model;

/** What DescribeInstanceTypes says of a type: its hypervisor ({@code nitro}, {@code xen}, empty for bare metal). */
public record InstanceType(String name, String hypervisor, boolean bareMetal) {
    public InstanceType {
        hypervisor = hypervisor == null ? "" : hypervisor;
    }
}
