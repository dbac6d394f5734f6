package dev.mirrorpilot.simulator.model;

/** A VPC; {@code ownerId} empty means the simulated account. */
public record Vpc(String id, String cidrBlock, Tags tags, String ownerId) {
    public Vpc {
        cidrBlock = cidrBlock == null ? "" : cidrBlock;
        ownerId = ownerId == null ? "" : ownerId;
    }
}
