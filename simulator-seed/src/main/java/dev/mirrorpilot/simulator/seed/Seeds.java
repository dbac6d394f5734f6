package dev.mirrorpilot.simulator.seed;

import dev.mirrorpilot.policy.model.Attachment;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.Subnet;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.TransitGatewayAttachment;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.VpcPeering;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.simulator.model.Seed;
import java.util.List;
import java.util.OptionalInt;

/**
 * MirrorPilot's {@link Inventory} to the simulator's {@link Seed} and back, field by field: the only
 * place that knows both models. It carries data, never a rule: what the simulator accepts or refuses
 * is decided in the simulator, on its own records.
 */
public final class Seeds {
    private Seeds() {
    }

    /** The simulator's seed for an inventory. */
    public static Seed of(Inventory inventory) {
        return new Seed(inventory.accountId(), inventory.region(),
                inventory.vpcs().stream().map(v -> new dev.mirrorpilot.simulator.model.Vpc(v.id(), v.cidrBlock(),
                        tags(v.tags()), v.ownerId())).toList(),
                inventory.subnets().stream().map(s -> new dev.mirrorpilot.simulator.model.Subnet(s.id(), s.vpcId(),
                        s.availabilityZone(), s.cidrBlock(), tags(s.tags()))).toList(),
                inventory.workloads().stream().map(w -> new Seed.Instance(w.instanceId(), w.instanceType(),
                        dev.mirrorpilot.simulator.model.InstanceState.fromAws(w.state().awsName()), w.vpcId(), w.subnetId(),
                        w.availabilityZone(), tags(w.tags()), w.interfaces().stream().map(Seeds::eni).toList(),
                        w.networkGbps())).toList(),
                inventory.otherInterfaces().stream().map(Seeds::eni).toList(),
                inventory.targets().stream().map(t -> new dev.mirrorpilot.simulator.model.MirrorTarget(t.id(),
                        dev.mirrorpilot.simulator.model.TargetKind.fromAws(t.kind().awsName()), t.resourceId(), t.vpcId(),
                        t.availabilityZone(), t.ownerId(), t.sensorInstanceType(), tags(t.tags()))).toList(),
                inventory.filters().stream().map(f -> new dev.mirrorpilot.simulator.model.MirrorFilter(f.id(),
                        f.ingressRules().stream().map(Seeds::rule).toList(), f.egressRules().stream().map(Seeds::rule).toList(),
                        f.networkServices(), tags(f.tags()))).toList(),
                inventory.sessions().stream().map(Seeds::session).toList(),
                inventory.connectivity().peerings().stream().map(p -> new dev.mirrorpilot.simulator.model.VpcPeering(p.id(),
                        p.requesterVpcId(), p.accepterVpcId(), p.status(), p.requesterRegion(), p.accepterRegion())).toList(),
                inventory.connectivity().transitGatewayAttachments().stream().map(a ->
                        new dev.mirrorpilot.simulator.model.TransitGatewayAttachment(a.id(), a.transitGatewayId(), a.vpcId(),
                                a.state())).toList(),
                inventory.instanceTypes().stream().map(t -> new dev.mirrorpilot.simulator.model.InstanceType(t.name(),
                        t.hypervisor() == Hypervisor.NONE ? "" : t.hypervisor().awsName(), t.bareMetal())).toList(),
                inventory.securityGroups().stream().map(g -> new dev.mirrorpilot.simulator.model.SecurityGroup(g.id(), g.vpcId(),
                        g.ingress().stream().map(r -> new dev.mirrorpilot.simulator.model.SecurityGroup.IngressRule(r.protocol(),
                                r.fromPort(), r.toPort(), r.cidrs(), r.groupIds(), r.prefixLists())).toList())).toList(),
                inventory.loadBalancers().stream().map(lb -> new dev.mirrorpilot.simulator.model.LoadBalancer(lb.arn(),
                        lb.type(), lb.state(), lb.vpcId(),
                        lb.listeners().stream().map(l -> new dev.mirrorpilot.simulator.model.LoadBalancer.Listener(l.protocol(),
                                l.port(), l.targetGroupArn())).toList(),
                        lb.registered().stream().map(r -> new dev.mirrorpilot.simulator.model.LoadBalancer.RegisteredTarget(
                                r.targetGroupArn(), r.id(), r.port(), r.health())).toList(),
                        lb.securityGroupIds())).toList(),
                inventory.vpcEndpoints().stream().map(e -> new dev.mirrorpilot.simulator.model.VpcEndpoint(e.id(), e.vpcId(),
                        e.type(), e.state(), e.networkInterfaceIds())).toList());
    }

