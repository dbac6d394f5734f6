package dev.mirrorpilot.simulator.model;

import java.util.List;

/** An ELBv2 load balancer with its listeners and its target groups' registered targets. */
public record LoadBalancer(String arn, String type, String state, String vpcId, List<Listener> listeners,
                           List<RegisteredTarget> registered, List<String> securityGroupIds) {
    public record Listener(String protocol, int port, String targetGroupArn) {
    }

    /** A target (instance id or IP address) registered in a target group, with its health state. */
    public record RegisteredTarget(String targetGroupArn, String id, int port, String health) {
    }

    public LoadBalancer {
        vpcId = vpcId == null ? "" : vpcId;
        listeners = List.copyOf(listeners);
        registered = List.copyOf(registered);
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    /** The name in the ARN ({@code net/<name>/<id>}), which AWS puts in the description of its ENIs. */
    public String name() {
        int at = arn.indexOf(":loadbalancer/");
        return at < 0 ? arn : arn.substring(at + ":loadbalancer/".length());
    }
}
