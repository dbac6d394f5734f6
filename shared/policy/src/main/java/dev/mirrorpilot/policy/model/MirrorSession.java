package dev.mirrorpilot.policy.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A Traffic Mirror session. {@code virtualNetworkId} and {@code packetLength} are empty when AWS
 * chose the VNI or the whole packet is mirrored. Ownership is decided by {@link ManagedTags}.
 */
public record MirrorSession(
        String id,
        String sourceEniId,
        String targetId,
        String filterId,
        int sessionNumber,
        OptionalInt virtualNetworkId,
        OptionalInt packetLength,
        String description,
        Tags tags,
        String ownerId) {

    public static final int MIN_SESSION_NUMBER = 1;
    public static final int MAX_SESSION_NUMBER = 32766;

    public MirrorSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sourceEniId, "sourceEniId");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(filterId, "filterId");
        Objects.requireNonNull(virtualNetworkId, "virtualNetworkId");
        Objects.requireNonNull(packetLength, "packetLength");
        Objects.requireNonNull(tags, "tags");
        description = description == null ? "" : description;
        ownerId = ownerId == null ? "" : ownerId;
    }

    public boolean isManaged() {
        return ManagedTags.isManaged(tags);
    }
}
