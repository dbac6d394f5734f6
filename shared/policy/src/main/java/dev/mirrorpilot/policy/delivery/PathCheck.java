package dev.mirrorpilot.policy.delivery;

import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The static checks that predict loss before any traffic is measured. Network ACLs are stateless, so
 * each subnet a session's VXLAN packets (UDP 4789) leave must let them out and each they enter must let
 * them in. An ENI target: out of the source's subnet to the target ENI's address, into the target's
 * subnet from the source's. A Network Load Balancer target: out of the source's subnet to a node of
 * the NLB, into that node's subnet from the source, out of it to a healthy Sensor behind the UDP 4789
 * listener, and into the Sensor's subnet from the source (a UDP target group always keeps the
 * client's address). A session is reported only when no such path is open (one node and one Sensor
 * suffice, whatever the zones). A Gateway Load Balancer endpoint target: out of the source's subnet to
 * one of the endpoint's ENIs, into that ENI's subnet (what the GWLB then sends its appliances is GENEVE,
 * not judged here). A subnet with no ACL read, an NLB without node addresses, or an endpoint without ENIs
 * read is not judged. Pure.
 */
public final class PathCheck {
    static final String TO_TARGET = "the target";
    static final String FROM_SOURCE = "the source";
    static final String TO_SENSOR = "the Sensor behind the load balancer";

    /** A session whose packets an ACL drops: which ACL, which direction, toward whom, which rule (or the implicit deny). */
    public record Blocked(String sessionId, String instanceId, String targetId, String aclId, String subnetId, boolean egress,
                          String rule, String peer) {
        public Blocked(String sessionId, String instanceId, String targetId, String aclId, String subnetId, boolean egress,
                       String rule) {
            this(sessionId, instanceId, targetId, aclId, subnetId, egress, rule, egress ? TO_TARGET : FROM_SOURCE);
        }

        public String text() {
            return "network ACL " + aclId + " of " + subnetId + " denies UDP " + TargetReadiness.VXLAN_PORT
                    + (egress ? " out to " : " in from ") + peer + " (" + rule + ")";
        }
    }

    private PathCheck() {
    }

    public static List<Blocked> of(Inventory inventory, List<NetworkAcl> acls) {
        var enis = new HashMap<String, NetworkInterface>();
        inventory.allInterfaces().forEach(e -> enis.put(e.id(), e));
        var aclBySubnet = new HashMap<String, NetworkAcl>();
        acls.forEach(a -> a.subnetIds().forEach(s -> aclBySubnet.put(s, a)));
        var paths = new Paths(inventory, enis);
        var targets = inventory.targetsById();
        var blocked = new ArrayList<Blocked>();
        for (var session : inventory.sessions()) {
            var source = enis.get(session.sourceEniId());
            var target = targets.get(session.targetId());
            if (!session.isManaged() || source == null || target == null || source.privateIpAddress().isEmpty()) {
                continue;
            }
            var instance = source.attachment().map(a -> a.instanceId()).orElse("");
            var hop = new Hop(session, instance, aclBySubnet);
            var failure = target.kind() == TargetKind.NETWORK_LOAD_BALANCER ? paths.throughLoadBalancer(hop, source, target)
                    : firstUnlessOneIsOpen(paths.receivers(target), receiver -> hop.to(source, receiver));
            failure.ifPresent(blocked::add);
        }
        return List.copyOf(blocked);
    }

    /** The first failure of each alternative path; empty as soon as one is open (or when there is none to judge). */
    private static <T> Optional<Blocked> firstUnlessOneIsOpen(List<T> alternatives, Function<T, Optional<Blocked>> check) {
        Optional<Blocked> first = Optional.empty();
        for (var alternative : alternatives) {
            var failure = check.apply(alternative);
            if (failure.isEmpty()) {
                return Optional.empty();
            }
            first = first.isPresent() ? first : failure;
        }
        return first;
    }

    /** One session's checks: each says what drops its packets at one subnet, if anything does. */
    private record Hop(MirrorSession session, String instance, Map<String, NetworkAcl> aclBySubnet) {
        Optional<Blocked> out(String subnet, String peerAddress, String peer) {
            return check(subnet, true, peerAddress, peer);
        }

