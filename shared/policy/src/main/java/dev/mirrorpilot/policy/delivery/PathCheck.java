package dev.mirrorpilot.policy.delivery;

import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
            if (target.kind() == TargetKind.NETWORK_LOAD_BALANCER) {
                paths.throughLoadBalancer(hop, source, target).ifPresent(blocked::add);
            } else if (target.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT) {
                paths.toEndpoint(hop, source, target).ifPresent(blocked::add);
            } else {
                target.networkInterfaceId().map(enis::get).filter(t -> !t.privateIpAddress().isEmpty())
                        .flatMap(t -> hop.out(source.subnetId(), t.privateIpAddress(), TO_TARGET)
                                .or(() -> hop.in(t.subnetId(), source.privateIpAddress())))
                        .ifPresent(blocked::add);
            }
        }
        return List.copyOf(blocked);
    }

    /** One session's checks: each says what drops its packets at one subnet, if anything does. */
    private record Hop(MirrorSession session, String instance, Map<String, NetworkAcl> aclBySubnet) {
        Optional<Blocked> out(String subnet, String peerAddress, String peer) {
            return check(subnet, true, peerAddress, peer);
        }

        Optional<Blocked> in(String subnet, String sourceAddress) {
            return check(subnet, false, sourceAddress, FROM_SOURCE);
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

    /** The nodes and Sensors of each NLB target. */
    private static final class Paths {
        private final Map<String, LoadBalancer> loadBalancers = new HashMap<>();
        private final Map<String, List<NetworkInterface>> nodesByDescription = new HashMap<>();
        private final TargetReadiness readiness;
        private final Map<String, NetworkInterface> enis;
        private final Map<String, dev.mirrorpilot.policy.model.VpcEndpoint> endpoints = new HashMap<>();

        /**
         * A Gateway Load Balancer endpoint receives on its ENIs (one per subnet): out of the source's subnet to one of
         * them, into its subnet from the source. Empty when one is open, or when no ENI of the endpoint was read.
         */
        Optional<Blocked> toEndpoint(Hop hop, NetworkInterface source, MirrorTarget target) {
            var endpoint = endpoints.get(target.resourceId());
            if (endpoint == null) {
                return Optional.empty();
            }
            Optional<Blocked> first = Optional.empty();
            for (var id : endpoint.networkInterfaceIds().stream().sorted().toList()) {
                var eni = enis.get(id);
                if (eni == null || eni.privateIpAddress().isEmpty()) {
                    continue;
                }
                var failure = hop.out(source.subnetId(), eni.privateIpAddress(), TO_TARGET)
                        .or(() -> hop.in(eni.subnetId(), source.privateIpAddress()));
                if (failure.isEmpty()) {
                    return Optional.empty();
                }
                first = first.isPresent() ? first : failure;
            }
            return first;
        }

        Paths(Inventory inventory, Map<String, NetworkInterface> enis) {
            this.readiness = new TargetReadiness(inventory);
            this.enis = enis;
            inventory.vpcEndpoints().forEach(e -> endpoints.put(e.id(), e));
            inventory.loadBalancers().forEach(lb -> loadBalancers.put(lb.arn(), lb));
            enis.values().stream().filter(e -> e.type() == InterfaceType.NETWORK_LOAD_BALANCER && !e.privateIpAddress().isEmpty())
                    .sorted(Comparator.comparing(NetworkInterface::id))
                    .forEach(e -> nodesByDescription.computeIfAbsent(e.description(), k -> new ArrayList<>()).add(e));
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
            if (nodes.isEmpty() || sensors.isEmpty()) {
                return Optional.empty();
            }
            Optional<Blocked> first = Optional.empty();
            for (var node : nodes) {
                var toNode = hop.out(source.subnetId(), node.privateIpAddress(), TO_TARGET)
                        .or(() -> hop.in(node.subnetId(), source.privateIpAddress()));
                var failure = toNode.isPresent() ? toNode : toASensor(hop, source, node, sensors);
                if (failure.isEmpty()) {
                    return Optional.empty();
                }
                first = first.isPresent() ? first : failure;
            }
            return first;
        }

        private static Optional<Blocked> toASensor(Hop hop, NetworkInterface source, NetworkInterface node,
                                                   List<NetworkInterface> sensors) {
            Optional<Blocked> first = Optional.empty();
            for (var sensor : sensors) {
                var failure = hop.out(node.subnetId(), sensor.privateIpAddress(), TO_SENSOR)
                        .or(() -> hop.in(sensor.subnetId(), source.privateIpAddress()));
                if (failure.isEmpty()) {
                    return Optional.empty();
                }
                first = first.isPresent() ? first : failure;
            }
            return first;
        }
    }
}
