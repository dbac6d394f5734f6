package dev.mirrorpilot.policy.plan;

import java.util.Objects;

/**
 * The source an action is about: the ENI and, where known, its instance, VPC and zone. An orphaned
 * session whose ENI has gone may know only the ENI id; unknown fields are empty strings.
 */
public record Source(String instanceId, String eniId, String vpcId, String availabilityZone, int deviceIndex) {
    public Source {
        instanceId = instanceId == null ? "" : instanceId;
        Objects.requireNonNull(eniId, "eniId");
        vpcId = vpcId == null ? "" : vpcId;
        availabilityZone = availabilityZone == null ? "" : availabilityZone;
    }
}
