package dev.mirrorpilot.policy.readiness;

import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Whether something can receive behind a target, from the facts in the inventory:
 * <ul>
 *   <li>ENI target: the capture ENI exists, is attached to a pending or running instance, and one of
 *   its security groups admits UDP 4789 from the source (its private IP, its VPC's CIDR, or a group
 *   it is in);</li>
 *   <li>NLB target: active, a UDP (or TCP_UDP) listener on 4789, when it has security groups one
 *   that admits UDP 4789 from the source, and a healthy instance in that listener's target group
 *   whose primary ENI's security groups admit UDP 4789 from the source (the NLB keeps the source's
 *   address) or from the NLB's groups: the health check runs over TCP, so a healthy Sensor can still
 *   drop every mirrored packet. A target registered by IP address is judged by the ENI holding that
 *   address; one whose ENI or instance was not read is not checked;</li>
 *   <li>Gateway Load Balancer endpoint target: the endpoint is available.</li>
 * </ul>
 * A target shared from another account cannot be checked from this one: it counts as able to
 * receive, and the report says so. Never guesses "up" for a target of this account whose facts
 * are missing: a missing ENI, instance, load balancer or endpoint is a down target.
 */
public final class TargetReadiness {
    public static final int VXLAN_PORT = 4789;
    /** Written by the brain-health function on a Sensor's targets: ok, degraded or down. */
    public static final String SENSOR_HEALTH_TAG = "mirrorpilot:sensor-health";
    public static final String SENSOR_DOWN = "down";
    /** The tag's value for a Sensor whose Brain reports it dropping traffic or its connectivity warning. */
    public static final String SENSOR_DEGRADED = "degraded";
    /** Written by the rebalance on a target it has yet to bring to its low-water mark (by sources or its Sensor's Gbps). */
    public static final String REBALANCE_TAG = "mirrorpilot:rebalance";
    public static final String DRAINING = "draining";
    private static final String ANYWHERE = "0.0.0.0/0";

    private final String accountId;
    private final Map<String, NetworkInterface> interfaces;
    /** ENIs by their private address: what an NLB target registered by IP address is. */
    private final Map<String, List<NetworkInterface>> interfacesByAddress;
    private final Map<String, Workload> instances;
    private final Map<String, SecurityGroup> groups;
    private final Map<String, LoadBalancer> loadBalancers;
    private final Map<String, VpcEndpoint> endpoints;
    private final Map<String, String> vpcCidrs;
    private final Map<String, Optional<Reason>> problems = new HashMap<>();
    private final Map<List<String>, List<IngressRule>> rulesByGroups = new HashMap<>(); // asked once per source and target

    public TargetReadiness(Inventory inventory) {
        this.accountId = inventory.accountId();
        this.interfaces = inventory.allInterfaces().collect(Collectors.toMap(NetworkInterface::id, Function.identity(), (a, b) -> a));
        this.interfacesByAddress = interfaces.values().stream().filter(e -> !e.privateIpAddress().isBlank())
                .collect(Collectors.groupingBy(NetworkInterface::privateIpAddress));
        this.instances = inventory.workloads().stream().collect(Collectors.toMap(Workload::instanceId, Function.identity()));
        this.groups = inventory.securityGroups().stream().collect(Collectors.toMap(SecurityGroup::id, Function.identity()));
        this.loadBalancers = inventory.loadBalancers().stream().collect(Collectors.toMap(LoadBalancer::arn, Function.identity()));
        this.endpoints = inventory.vpcEndpoints().stream().collect(Collectors.toMap(VpcEndpoint::id, Function.identity()));
        this.vpcCidrs = inventory.vpcs().stream().filter(v -> !v.cidrBlock().isBlank())
                .collect(Collectors.toMap(Vpc::id, Vpc::cidrBlock));
    }

    /** Whether the target belongs to another account, so nothing behind it can be read here. */
    public boolean isShared(MirrorTarget target) {
        return target.isSharedInto(accountId);
    }

    /** Empty when the target can receive (or is shared and cannot be checked); otherwise why it cannot. */
    public Optional<Reason> problem(MirrorTarget target) {
        return problems.computeIfAbsent(target.id(), id -> (isShared(target) ? Optional.<Reason>empty() : switch (target.kind()) {
            case NETWORK_INTERFACE -> interfaceProblem(target);
            case NETWORK_LOAD_BALANCER -> loadBalancerProblem(target);
            case GATEWAY_LOAD_BALANCER_ENDPOINT -> endpointProblem(target);
        }).or(() -> sensorDown(target)));
    }

