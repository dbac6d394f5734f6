package dev.mirrorpilot.policy.model;

/**
 * The ownership tags MirrorPilot writes on every session it creates. A session without
 * {@code mirrorpilot:managed=true} belongs to someone else and is never modified or deleted.
 */
public final class ManagedTags {
    public static final String MANAGED = "mirrorpilot:managed";
    public static final String SOURCE_INSTANCE = "mirrorpilot:source-instance";
    public static final String SOURCE_VPC = "mirrorpilot:source-vpc";

    private ManagedTags() {
    }

    public static boolean isManaged(Tags tags) {
        return tags.valueIs(MANAGED, "true");
    }

    /** Tags for a new session that mirrors {@code eni} of {@code instanceId}. */
    public static Tags forSession(String instanceId, String vpcId) {
        return Tags.of(MANAGED, "true", SOURCE_INSTANCE, instanceId, SOURCE_VPC, vpcId);
    }
}
