package dev.mirrorpilot.policy.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One Traffic Mirror filter rule. An empty protocol means all protocols; empty port bounds mean
 * all ports. Rules are evaluated by ascending {@code ruleNumber}, first match wins.
 */
public record FilterRule(
        int ruleNumber,
        RuleAction action,
        OptionalInt protocol,
        String sourceCidr,
        String destinationCidr,
        PortRange sourcePorts,
        PortRange destinationPorts) {

    public enum RuleAction { ACCEPT, REJECT }

    /** An inclusive port range; {@link #ALL} when the rule names none. */
    public record PortRange(int from, int to) {
        public static final PortRange ALL = new PortRange(0, 65535);

        public boolean isAll() {
            return from <= 0 && to >= 65535;
        }
    }

    public FilterRule {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sourceCidr, "sourceCidr");
        Objects.requireNonNull(destinationCidr, "destinationCidr");
        sourcePorts = sourcePorts == null ? PortRange.ALL : sourcePorts;
        destinationPorts = destinationPorts == null ? PortRange.ALL : destinationPorts;
    }

    /** True when this rule matches every IPv4 packet. */
    public boolean matchesAllIpv4() {
        return protocol.isEmpty()
                && "0.0.0.0/0".equals(sourceCidr)
                && "0.0.0.0/0".equals(destinationCidr)
                && sourcePorts.isAll()
                && destinationPorts.isAll();
    }
}