    /** Whether the rebalance is moving sessions off this target: placement sends new sources elsewhere first. */
    public static boolean isMarkedDraining(MirrorTarget target) {
        return DRAINING.equals(target.tags().get(REBALANCE_TAG));
    }

    /**
     * Whether the Brain reports the Sensor behind this target degraded (dropping traffic, or a connectivity warning):
     * measured evidence that it takes no more, so placement prefers any other target and the rebalance sends it nothing.
     */
    public static boolean reportsDegraded(MirrorTarget target) {
        return SENSOR_DEGRADED.equals(target.tags().get(SENSOR_HEALTH_TAG));
    }

    /** The brain-health function's verdict, written on the target as a tag: a Sensor the Brain reports down takes nothing new. */
    private static Optional<Reason> sensorDown(MirrorTarget target) {
        return SENSOR_DOWN.equals(target.tags().get(SENSOR_HEALTH_TAG))
                ? Optional.of(Reason.of(ReasonCode.TARGET_SENSOR_DOWN, target.name() + " (" + SENSOR_HEALTH_TAG + "=down)"))
                : Optional.empty();
    }

    /**
     * Whether VXLAN from this source gets through the security groups on its way: a capture ENI's;
     * for an NLB, its own (when it has any) and those of a healthy Sensor behind it. A shared target
     * and a Gateway Load Balancer endpoint admit.
     */
    public boolean admits(MirrorTarget target, NetworkInterface source) {
        if (isShared(target)) {
            return true;
        }
        var lb = loadBalancers.get(target.resourceId());
        if (lb != null) {
            return nlbAdmits(target, lb, source) && healthyBehind(lb).stream().anyMatch(t -> sensorBehindAdmits(t, lb, source));
        }
        if (target.networkInterfaceId().isEmpty()) {
            return true;
        }
        return vxlanRules(target).stream().anyMatch(rule -> admits(rule, source));
    }

    /** Why this source's VXLAN would be dropped by the target's security groups, or by those of the Sensors behind it. */
    public Reason blocked(MirrorTarget target, NetworkInterface source) {
        var lb = loadBalancers.get(target.resourceId());
        if (lb != null && nlbAdmits(target, lb, source)) {
            var behind = healthyBehind(lb);
            var groupIds = behind.stream().flatMap(t -> receivingInterfaces(t, lb).stream())
                    .flatMap(e -> e.securityGroupIds().stream()).distinct().toList();
            return Reason.of(ReasonCode.TARGET_BLOCKS_VXLAN, "the healthy Sensors behind " + lb.name() + " "
                    + behind.stream().map(LoadBalancer.RegisteredTarget::id).toList() + " admit no UDP " + VXLAN_PORT + " from "
                    + describe(source) + " in their security groups " + groupIds + unread(rulesOf(groupIds)));
        }
        return Reason.of(ReasonCode.TARGET_BLOCKS_VXLAN, "security groups " + groupsOf(target)
                + " of " + target.resourceId() + " admit no UDP " + VXLAN_PORT + " from " + describe(source)
                + unread(vxlanRules(target)));
    }

    /** Whether the NLB's own security groups let this source's VXLAN reach its listeners (one without groups lets all). */
    private boolean nlbAdmits(MirrorTarget target, LoadBalancer lb, NetworkInterface source) {
        return lb.securityGroupIds().isEmpty() || vxlanRules(target).stream().anyMatch(rule -> admits(rule, source));
    }

    /** Names the prefix lists these rules use whose entries could not be read, which therefore admit nothing. */
    private static String unread(List<IngressRule> rules) {
        var unread = rules.stream().flatMap(r -> r.prefixLists().entrySet().stream()).filter(e -> e.getValue().isEmpty())
                .map(java.util.Map.Entry::getKey).distinct().sorted().toList();
        return unread.isEmpty() ? "" : " (prefix lists " + unread + " gave no address: empty, or not readable without "
                + "ec2:GetManagedPrefixListEntries)";
    }

