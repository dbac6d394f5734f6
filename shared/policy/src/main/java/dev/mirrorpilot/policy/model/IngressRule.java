package dev.mirrorpilot.policy.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One inbound security group permission as EC2 describes it: {@code protocol} is the
 * {@code IpProtocol} ({@code -1} for all, {@code udp} or {@code 17}, ...), ports are inclusive and
 * ignored for {@code -1}; sources are IPv4 CIDR blocks and referenced security groups.
 */
public record IngressRule(String protocol, int fromPort, int toPort, List<String> cidrs, List<String> groupIds) {
    public IngressRule {
        Objects.requireNonNull(protocol, "protocol");
        cidrs = List.copyOf(cidrs);
        groupIds = List.copyOf(groupIds);
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