    /** A simulator snapshot as MirrorPilot's inventory (what a perfect read of the account would return). */
    public static Inventory inventoryOf(Seed seed) {
        return new Inventory(seed.accountId(), seed.region(),
                seed.vpcs().stream().map(v -> new Vpc(v.id(), v.cidrBlock(), tags(v.tags()), v.ownerId())).toList(),
                seed.subnets().stream().map(s -> new Subnet(s.id(), s.vpcId(), s.availabilityZone(), s.cidrBlock(),
                        tags(s.tags()))).toList(),
                seed.instances().stream().map(i -> new Workload(i.id(), i.instanceType(), InstanceState.fromAws(i.state().awsName()),
                        i.vpcId(), i.subnetId(), i.availabilityZone(), tags(i.tags()),
                        i.interfaces().stream().map(Seeds::eni).toList(), i.networkGbps())).toList(),
                seed.otherInterfaces().stream().map(Seeds::eni).toList(),
                seed.targets().stream().map(t -> new MirrorTarget(t.id(), TargetKind.fromAws(t.kind().awsName()), t.resourceId(),
                        t.vpcId(), t.availabilityZone(), t.ownerId(), t.ownerInstanceType(), tags(t.tags()))).toList(),
                seed.filters().stream().map(f -> new MirrorFilter(f.id(), f.ingressRules().stream().map(Seeds::rule).toList(),
                        f.egressRules().stream().map(Seeds::rule).toList(), f.networkServices(), tags(f.tags()))).toList(),
                sessions(seed.sessions()),
                new Connectivity(seed.peerings().stream().map(p -> new VpcPeering(p.id(), p.requesterVpcId(), p.accepterVpcId(),
                        p.status(), p.requesterRegion(), p.accepterRegion())).toList(),
                        seed.attachments().stream().map(a -> new TransitGatewayAttachment(a.id(), a.transitGatewayId(), a.vpcId(),
                                a.state())).toList()),
                seed.instanceTypes().stream().map(t -> new InstanceTypeFacts(t.name(), Hypervisor.fromAws(t.hypervisor()),
                        t.bareMetal())).toList(),
                seed.securityGroups().stream().map(g -> new SecurityGroup(g.id(), g.vpcId(), g.ingress().stream()
                        .map(r -> new IngressRule(r.protocol(), r.fromPort(), r.toPort(), r.cidrs(), r.groupIds(), r.prefixLists()))
                        .toList())).toList(),
                seed.loadBalancers().stream().map(lb -> new LoadBalancer(lb.arn(), lb.type(), lb.state(), lb.vpcId(),
                        lb.listeners().stream().map(l -> new LoadBalancer.Listener(l.protocol(), l.port(), l.targetGroupArn()))
                                .toList(),
                        lb.registered().stream().map(r -> new LoadBalancer.RegisteredTarget(r.targetGroupArn(), r.id(), r.port(),
                                r.health())).toList(),
                        lb.securityGroupIds())).toList(),
                seed.vpcEndpoints().stream().map(e -> new VpcEndpoint(e.id(), e.vpcId(), e.type(), e.state(), e.networkInterfaceIds())).toList());
    }