    /** Where an NLB target delivers: the receiving ENI of each healthy Sensor behind its UDP 4789 listener; none for other targets. */
    public List<NetworkInterface> sensorsBehind(MirrorTarget target) {
        var lb = loadBalancers.get(target.resourceId());
        return lb == null ? List.of()
                : healthyBehind(lb).stream().flatMap(t -> receivingInterfaces(t, lb).stream()).distinct().toList();
    }

    /** The healthy targets in the target group of the NLB's UDP 4789 listener. */
    private static List<LoadBalancer.RegisteredTarget> healthyBehind(LoadBalancer lb) {
        var listener = lb.listeners().stream().filter(l -> l.carriesUdp(VXLAN_PORT)).findFirst();
        return listener.map(l -> lb.registered().stream().filter(t -> t.targetGroupArn().equals(l.targetGroupArn()))
                .filter(LoadBalancer.RegisteredTarget::isHealthy).toList()).orElse(List.of());
    }

    /**
     * Where an NLB delivers for a registered target: an instance's primary ENI, or the ENIs holding a registered
     * address (those in the NLB's VPC when any is, since another VPC may reuse the address). Empty when not read.
     */
    private List<NetworkInterface> receivingInterfaces(LoadBalancer.RegisteredTarget registered, LoadBalancer lb) {
        if (registered.isInstance()) {
            var instance = instances.get(registered.id());
            return instance == null ? List.of()
                    : instance.interfaces().stream().filter(e -> e.deviceIndex() == 0).limit(1).toList();
        }
        var holders = interfacesByAddress.getOrDefault(registered.id(), List.of());
        var inVpc = holders.stream().filter(e -> e.vpcId().equals(lb.vpcId())).toList();
        return inVpc.isEmpty() ? holders : inVpc;
    }

    /** Whether a Sensor behind an NLB has a rule for UDP 4789 at all (one not read is not checked). */
    private boolean sensorBehindReceives(LoadBalancer.RegisteredTarget registered, LoadBalancer lb) {
        return receivingInterfaces(registered, lb).stream().allMatch(e -> !rulesOf(e.securityGroupIds()).isEmpty());
    }

    /**
     * Whether a Sensor behind an NLB admits this source's VXLAN, by the source's address, VPC or group, or by the NLB's
     * group; where an address is held by several ENIs, each must (one not read is not checked).
     */
    private boolean sensorBehindAdmits(LoadBalancer.RegisteredTarget registered, LoadBalancer lb, NetworkInterface source) {
        return receivingInterfaces(registered, lb).stream().allMatch(e -> rulesOf(e.securityGroupIds()).stream()
                .anyMatch(rule -> admits(rule, source) || rule.groupIds().stream().anyMatch(lb.securityGroupIds()::contains)));
    }

    private Optional<Reason> interfaceProblem(MirrorTarget target) {
        var eni = interfaces.get(target.resourceId());
        if (eni == null) {
            return down("capture ENI " + target.resourceId() + " no longer exists");
        }
        if (eni.attachment().isEmpty()) {
            return down("capture ENI " + eni.id() + " is attached to no instance");
        }
        var instanceId = eni.attachment().get().instanceId();
        var instance = instances.get(instanceId);
        if (instance == null) {
            return down("Sensor instance " + instanceId + " of " + eni.id() + " was not found");
        }
        if (instance.state() != InstanceState.RUNNING && instance.state() != InstanceState.PENDING) {
            return down("Sensor " + instance.name() + " (" + instanceId + ") is " + instance.state().awsName());
        }
        if (vxlanRules(target).isEmpty()) {
            return Optional.of(Reason.of(ReasonCode.TARGET_BLOCKS_VXLAN, "security groups " + groupsOf(target) + " of "
                    + eni.id() + " have no inbound rule for UDP " + VXLAN_PORT + "; add UDP " + VXLAN_PORT
                    + " from the source VPCs (the Vectra guide uses 0.0.0.0/0)"));
        }
        return Optional.empty();
    }

