package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.Attachment;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.Workload;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilter;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorFilterRule;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorPortRange;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;

/** SDK shapes to domain records; nothing here calls AWS. */
final class Ec2Mapping {
    private Ec2Mapping() {
    }

    static Tags tags(List<Tag> tags) {
        var map = new TreeMap<String, String>();
        tags.forEach(t -> map.put(t.key(), t.value() == null ? "" : t.value()));
        return new Tags(map);
    }

    static Workload workload(Instance i, String account) {
        var zone = i.placement() == null ? "" : i.placement().availabilityZone();
        var interfaces = i.networkInterfaces().stream().map(n -> new NetworkInterface(n.networkInterfaceId(), n.vpcId(),
                n.subnetId(), zone, InterfaceType.fromAws(n.interfaceType()), false,
                n.ownerId() == null ? account : n.ownerId(),
                Optional.ofNullable(n.attachment()).map(a -> new Attachment(i.instanceId(),
                        a.deviceIndex() == null ? 0 : a.deviceIndex(), Boolean.TRUE.equals(a.deleteOnTermination()),
                        a.attachmentId())),
                n.description(), n.privateIpAddress(), n.groups().stream().map(g -> g.groupId()).toList())).toList();
        return new Workload(i.instanceId(), i.instanceTypeAsString(), InstanceState.fromAws(i.state().nameAsString()),
                i.vpcId() == null ? "" : i.vpcId(), i.subnetId() == null ? "" : i.subnetId(), zone, tags(i.tags()), interfaces);
    }

    /** A DescribeNetworkInterfaces answer, with its address and security groups. */
    static NetworkInterface networkInterface(software.amazon.awssdk.services.ec2.model.NetworkInterface n) {
        return new NetworkInterface(n.networkInterfaceId(), n.vpcId(), n.subnetId(), n.availabilityZone(),
                InterfaceType.fromAws(n.interfaceTypeAsString()), Boolean.TRUE.equals(n.requesterManaged()),
                n.ownerId() == null ? "" : n.ownerId(),
                Optional.ofNullable(n.attachment()).filter(a -> a.instanceId() != null)
                        .map(a -> new Attachment(a.instanceId(), a.deviceIndex() == null ? 0 : a.deviceIndex(),
                                Boolean.TRUE.equals(a.deleteOnTermination()), a.attachmentId())),
                n.description(), n.privateIpAddress(), n.groups().stream().map(g -> g.groupId()).toList());
    }

    /** A security group, each rule's managed prefix lists with the entries {@code entries} gives for them. */
    static dev.mirrorpilot.policy.model.SecurityGroup securityGroup(software.amazon.awssdk.services.ec2.model.SecurityGroup g,
                                                                   java.util.function.Function<String, List<String>> entries) {
        return new dev.mirrorpilot.policy.model.SecurityGroup(g.groupId(), g.vpcId(), g.ipPermissions().stream()
                .map(p -> new dev.mirrorpilot.policy.model.IngressRule(p.ipProtocol(),
                        p.fromPort() == null ? 0 : p.fromPort(), p.toPort() == null ? 0 : p.toPort(),
                        p.ipRanges().stream().map(r -> r.cidrIp()).toList(),
                        p.userIdGroupPairs().stream().map(u -> u.groupId()).toList(),
                        p.prefixListIds().stream().map(l -> l.prefixListId()).distinct()
                                .collect(java.util.stream.Collectors.toMap(id -> id, entries)))).toList());
    }

    /** The prefix lists these groups' inbound rules name. */
    static List<String> prefixListIds(List<software.amazon.awssdk.services.ec2.model.SecurityGroup> groups) {
        return groups.stream().flatMap(g -> g.ipPermissions().stream()).flatMap(p -> p.prefixListIds().stream())
                .map(l -> l.prefixListId()).distinct().sorted().toList();
    }

    static MirrorSession session(TrafficMirrorSession s) {
        return new MirrorSession(s.trafficMirrorSessionId(), s.networkInterfaceId(), s.trafficMirrorTargetId(),
                s.trafficMirrorFilterId(), s.sessionNumber(),
                s.virtualNetworkId() == null ? OptionalInt.empty() : OptionalInt.of(s.virtualNetworkId()),
                s.packetLength() == null ? OptionalInt.empty() : OptionalInt.of(s.packetLength()),
                s.description(), tags(s.tags()), s.ownerId());
    }

    static MirrorFilter filter(TrafficMirrorFilter f) {
        return new MirrorFilter(f.trafficMirrorFilterId(), f.ingressFilterRules().stream().map(Ec2Mapping::rule).toList(),
                f.egressFilterRules().stream().map(Ec2Mapping::rule).toList(),
                new LinkedHashSet<>(f.networkServicesAsStrings()), tags(f.tags()));
    }

    private static FilterRule rule(TrafficMirrorFilterRule r) {
        return new FilterRule(r.ruleNumber(), FilterRule.RuleAction.valueOf(r.ruleActionAsString().toUpperCase(Locale.ROOT)),
                r.protocol() == null ? OptionalInt.empty() : OptionalInt.of(r.protocol()),
                r.sourceCidrBlock(), r.destinationCidrBlock(), ports(r.sourcePortRange()), ports(r.destinationPortRange()));
    }

    private static FilterRule.PortRange ports(TrafficMirrorPortRange range) {
        return range == null ? null : new FilterRule.PortRange(range.fromPort(), range.toPort());
    }
}
