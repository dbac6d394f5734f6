package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.Workload;
import java.util.List;

/**
 * What stands behind this account's targets, read once per account read: the Sensor instances
 * (with their state), their capture ENIs (address and security groups), those security groups,
 * the load balancers behind NLB targets (listeners, registered targets and health) and the
 * Gateway Load Balancer endpoints. Targets shared from other accounts have none of this here.
 */
public record Receivers(List<Workload> sensors, List<NetworkInterface> captureInterfaces, List<SecurityGroup> securityGroups,
                        List<LoadBalancer> loadBalancers, List<VpcEndpoint> endpoints) {
    public static final Receivers NONE = new Receivers(List.of(), List.of(), List.of(), List.of(), List.of());

    public Receivers {
        sensors = List.copyOf(sensors);
        captureInterfaces = List.copyOf(captureInterfaces);
        securityGroups = List.copyOf(securityGroups);
        loadBalancers = List.copyOf(loadBalancers);
        endpoints = List.copyOf(endpoints);
    }

    /** Capture ENIs not listed under a Sensor instance read here (attached to nothing, say). */
    public List<NetworkInterface> unattachedCaptureInterfaces() {
        var listed = sensors.stream().flatMap(w -> w.interfaces().stream()).map(NetworkInterface::id)
                .collect(java.util.stream.Collectors.toSet());
        return captureInterfaces.stream().filter(e -> !listed.contains(e.id())).toList();
    }
}