    private Optional<Reason> loadBalancerProblem(MirrorTarget target) {
        var lb = loadBalancers.get(target.resourceId());
        if (lb == null) {
            return down("load balancer " + target.resourceId() + " no longer exists");
        }
        if (!lb.isActive()) {
            return down("load balancer " + lb.name() + " is " + lb.state());
        }
        var listener = lb.listeners().stream().filter(l -> l.carriesUdp(VXLAN_PORT)).findFirst();
        if (listener.isEmpty()) {
            return Optional.of(Reason.of(ReasonCode.TARGET_NO_LISTENER, lb.name() + " has no UDP listener on port "
                    + VXLAN_PORT + "; AWS accepts the target but mirrors nothing to it"));
        }
        var registered = lb.registered().stream()
                .filter(t -> t.targetGroupArn().equals(listener.get().targetGroupArn())).toList();
        if (registered.stream().noneMatch(LoadBalancer.RegisteredTarget::isHealthy)) {
            return Optional.of(Reason.of(ReasonCode.TARGET_UNHEALTHY, lb.name() + ": no healthy target in "
                    + listener.get().targetGroupArn() + " (" + registered.size() + " registered)"));
        }
        if (!lb.securityGroupIds().isEmpty() && vxlanRules(target).isEmpty()) {
            return Optional.of(Reason.of(ReasonCode.TARGET_BLOCKS_VXLAN, "security groups " + lb.securityGroupIds() + " of "
                    + lb.name() + " have no inbound rule for UDP " + VXLAN_PORT + "; add UDP " + VXLAN_PORT
                    + " from the source VPCs"));
        }
        var healthy = healthyBehind(lb);
        if (healthy.stream().noneMatch(t -> sensorBehindReceives(t, lb))) {
            var ids = healthy.stream().map(LoadBalancer.RegisteredTarget::id).toList();
            return Optional.of(Reason.of(ReasonCode.TARGET_BLOCKS_VXLAN, "the healthy Sensors behind " + lb.name() + " " + ids
                    + " have no inbound rule for UDP " + VXLAN_PORT + " in their security groups "
                    + healthy.stream().flatMap(t -> receivingInterfaces(t, lb).stream()).flatMap(e -> e.securityGroupIds().stream())
                            .distinct().toList()
                    + " (the health check runs over TCP); add UDP " + VXLAN_PORT + " from the source VPCs"));
        }
        return Optional.empty();
    }

    private Optional<Reason> endpointProblem(MirrorTarget target) {
        var endpoint = endpoints.get(target.resourceId());
        if (endpoint == null) {
            return down("Gateway Load Balancer endpoint " + target.resourceId() + " no longer exists");
        }
        return endpoint.isAvailable() ? Optional.empty() : down("endpoint " + endpoint.id() + " is " + endpoint.state());
    }

    private static Optional<Reason> down(String detail) {
        return Optional.of(Reason.of(ReasonCode.TARGET_DOWN, detail));
    }

    /** The security groups that filter what reaches the target: its capture ENI's, or its NLB's. */
    private List<String> groupsOf(MirrorTarget target) {
        var lb = loadBalancers.get(target.resourceId());
        if (lb != null) {
            return lb.securityGroupIds();
        }
        var eni = interfaces.get(target.resourceId());
        return eni == null ? List.of() : eni.securityGroupIds();
    }

    private List<IngressRule> vxlanRules(MirrorTarget target) {
        return rulesOf(groupsOf(target));
    }

    /** The inbound rules of these groups that carry UDP 4789 (a group not read has none). */
    private List<IngressRule> rulesOf(List<String> groupIds) {
        return rulesByGroups.computeIfAbsent(groupIds, ids -> ids.stream().map(groups::get).filter(g -> g != null)
                .flatMap(g -> g.ingress().stream()).filter(r -> r.coversUdpPort(VXLAN_PORT)).toList());
    }

    private boolean admits(IngressRule rule, NetworkInterface source) {
        if (rule.groupIds().stream().anyMatch(source.securityGroupIds()::contains)) {
            return true;
        }
        var vpcCidr = vpcCidrs.get(source.vpcId());
        return rule.allCidrs().anyMatch(cidr -> cidr.equals(ANYWHERE)
                || (!source.privateIpAddress().isBlank() && Cidr.contains(cidr, source.privateIpAddress()))
                || (vpcCidr != null && Cidr.covers(cidr, vpcCidr)));
    }

    private static String describe(NetworkInterface source) {
        return source.privateIpAddress().isBlank() ? source.id() + " in " + source.vpcId()
                : source.id() + " (" + source.privateIpAddress() + ", " + source.vpcId() + ")";
    }
}
