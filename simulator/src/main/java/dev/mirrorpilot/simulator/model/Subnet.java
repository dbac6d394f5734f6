package dev.mirrorpilot.simulator.model;

public record Subnet(String id, String vpcId, String availabilityZone, String cidrBlock, Tags tags) {
    public Subnet {
        cidrBlock = cidrBlock == null ? "" : cidrBlock;
    }
}
