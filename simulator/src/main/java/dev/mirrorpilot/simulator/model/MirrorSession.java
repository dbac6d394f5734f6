package dev.mirrorpilot.simulator.model;

import java.util.OptionalInt;

/** A traffic mirror session; every session in AWS has a VNI (EC2 picks one when the creator gave none). */
public record MirrorSession(String id, String sourceEniId, String targetId, String filterId, int sessionNumber,
                            OptionalInt virtualNetworkId, OptionalInt packetLength, String description, Tags tags,
                            String ownerId) {
    public MirrorSession {
        description = description == null ? "" : description;
        ownerId = ownerId == null ? "" : ownerId;
    }

    public MirrorSession withTags(Tags newTags) {
        return new MirrorSession(id, sourceEniId, targetId, filterId, sessionNumber, virtualNetworkId, packetLength,
                description, newTags, ownerId);
    }

    public MirrorSession withVni(int vni) {
        return new MirrorSession(id, sourceEniId, targetId, filterId, sessionNumber, OptionalInt.of(vni), packetLength,
                description, tags, ownerId);
    }
}