    /** The simulator's sessions as MirrorPilot's (for assertions that ask what is ours). */
    public static List<MirrorSession> sessions(List<dev.mirrorpilot.simulator.model.MirrorSession> sessions) {
        return sessions.stream().map(Seeds::session).toList();
    }

    public static MirrorSession session(dev.mirrorpilot.simulator.model.MirrorSession s) {
        return new MirrorSession(s.id(), s.sourceEniId(), s.targetId(), s.filterId(), s.sessionNumber(), s.virtualNetworkId(),
                s.packetLength(), s.description(), tags(s.tags()), s.ownerId());
    }

    /** MirrorPilot's tags as the simulator's. */
    public static dev.mirrorpilot.simulator.model.Tags tags(Tags tags) {
        return new dev.mirrorpilot.simulator.model.Tags(tags.values());
    }

    private static Tags tags(dev.mirrorpilot.simulator.model.Tags tags) {
        return new Tags(tags.values());
    }

    private static dev.mirrorpilot.simulator.model.MirrorSession session(MirrorSession s) {
        return new dev.mirrorpilot.simulator.model.MirrorSession(s.id(), s.sourceEniId(), s.targetId(), s.filterId(),
                s.sessionNumber(), s.virtualNetworkId(), s.packetLength(), s.description(), tags(s.tags()), s.ownerId());
    }

    private static dev.mirrorpilot.simulator.model.NetworkInterface eni(NetworkInterface e) {
        return new dev.mirrorpilot.simulator.model.NetworkInterface(e.id(), e.vpcId(), e.subnetId(), e.availabilityZone(),
                dev.mirrorpilot.simulator.model.InterfaceType.fromAws(e.type().awsName()), e.requesterManaged(), e.ownerId(),
                e.attachment().map(a -> new dev.mirrorpilot.simulator.model.Attachment(a.instanceId(), a.deviceIndex(),
                        a.deleteOnTermination())), e.description(), e.privateIpAddress(), e.securityGroupIds());
    }

    /** The simulator's ENI as MirrorPilot's. */
    public static NetworkInterface eni(dev.mirrorpilot.simulator.model.NetworkInterface e) {
        return new NetworkInterface(e.id(), e.vpcId(), e.subnetId(), e.availabilityZone(), InterfaceType.fromAws(e.type().awsName()),
                e.requesterManaged(), e.ownerId(), e.attachment().map(a -> new Attachment(a.instanceId(), a.deviceIndex(),
                a.deleteOnTermination())), e.description(), e.privateIpAddress(), e.securityGroupIds());
    }

    private static dev.mirrorpilot.simulator.model.FilterRule rule(FilterRule r) {
        return new dev.mirrorpilot.simulator.model.FilterRule(r.ruleNumber(), r.action().name().toLowerCase(java.util.Locale.ROOT),
                r.protocol(), r.sourceCidr(), r.destinationCidr(), ports(r.sourcePorts()), ports(r.destinationPorts()));
    }

    private static FilterRule rule(dev.mirrorpilot.simulator.model.FilterRule r) {
        return new FilterRule(r.ruleNumber(), FilterRule.RuleAction.valueOf(r.action().toUpperCase(java.util.Locale.ROOT)),
                r.protocol() == null ? OptionalInt.empty() : r.protocol(), r.sourceCidr(), r.destinationCidr(),
                r.sourcePorts() == null ? null : new FilterRule.PortRange(r.sourcePorts().from(), r.sourcePorts().to()),
                r.destinationPorts() == null ? null : new FilterRule.PortRange(r.destinationPorts().from(), r.destinationPorts().to()));
    }

    private static dev.mirrorpilot.simulator.model.FilterRule.PortRange ports(FilterRule.PortRange range) {
        return range == null ? null : new dev.mirrorpilot.simulator.model.FilterRule.PortRange(range.from(), range.to());
    }
}
