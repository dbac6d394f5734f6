package dev.mirrorpilot.simulator.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulator's own network ACLs (its state model, not the planner's): one default ACL per VPC,
 * associated with every subnet of it, that allows all traffic both ways (rule 100) before the
 * implicit deny ({@code *}), as a new VPC's default ACL does (VPC guide, "Default network ACL").
 * Rules are evaluated in rule-number order, the first match decides, and nothing matching is denied.
 */
public final class NetworkAcls {
    /** One rule. {@code protocol}: "-1" for all, else the IP protocol number ("17" is UDP). */
    public record Entry(int ruleNumber, boolean egress, String protocol, boolean allow, String cidr, int fromPort, int toPort) {
    }

    /** One ACL: its id, VPC, subnets and rules. */
    public record Acl(String id, String vpcId, Set<String> subnetIds, List<Entry> entries) {
    }

    private final Map<String, Acl> acls = new TreeMap<>();

    synchronized void defaults(Map<String, String> subnetVpc) {
        acls.clear();
        var byVpc = new TreeMap<String, java.util.TreeSet<String>>();
        subnetVpc.forEach((subnet, vpc) -> byVpc.computeIfAbsent(vpc, k -> new java.util.TreeSet<>()).add(subnet));
        int n = 0;
        for (var vpc : byVpc.entrySet()) {
            var id = String.format("acl-%017x", 0xac10000L + n++);
            acls.put(id, new Acl(id, vpc.getKey(), Set.copyOf(vpc.getValue()), List.of(
                    new Entry(100, false, "-1", true, "0.0.0.0/0", 0, 65535),
                    new Entry(100, true, "-1", true, "0.0.0.0/0", 0, 65535))));
        }
    }

    public synchronized List<Acl> all() {
        return List.copyOf(acls.values());
    }

    /** Adds a rule (CreateNetworkAclEntry); a rule number taken in that direction is refused as EC2 refuses it. */
    public synchronized void add(String aclId, Entry entry) {
        var acl = acls.get(aclId);
        if (acl == null) {
            throw new dev.mirrorpilot.simulator.AwsError(400, "InvalidNetworkAclID.NotFound", "The network ACL '" + aclId + "' does not exist");
        }
        if (acl.entries().stream().anyMatch(e -> e.egress() == entry.egress() && e.ruleNumber() == entry.ruleNumber())) {
            throw new dev.mirrorpilot.simulator.AwsError(400, "NetworkAclEntryAlreadyExists",
                    "The network acl entry identified by " + entry.ruleNumber() + " already exists.");
        }
        var entries = new ArrayList<>(acl.entries());
        entries.add(entry);
        entries.sort(Comparator.comparingInt(Entry::ruleNumber));
        acls.put(aclId, new Acl(acl.id(), acl.vpcId(), acl.subnetIds(), List.copyOf(entries)));
    }

    /** Whether the ACL of {@code subnetId} lets a UDP packet to or from port {@code port} of {@code peer} cross it. */
    public synchronized boolean admitsUdp(String subnetId, boolean egress, String peer, int port) {
        for (var acl : acls.values()) {
            if (!acl.subnetIds().contains(subnetId)) {
                continue;
            }
            for (var entry : acl.entries()) {
                if (entry.egress() != egress || !covers(entry.cidr(), peer)) {
                    continue;
                }
                boolean protocol = entry.protocol().equals("-1") || entry.protocol().equals("17");
                boolean ports = entry.protocol().equals("-1") || port >= entry.fromPort() && port <= entry.toPort();
                if (protocol && ports) {
                    return entry.allow();
                }
            }
            return false; // the implicit deny
        }
        return true; // a subnet the simulator gave no ACL
    }

    private static boolean covers(String cidr, String address) {
        var parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xffffffffL << (32 - bits) & 0xffffffffL;
        return (ipv4(parts[0]) & mask) == (ipv4(address) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (var octet : address.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
