package dev.mirrorpilot.simulator.model;

import java.util.List;
import java.util.Map;

/** A security group's inbound rules, as DescribeSecurityGroups lists them. */
public record SecurityGroup(String id, String vpcId, List<IngressRule> ingress) {
    public SecurityGroup {
        vpcId = vpcId == null ? "" : vpcId;
        ingress = List.copyOf(ingress);
    }

    /** An inbound rule: protocol (udp, tcp, -1...), ports, CIDRs, source groups, prefix lists with their entries. */
    public record IngressRule(String protocol, int fromPort, int toPort, List<String> cidrs, List<String> groupIds,
                              Map<String, List<String>> prefixLists) {
        public IngressRule {
            cidrs = List.copyOf(cidrs);
            groupIds = List.copyOf(groupIds);
            prefixLists = Map.copyOf(prefixLists);
        }
    }
}
