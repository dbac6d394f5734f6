package dev.mirrorpilot.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The inventory file as JSON sees it: field names follow the EC2 API (camelCase), tags are a
 * plain object. docs/inventory-format.md describes every field; {@link InventoryFile} maps it to
 * and from the domain {@link dev.mirrorpilot.policy.model.Inventory}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record InventoryDocument(
        Integer formatVersion,
        String accountId,
        String region,
        List<VpcJson> vpcs,
        List<SubnetJson> subnets,
        List<InstanceTypeJson> instanceTypes,
        List<InstanceJson> instances,
        List<InterfaceJson> networkInterfaces,
        List<TargetJson> mirrorTargets,
        List<FilterJson> mirrorFilters,
        List<SessionJson> mirrorSessions,
        List<PeeringJson> vpcPeeringConnections,
        List<TgwAttachmentJson> transitGatewayAttachments,
        List<SecurityGroupJson> securityGroups,
        List<LoadBalancerJson> loadBalancers,
        List<EndpointJson> vpcEndpoints) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VpcJson(String vpcId, String cidrBlock, Map<String, String> tags, String ownerId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SubnetJson(String subnetId, String vpcId, String availabilityZone, String cidrBlock, Map<String, String> tags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceTypeJson(String instanceType, String hypervisor, Boolean bareMetal) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InstanceJson(String instanceId, String instanceType, String state, String vpcId, String subnetId,
                        String availabilityZone, Map<String, String> tags, List<AttachedInterfaceJson> networkInterfaces,
                        Double networkGbps) {
    }

    /** An ENI listed under its instance: VPC, subnet and zone default to the instance's. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttachedInterfaceJson(String networkInterfaceId, Integer deviceIndex, Boolean deleteOnTermination,
                                 String subnetId, String availabilityZone, String interfaceType,
                                 Boolean requesterManaged, String ownerId, String privateIpAddress, List<String> groups) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InterfaceJson(String networkInterfaceId, String vpcId, String subnetId, String availabilityZone,
                         String interfaceType, Boolean requesterManaged, String ownerId, AttachmentJson attachment,
                         String description, String privateIpAddress, List<String> groups) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttachmentJson(String instanceId, Integer deviceIndex, Boolean deleteOnTermination) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TargetJson(String trafficMirrorTargetId, String type, String networkInterfaceId,
                      String networkLoadBalancerArn, String gatewayLoadBalancerEndpointId, String vpcId,
                      String availabilityZone, String ownerId, String sensorInstanceType, Map<String, String> tags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FilterJson(String trafficMirrorFilterId, List<RuleJson> ingressRules, List<RuleJson> egressRules,
                      List<String> networkServices, Map<String, String> tags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleJson(Integer ruleNumber, String ruleAction, Integer protocol, String sourceCidrBlock,
                    String destinationCidrBlock, PortRangeJson sourcePortRange, PortRangeJson destinationPortRange) {
    }

    record PortRangeJson(Integer fromPort, Integer toPort) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SessionJson(String trafficMirrorSessionId, String networkInterfaceId, String trafficMirrorTargetId,
                       String trafficMirrorFilterId, Integer sessionNumber, Integer virtualNetworkId,
                       Integer packetLength, String description, String ownerId, Map<String, String> tags) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PeeringJson(String vpcPeeringConnectionId, String requesterVpcId, String accepterVpcId, String status,
                       String requesterRegion, String accepterRegion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TgwAttachmentJson(String transitGatewayAttachmentId, String transitGatewayId, String vpcId, String state) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SecurityGroupJson(String groupId, String vpcId, List<IngressJson> ingressRules) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IngressJson(String ipProtocol, Integer fromPort, Integer toPort, List<String> cidrBlocks, List<String> groupIds,
                       java.util.Map<String, List<String>> prefixLists) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record LoadBalancerJson(String loadBalancerArn, String type, String state, String vpcId, List<ListenerJson> listeners,
                            List<RegisteredTargetJson> targets, List<String> securityGroupIds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListenerJson(String protocol, Integer port, String targetGroupArn) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RegisteredTargetJson(String targetGroupArn, String id, Integer port, String health) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EndpointJson(String vpcEndpointId, String vpcId, String vpcEndpointType, String state, List<String> networkInterfaceIds) {
    }
}
