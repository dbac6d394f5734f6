package dev.mirrorpilot.policy.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An elastic network interface. {@code attachment} is empty for an ENI that is attached to no
 * instance (available ENIs, load balancer and endpoint ENIs).
 */
public record NetworkInterface(
        String id,
        String vpcId,
        String subnetId,
        String availabilityZone,
        InterfaceType type,
        boolean requesterManaged,
        String ownerId,
        Optional<Attachment> attachment) {

    public NetworkInterface {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachment, "attachment");
    }

    public boolean isPrimary() {
        return attachment.map(Attachment::isPrimary).orElse(false);
    }

    public int deviceIndex() {
        return attachment.map(Attachment::deviceIndex).orElse(-1);
    }

    public boolean outlivesInstance() {
        return attachment.map(a -> !a.deleteOnTermination()).orElse(true);
    }
}
