package dev.mirrorpilot.policy.model;

import java.util.List;
import java.util.Objects;

/** A security group's inbound rules: whether a Sensor's capture ENI admits VXLAN depends on them. */
public record SecurityGroup(String id, String vpcId, List<IngressRule> ingress) {
    public SecurityGroup {
        Objects.requireNonNull(id, "id");
        vpcId = vpcId == null ? "" : vpcId;
        ingress = List.copyOf(ingress);
    }
}
