package dev.mirrorpilot.policy.model;

import java.util.Objects;

/** A VPC; only its id and tags matter to the planner (the Name tag makes reports readable). */
public record Vpc(String id, String cidrBlock, Tags tags) {
    public Vpc {
        Objects.requireNonNull(id, "id");
        cidrBlock = cidrBlock == null ? "" : cidrBlock;
        Objects.requireNonNull(tags, "tags");
    }

    public String name() {
        return tags.nameOr(id);
    }
}
