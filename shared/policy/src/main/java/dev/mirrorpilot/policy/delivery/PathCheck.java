package dev.mirrorpilot.policy.delivery;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * The static checks that predict loss before any traffic is measured: a MirrorPilot session's VXLAN
 * packets (UDP 4789, from the source ENI's address to the target ENI's) leave the source's subnet and
 * enter the target's, and network ACLs are stateless, so the source subnet's outbound rules and the
 * target subnet's inbound rules must both admit them. ENI targets only (an NLB's or endpoint's
 * subnets are not read here); a subnet with no ACL read is not judged. Pure.
 */
public final class PathCheck {
    /** A session whose packets an ACL drops: which ACL, which direction, which rule (or the implicit deny). */
    public record Blocked(String sessionId, String instanceId, String targetId, String aclId, String subnetId, boolean egress,
                          String rule) {
        public String text() {
            return "network ACL " + aclId + " of " + subnetId + " denies UDP " + TargetReadiness.VXLAN_PORT
                    + (egress ? " out to the target" : " in from the source") + " (" + rule + ")";
        }
    }

    private PathCheck() {
    }

    public static List<Blocked> of(Inventory inventory, List<NetworkAcl> acls) {
        var enis = new HashMap<String, NetworkInterface>();
        inventory.allInterfaces().forEach(e -> enis.put(e.id(), e));
        var aclBySubnet = new HashMap<String, NetworkAcl>();
        acls.forEach(a -> a.subnetIds().forEach(s -> aclBySubnet.put(s, a)));
        var targets = inventory.targetsById();
        var blocked = new ArrayList<Blocked>();
        for (var session : inventory.sessions()) {
            if (!session.isManaged()) {
                continue;
            }
            var source = enis.get(session.sourceEniId());
            var target = Optional.ofNullable(targets.get(session.targetId())).flatMap(t -> t.networkInterfaceId()).map(enis::get);
            if (source == null || target.isEmpty() || source.privateIpAddress().isEmpty() || target.get().privateIpAddress().isEmpty()) {
                continue;
            }
            var instance = source.attachment().map(a -> a.instanceId()).orElse("");
            check(session, instance, aclBySubnet.get(source.subnetId()), source.subnetId(), true,
                    target.get().privateIpAddress()).ifPresent(blocked::add);
            check(session, instance, aclBySubnet.get(target.get().subnetId()), target.get().subnetId(), false,
                    source.privateIpAddress()).ifPresent(blocked::add);
        }
        return List.copyOf(blocked);
    }

    private static Optional<Blocked> check(MirrorSession session, String instance, NetworkAcl acl, String subnet, boolean egress,
                                           String peer) {
        if (acl == null) {
            return Optional.empty();
        }
        var rule = acl.decidingUdp(egress, peer, TargetReadiness.VXLAN_PORT);
        if (rule.isPresent() && rule.get().allow()) {
            return Optional.empty();
        }
        return Optional.of(new Blocked(session.id(), instance, session.targetId(), acl.id(), subnet, egress,
                rule.map(r -> "rule " + r.number() + " denies " + r.cidr()).orElse("no rule admits it: the implicit deny")));
    }
}
