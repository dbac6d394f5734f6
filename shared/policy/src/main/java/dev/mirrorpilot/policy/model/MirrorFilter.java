package dev.mirrorpilot.policy.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Traffic Mirror filter: ingress and egress rules plus network services such as
 * {@code amazon-dns}. Knowing its rules is what lets the planner recognise a filter that takes
 * every packet, and so a foreign session that shadows ours.
 */
public record MirrorFilter(
        String id,
        List<FilterRule> ingressRules,
        List<FilterRule> egressRules,
        Set<String> networkServices,
        Tags tags) {

    public MirrorFilter {
        Objects.requireNonNull(id, "id");
        ingressRules = sortedByNumber(ingressRules);
        egressRules = sortedByNumber(egressRules);
        networkServices = Set.copyOf(networkServices);
        Objects.requireNonNull(tags, "tags");
    }

    private static List<FilterRule> sortedByNumber(List<FilterRule> rules) {
        return rules.stream().sorted(Comparator.comparingInt(FilterRule::ruleNumber)).toList();
    }

    /**
     * True when every IPv4 packet in both directions is accepted: in each direction the first
     * rule that matches everything accepts, and no reject rule comes before it.
     */
    public boolean acceptsAllTraffic() {
        return acceptsAll(ingressRules) && acceptsAll(egressRules);
    }

    private static boolean acceptsAll(List<FilterRule> rules) {
        for (var rule : rules) {
            if (rule.action() == FilterRule.RuleAction.REJECT) {
                return false; // some packets are rejected before (or without) a catch-all accept
            }
            if (rule.matchesAllIpv4()) {
                return true;
            }
        }
        return false;
    }
}
