package dev.mirrorpilot.policy.model;

import java.util.Objects;

/**
 * A VPC: its id, CIDR (whether a Sensor's security group admits its sources), tags (the Name tag
 * makes reports readable) and owner, which in a shared VPC is another account than the reader's.
 */
public record Vpc(String id, String cidrBlock, Tags tags, String ownerId) {
    public Vpc(String id, String cidrBlock, Tags tags) {
        this(id, cidrBlock, tags, "");
    }

    public Vpc {
        Objects.requireNonNull(id, "id");
        cidrBlock = cidrBlock == null ? "" : cidrBlock;
        Objects.requireNonNull(tags, "tags");
        ownerId = ownerId == null ? "" : ownerId;
    }

    public String name() {
        return tags.nameOr(id);
    }
}
