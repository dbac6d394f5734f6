package dev.mirrorpilot.policy.delivery;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A VPC network ACL as DescribeNetworkAcls gives it: stateless rules per direction, evaluated in
 * rule-number order, the first match deciding, and everything else denied (VPC guide, "Control
 * subnet traffic with network access control lists"). IPv4 rules only here; an IPv6 rule never
 * matches the IPv4 VXLAN packets a session sends.
 */
public record NetworkAcl(String id, String vpcId, Set<String> subnetIds, List<Rule> rules) {
    public NetworkAcl {
        Objects.requireNonNull(id, "id");
        subnetIds = Set.copyOf(subnetIds);
        rules = rules.stream().sorted(Comparator.comparingInt(Rule::number)).toList();
    }

    /** One rule; {@code protocol} -1 for all, else the IP protocol number (17 is UDP); ports only for TCP and UDP. */
    public record Rule(int number, boolean egress, int protocol, boolean allow, String cidr, int fromPort, int toPort) {
    }

    /** The rule that decides a UDP packet to or from {@code peer} on {@code port} in one direction, or empty: the implicit deny. */
    public Optional<Rule> decidingUdp(boolean egress, String peer, int port) {
        for (var rule : rules) {
            if (rule.egress() != egress || rule.cidr() == null || !Ipv4.covers(rule.cidr(), peer)) {
                continue;
            }
            if (rule.protocol() == -1 || rule.protocol() == 17 && port >= rule.fromPort() && port <= rule.toPort()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** IPv4 CIDR arithmetic, just enough for rules. */
    static final class Ipv4 {
        private Ipv4() {
        }

        static boolean covers(String cidr, String address) {
            var parts = cidr.split("/");
            if (parts.length != 2 || !address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || !parts[0].matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
                return false;
            }
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : 0xffffffffL << (32 - bits) & 0xffffffffL;
            return (value(parts[0]) & mask) == (value(address) & mask);
        }

        private static long value(String address) {
            long value = 0;
            for (var octet : address.split("\\.")) {
                value = value << 8 | Integer.parseInt(octet);
            }
            return value;
        }
    }
}
