package dev.mirrorpilot.simulator.state;

import dev.mirrorpilot.simulator.model.InstanceState;
import dev.mirrorpilot.simulator.model.Tags;

/** An instance as the simulator keeps it; its ENIs live in the ENI table, linked by attachment. */
public record Instance(String id, String instanceType, InstanceState state, String vpcId, String subnetId,
                       String availabilityZone, Tags tags, long launchedAtNanos) {

    Instance withState(InstanceState newState) {
        return new Instance(id, instanceType, newState, vpcId, subnetId, availabilityZone, tags, launchedAtNanos);
    }

    Instance withTags(Tags newTags) {
        return new Instance(id, instanceType, state, vpcId, subnetId, availabilityZone, newTags, launchedAtNanos);
    }
}
