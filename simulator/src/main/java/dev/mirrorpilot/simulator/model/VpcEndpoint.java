package dev.mirrorpilot.simulator.model;

/** A VPC endpoint and its ENIs (where a Gateway Load Balancer endpoint receives mirrored packets). */
public record VpcEndpoint(String id, String vpcId, String type, String state, java.util.List<String> networkInterfaceIds) {
    public VpcEndpoint {
        networkInterfaceIds = networkInterfaceIds == null ? java.util.List.of() : java.util.List.copyOf(networkInterfaceIds);
    }

    /** The endpoint service it connects to, named as AWS names one: fixed by the endpoint's id. */
    public String serviceName(String region) {
        return "com.amazonaws.vpce." + region + ".vpce-svc-0" + id.substring(Math.min(id.length(), 6));
    }
}
