package dev.mirrorpilot.policy.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An elastic network interface. {@code attachment} is empty for an ENI that is attached to no
 * instance (available ENIs, load balancer and endpoint ENIs). {@code description} matters for
 * load balancer ENIs: AWS writes {@code ELB net/<name>/<id>}, which ties them to their NLB.
 * {@code privateIpAddress} (the outer source of mirrored VXLAN packets) and {@code securityGroupIds}
 * decide whether a Sensor's security group admits this source; empty when not read.
 */
public record NetworkInterface(
        String id,
        String vpcId,
        String subnetId,
        String availabilityZone,
        InterfaceType type,
        boolean requesterManaged,
        String ownerId,
        Optional<Attachment> attachment,
        String description,
        String privateIpAddress,
        List<String> securityGroupIds) {

    public NetworkInterface(String id, String vpcId, String subnetId, String availabilityZone, InterfaceType type,
                            boolean requesterManaged, String ownerId, Optional<Attachment> attachment) {
        this(id, vpcId, subnetId, availabilityZone, type, requesterManaged, ownerId, attachment, "");
    }

    public NetworkInterface(String id, String vpcId, String subnetId, String availabilityZone, InterfaceType type,
                            boolean requesterManaged, String ownerId, Optional<Attachment> attachment, String description) {
        this(id, vpcId, subnetId, availabilityZone, type, requesterManaged, ownerId, attachment, description, "", List.of());
    }

    public NetworkInterface {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vpcId, "vpcId");
        Objects.requireNonNull(subnetId, "subnetId");
        Objects.requireNonNull(availabilityZone, "availabilityZone");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(attachment, "attachment");
        description = description == null ? "" : description;
        privateIpAddress = privateIpAddress == null ? "" : privateIpAddress;
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    /** The same interface with another attachment (attach, detach). */
    public NetworkInterface withAttachment(Optional<Attachment> newAttachment) {
        return new NetworkInterface(id, vpcId, subnetId, availabilityZone, type, requesterManaged, ownerId, newAttachment,
                description, privateIpAddress, securityGroupIds);
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
