package dev.mirrorpilot.simulator.model;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A traffic mirror filter: its rules in rule-number order, its network services (such as amazon-dns). */
public record MirrorFilter(String id, List<FilterRule> ingressRules, List<FilterRule> egressRules,
                           Set<String> networkServices, Tags tags) {
    public MirrorFilter {
        ingressRules = ingressRules.stream().sorted(Comparator.comparingInt(FilterRule::ruleNumber)).toList();
        egressRules = egressRules.stream().sorted(Comparator.comparingInt(FilterRule::ruleNumber)).toList();
        networkServices = Set.copyOf(networkServices);
    }

    public MirrorFilter withTags(Tags newTags) {
        return new MirrorFilter(id, ingressRules, egressRules, networkServices, newTags);
    }
}
