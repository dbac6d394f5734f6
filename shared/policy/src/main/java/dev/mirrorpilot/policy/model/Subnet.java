package dev.mirrorpilot.policy.model;

import java.util.Objects;

/** A subnet, which fixes an ENI's VPC and Availability Zone. */
public record Subnet(String id, String vpcId, String availabilityZone, String cidrBlock, Tags tags) {
    public Subnet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        cidrBlock = cidrBlock == null ? "" : cidrBlock;
        Objects.requireNonNull(tags, "tags");
    }
}
