package dev.mirrorpilot.policy.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Network or Gateway Load Balancer as Elastic Load Balancing v2 describes it: state, listeners,
 * the targets registered in its target groups with their health, and its security groups (an NLB
 * created with some filters what reaches its listeners; one created without has none, for good).
 * An NLB mirror target receives only through a UDP (or TCP_UDP) listener on 4789 with a healthy
 * target behind it, and only what its security groups, if it has any, admit.
 */
public record LoadBalancer(String arn, String type, String state, String vpcId, List<Listener> listeners,
                           List<RegisteredTarget> registered, List<String> securityGroupIds) {

    /** A listener and the target group it forwards to. */
    public record Listener(String protocol, int port, String targetGroupArn) {
        public Listener {
            Objects.requireNonNull(protocol, "protocol");
            targetGroupArn = targetGroupArn == null ? "" : targetGroupArn;
        }

        public boolean carriesUdp(int wanted) {
            var p = protocol.toUpperCase(Locale.ROOT);
            return port == wanted && (p.equals("UDP") || p.equals("TCP_UDP"));
        }
    }

    /** An instance (or IP) registered in a target group, with DescribeTargetHealth's state. */
    public record RegisteredTarget(String targetGroupArn, String id, int port, String health) {
        public RegisteredTarget {
            Objects.requireNonNull(targetGroupArn, "targetGroupArn");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(health, "health");
        }

        public boolean isHealthy() {
            return "healthy".equals(health);
        }

        public boolean isInstance() {
            return id.startsWith("i-");
        }
    }

    public LoadBalancer {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(state, "state");
        vpcId = vpcId == null ? "" : vpcId;
        listeners = List.copyOf(listeners);
        registered = List.copyOf(registered);
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    /** A load balancer without security groups: everything reaches its listeners. */
    public LoadBalancer(String arn, String type, String state, String vpcId, List<Listener> listeners,
                        List<RegisteredTarget> registered) {
        this(arn, type, state, vpcId, listeners, registered, List.of());
    }

    public boolean isActive() {
        return "active".equals(state);
    }

    public boolean isGateway() {
        return "gateway".equals(type);
    }

    /** AWS names an NLB's ENIs {@code ELB net/<name>/<id>}: the part of the ARN after {@code loadbalancer/}. */
    public String name() {
        int at = arn.indexOf(":loadbalancer/");
        return at < 0 ? arn : arn.substring(at + ":loadbalancer/".length());
    }
}
