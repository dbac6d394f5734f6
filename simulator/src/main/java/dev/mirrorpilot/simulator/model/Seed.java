package dev.mirrorpilot.simulator.model;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a simulated account starts with (and what a snapshot of it holds): every resource the
 * simulator serves. Instances carry their attached ENIs and, optionally, their typical traffic.
 */
public record Seed(String accountId, String region, List<Vpc> vpcs, List<Subnet> subnets, List<Instance> instances,
                   List<NetworkInterface> otherInterfaces, List<MirrorTarget> targets, List<MirrorFilter> filters,
                   List<MirrorSession> sessions, List<VpcPeering> peerings, List<TransitGatewayAttachment> attachments,
                   List<InstanceType> instanceTypes, List<SecurityGroup> securityGroups, List<LoadBalancer> loadBalancers,
                   List<VpcEndpoint> vpcEndpoints) {

    /** An instance and its attached ENIs; {@code networkGbps} its typical traffic, in and out together. */
    public record Instance(String id, String instanceType, InstanceState state, String vpcId, String subnetId,
                           String availabilityZone, Tags tags, List<NetworkInterface> interfaces, OptionalDouble networkGbps) {
        public Instance {
            interfaces = List.copyOf(interfaces);
        }
    }

    public Seed {
        vpcs = List.copyOf(vpcs);
        subnets = List.copyOf(subnets);
        instances = List.copyOf(instances);
        otherInterfaces = List.copyOf(otherInterfaces);
        targets = List.copyOf(targets);
        filters = List.copyOf(filters);
        sessions = List.copyOf(sessions);
        peerings = List.copyOf(peerings);
        attachments = List.copyOf(attachments);
        instanceTypes = List.copyOf(instanceTypes);
        securityGroups = List.copyOf(securityGroups);
        loadBalancers = List.copyOf(loadBalancers);
        vpcEndpoints = List.copyOf(vpcEndpoints);
    }
}