        Optional<Blocked> in(String subnet, String sourceAddress) {
            return check(subnet, false, sourceAddress, FROM_SOURCE);
        }

        /** Out of the source's subnet to an ENI that receives the packets, into that ENI's subnet from the source. */
        Optional<Blocked> to(NetworkInterface source, NetworkInterface receiver) {
            return out(source.subnetId(), receiver.privateIpAddress(), TO_TARGET)
                    .or(() -> in(receiver.subnetId(), source.privateIpAddress()));
        }

        private Optional<Blocked> check(String subnet, boolean egress, String address, String peer) {
            var acl = aclBySubnet.get(subnet);
            if (acl == null) {
                return Optional.empty();
            }
            var rule = acl.decidingUdp(egress, address, TargetReadiness.VXLAN_PORT);
            if (rule.isPresent() && rule.get().allow()) {
                return Optional.empty();
            }
            return Optional.of(new Blocked(session.id(), instance, session.targetId(), acl.id(), subnet, egress,
                    rule.map(r -> "rule " + r.number() + " denies " + r.cidr()).orElse("no rule admits it: the implicit deny"),
                    peer));
        }
    }

    /** Where each load balancer target receives: the nodes and Sensors of an NLB, the ENIs of a GWLB endpoint. */
    private static final class Paths {
        private final Map<String, LoadBalancer> loadBalancers = new HashMap<>();
        private final Map<String, List<NetworkInterface>> nodesByDescription = new HashMap<>();
        private final Map<String, VpcEndpoint> endpoints = new HashMap<>();
        private final Map<String, NetworkInterface> enis;
        private final TargetReadiness readiness;

        Paths(Inventory inventory, Map<String, NetworkInterface> enis) {
            this.readiness = new TargetReadiness(inventory);
            this.enis = enis;
            inventory.vpcEndpoints().forEach(e -> endpoints.put(e.id(), e));
            inventory.loadBalancers().forEach(lb -> loadBalancers.put(lb.arn(), lb));
            enis.values().stream().filter(e -> e.type() == InterfaceType.NETWORK_LOAD_BALANCER && !e.privateIpAddress().isEmpty())
                    .sorted(Comparator.comparing(NetworkInterface::id))
                    .forEach(e -> nodesByDescription.computeIfAbsent(e.description(), k -> new ArrayList<>()).add(e));
        }

        /**
         * The ENIs an ENI target or a Gateway Load Balancer endpoint receives on (an endpoint has one per subnet):
         * those read, with an address.
         */
        List<NetworkInterface> receivers(MirrorTarget target) {
            var ids = target.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT
                    ? Optional.ofNullable(endpoints.get(target.resourceId())).map(VpcEndpoint::networkInterfaceIds).orElse(List.of())
                    : target.networkInterfaceId().stream().toList();
            return ids.stream().sorted().map(enis::get).filter(e -> e != null && !e.privateIpAddress().isEmpty()).toList();
        }

        /** The first hop that drops the packets on every node-to-Sensor path; empty when one path is open or none can be judged. */
        Optional<Blocked> throughLoadBalancer(Hop hop, NetworkInterface source, MirrorTarget target) {
            var lb = loadBalancers.get(target.resourceId());
            if (lb == null) {
                return Optional.empty();
            }
            // EC2 describes an NLB's node ENIs as "ELB net/<name>/<id>".
            var nodes = nodesByDescription.getOrDefault("ELB " + lb.name(), List.of());
            var sensors = readiness.sensorsBehind(target).stream().filter(e -> !e.privateIpAddress().isEmpty()).toList();
            if (sensors.isEmpty()) {
                return Optional.empty();
            }
            return firstUnlessOneIsOpen(nodes, node -> hop.to(source, node).or(() -> firstUnlessOneIsOpen(sensors,
                    sensor -> hop.out(node.subnetId(), sensor.privateIpAddress(), TO_SENSOR)
                            .or(() -> hop.in(sensor.subnetId(), source.privateIpAddress())))));
        }
    }
}
