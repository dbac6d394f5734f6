package dev.mirrorpilot.simulator.model;

import java.util.OptionalInt;

/** A traffic mirror filter rule: action {@code accept} or {@code reject}; no protocol means all, no port range all ports. */
public record FilterRule(int ruleNumber, String action, OptionalInt protocol, String sourceCidr, String destinationCidr,
                         PortRange sourcePorts, PortRange destinationPorts) {
    /** TrafficMirrorPortRange, inclusive. */
    public record PortRange(int from, int to) {
        public boolean isAll() {
            return from <= 0 && to >= 65535;
        }
    }

    public FilterRule {
        protocol = protocol == null ? OptionalInt.empty() : protocol;
        sourcePorts = sourcePorts == null ? new PortRange(0, 65535) : sourcePorts;
        destinationPorts = destinationPorts == null ? new PortRange(0, 65535) : destinationPorts;
    }
}
