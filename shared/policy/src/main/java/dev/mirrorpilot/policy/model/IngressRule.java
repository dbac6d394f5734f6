package dev.mirrorpilot.policy.model;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One inbound security group permission as EC2 describes it: {@code protocol} is the
 * {@code IpProtocol} ({@code -1} for all, {@code udp} or {@code 17}, ...), ports are inclusive and
 * ignored for {@code -1}; sources are IPv4 CIDR blocks, referenced security groups and managed
 * prefix lists, each with the CIDRs its entries hold (empty when they could not be read: then it
 * admits nothing).
 */
public record IngressRule(String protocol, int fromPort, int toPort, List<String> cidrs, List<String> groupIds,
                          Map<String, List<String>> prefixLists) {
    public IngressRule {
        Objects.requireNonNull(protocol, "protocol");
        cidrs = List.copyOf(cidrs);
        groupIds = List.copyOf(groupIds);
        var lists = new TreeMap<String, List<String>>();
        prefixLists.forEach((id, entries) -> lists.put(id, List.copyOf(entries)));
        prefixLists = Collections.unmodifiableMap(lists);
    }

    /** A rule without prefix lists. */
    public IngressRule(String protocol, int fromPort, int toPort, List<String> cidrs, List<String> groupIds) {
        this(protocol, fromPort, toPort, cidrs, groupIds, Map.of());
    }

    /** Every CIDR the rule admits: its own blocks and its prefix lists' entries (a stream: read once per source on the plan's path). */
    public Stream<String> allCidrs() {
        return Stream.concat(cidrs.stream(), prefixLists.values().stream().flatMap(List::stream));
    }

    /** The rule the Vectra deployment guide gives a Sensor's capture ENI: UDP 4789 from anywhere. */
    public static IngressRule vxlanFromAnywhere() {
        return new IngressRule("udp", 4789, 4789, List.of("0.0.0.0/0"), List.of());
    }

    /** Whether this rule's protocol and ports let a UDP datagram to {@code port} in. */
    public boolean coversUdpPort(int port) {
        var p = protocol.toLowerCase(Locale.ROOT);
        if (p.equals("-1") || p.equals("all")) {
            return true;
        }
        return (p.equals("udp") || p.equals("17")) && fromPort <= port && port <= toPort;
    }
}
