package dev.mirrorpilot.simulator.model;

import java.util.List;
import java.util.Optional;

/** An ENI as DescribeNetworkInterfaces describes it. */
public record NetworkInterface(String id, String vpcId, String subnetId, String availabilityZone, InterfaceType type,
                               boolean requesterManaged, String ownerId, Optional<Attachment> attachment,
                               String description, String privateIpAddress, List<String> securityGroupIds) {
    public NetworkInterface {
        description = description == null ? "" : description;
        privateIpAddress = privateIpAddress == null ? "" : privateIpAddress;
        ownerId = ownerId == null ? "" : ownerId;
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    public NetworkInterface withAttachment(Optional<Attachment> newAttachment) {
        return new NetworkInterface(id, vpcId, subnetId, availabilityZone, type, requesterManaged, ownerId, newAttachment,
                description, privateIpAddress, securityGroupIds);
    }

    public NetworkInterface withAddress(String address) {
        return new NetworkInterface(id, vpcId, subnetId, availabilityZone, type, requesterManaged, ownerId, attachment,
                description, address, securityGroupIds);
    }

    public int deviceIndex() {
        return attachment.map(Attachment::deviceIndex).orElse(-1);
    }

    /** Terminating its instance leaves the ENI (detached) when it is not deleted on termination. */
    public boolean outlivesInstance() {
        return attachment.map(a -> !a.deleteOnTermination()).orElse(true);
    }
}
