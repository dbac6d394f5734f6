package dev.mirrorpilot.policy;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Attachment;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.ManagedTags;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Subnet;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.TransitGatewayAttachment;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.VpcPeering;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** A small account built in a line per resource, for tests that read as specifications. */
public final class TestAccount {
    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "eu-west-1";
    public static final String VPC_A = "vpc-a";
    public static final String VPC_B = "vpc-b";
    public static final String VPC_C = "vpc-c";
    public static final String AZ_1 = "eu-west-1a";
    public static final String AZ_2 = "eu-west-1b";
    public static final String OUR_FILTER = "tmf-ours";
    public static final String ACCEPT_ALL_FILTER = "tmf-all";
    public static final String HTTP_FILTER = "tmf-http";

    private final List<Workload> workloads = new ArrayList<>();
    private final List<NetworkInterface> others = new ArrayList<>();
    private final List<MirrorTarget> targets = new ArrayList<>();
    private final List<MirrorSession> sessions = new ArrayList<>();
    private final List<MirrorFilter> filters = new ArrayList<>(List.of(
            new MirrorFilter(OUR_FILTER, List.of(acceptAll()), List.of(acceptAll()), Set.of("amazon-dns"),
                    Tags.of("mirrorpilot:role", "filter")),
            new MirrorFilter(ACCEPT_ALL_FILTER, List.of(acceptAll()), List.of(acceptAll()), Set.of(), Tags.NONE),
            new MirrorFilter(HTTP_FILTER, List.of(http()), List.of(http()), Set.of(), Tags.NONE)));
    private final List<VpcPeering> peerings = new ArrayList<>();
    private final List<TransitGatewayAttachment> attachments = new ArrayList<>();
    private final List<SecurityGroup> groups = new ArrayList<>(List.of(
            new SecurityGroup(VXLAN_GROUP, VPC_A, List.of(IngressRule.vxlanFromAnywhere()))));
    private final List<LoadBalancer> loadBalancers = new ArrayList<>();
    private final List<VpcEndpoint> endpoints = new ArrayList<>();
    private int counter;

    /** The Sensor security group of the Vectra guide: UDP 4789 from 0.0.0.0/0. */
    public static final String VXLAN_GROUP = "sg-vxlan";

    public static TestAccount account() {
        return new TestAccount();
    }

    public static FilterRule acceptAll() {
        return new FilterRule(100, FilterRule.RuleAction.ACCEPT, OptionalInt.empty(), "0.0.0.0/0", "0.0.0.0/0", null, null);
    }

    public static FilterRule http() {
        return new FilterRule(100, FilterRule.RuleAction.ACCEPT, OptionalInt.of(6), "0.0.0.0/0", "0.0.0.0/0", null,
                new FilterRule.PortRange(80, 80));
    }

    public static String eniOf(String instanceId) {
        return "eni-" + instanceId.substring(2);
    }

    public static String secondaryEniOf(String instanceId) {
        return "eni-" + instanceId.substring(2) + "-1";
    }

    /** A running m5.large with one primary ENI {@code eni-<suffix>} in VPC A, zone 1. */
    public TestAccount running(String instanceId) {
        return workload(instanceId, "m5.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE);
    }

    public TestAccount running(String instanceId, String vpcId, String az) {
        return workload(instanceId, "m5.large", InstanceState.RUNNING, vpcId, az, Tags.NONE);
    }

    public TestAccount workload(String instanceId, String type, InstanceState state, String vpcId, String az, Tags tags) {
        var subnet = subnetOf(vpcId, az);
        var eni = new NetworkInterface(eniOf(instanceId), vpcId, subnet, az, InterfaceType.INTERFACE, false, ACCOUNT,
                Optional.of(new Attachment(instanceId, 0, true)));
        workloads.add(new Workload(instanceId, type, state, vpcId, subnet, az, tags, List.of(eni)));
        return this;
    }

    /** Adds a secondary ENI (device index 1) to an existing workload. */
    public TestAccount secondaryEni(String instanceId, boolean deleteOnTermination) {
        var workload = workload(instanceId);
        var eni = new NetworkInterface(secondaryEniOf(instanceId), workload.vpcId(), workload.subnetId(),
                workload.availabilityZone(), InterfaceType.INTERFACE, false, ACCOUNT,
                Optional.of(new Attachment(instanceId, 1, deleteOnTermination)));
        var interfaces = new ArrayList<>(workload.interfaces());
        interfaces.add(eni);
        replace(workload, interfaces);
        return this;
    }

    /** Replaces a workload's primary ENI with a variant (type, requester-managed, owner). */
    public TestAccount primaryEniIs(String instanceId, InterfaceType type, boolean requesterManaged, String owner) {
        var workload = workload(instanceId);
        var old = workload.interfaces().get(0);
        var eni = new NetworkInterface(old.id(), old.vpcId(), old.subnetId(), old.availabilityZone(), type,
                requesterManaged, owner, old.attachment());
        var interfaces = new ArrayList<>(workload.interfaces());
        interfaces.set(0, eni);
        replace(workload, interfaces);
        return this;
    }

    private void replace(Workload workload, List<NetworkInterface> interfaces) {
        workloads.set(workloads.indexOf(workload), new Workload(workload.instanceId(), workload.instanceType(),
                workload.state(), workload.vpcId(), workload.subnetId(), workload.availabilityZone(), workload.tags(),
                interfaces));
    }

    /** The instance's traffic, in and out together, as an inventory file or a measured read gives it. */
    public TestAccount networkGbps(String instanceId, double gbps) {
        var w = workload(instanceId);
        workloads.set(workloads.indexOf(w), new Workload(w.instanceId(), w.instanceType(), w.state(), w.vpcId(),
                w.subnetId(), w.availabilityZone(), w.tags(), w.interfaces(), java.util.OptionalDouble.of(gbps)));
        return this;
    }

    public Workload workload(String instanceId) {
        return workloads.stream().filter(w -> w.instanceId().equals(instanceId)).findFirst().orElseThrow();
    }

    /** An ENI attached to nothing (a secondary ENI that outlived its instance). */
    public TestAccount detachedEni(String eniId, String vpcId) {
        others.add(new NetworkInterface(eniId, vpcId, subnetOf(vpcId, AZ_1), AZ_1, InterfaceType.INTERFACE, false,
                ACCOUNT, Optional.empty()));
        return this;
    }

    /** Adds a tag to a target already in the account. */
    public TestAccount targetTag(String targetId, String key, String value) {
        for (int i = 0; i < targets.size(); i++) {
            var t = targets.get(i);
            if (t.id().equals(targetId)) {
                targets.set(i, new MirrorTarget(t.id(), t.kind(), t.resourceId(), t.vpcId(), t.availabilityZone(), t.ownerId(),
                        t.sensorInstanceType(), t.tags().with(key, value)));
            }
        }
        return this;
    }

    /** An ENI attached to nothing that another account owns (shared subnets show them). */
    public TestAccount detachedEniOwnedBy(String eniId, String vpcId, String owner) {
        others.add(new NetworkInterface(eniId, vpcId, subnetOf(vpcId, AZ_1), AZ_1, InterfaceType.INTERFACE, false,
                owner, Optional.empty()));
        return this;
    }

    /** A MirrorPilot session that the account {@code owner} owns (what a read under a mistyped account sees). */
    public TestAccount managedSessionOwnedBy(String sessionId, String eniId, String targetId, String instanceId, String owner) {
        sessions.add(new MirrorSession(sessionId, eniId, targetId, OUR_FILTER, 1, OptionalInt.empty(),
                OptionalInt.empty(), "MirrorPilot", ManagedTags.forSession(instanceId, VPC_A), owner));
        return this;
    }

    /**
     * A running Sensor instance {@code i-sensor-<target>} whose capture ENI, in the guide's security
     * group (UDP 4789 from anywhere), is an ENI target tagged as a sensor.
     */
    public TestAccount sensor(String targetId, String vpcId, String az, String sensorType) {
        var instanceId = "i-sensor-" + targetId;
        workload(instanceId, sensorType, InstanceState.RUNNING, vpcId, az, Tags.of("Name", "sensor"));
        var workload = workload(instanceId);
        var old = workload.interfaces().get(0);
        replace(workload, List.of(new NetworkInterface(old.id(), old.vpcId(), old.subnetId(), old.availabilityZone(),
                old.type(), false, ACCOUNT, old.attachment(), "", "", List.of(VXLAN_GROUP))));
        targets.add(new MirrorTarget(targetId, TargetKind.NETWORK_INTERFACE, eniOf(instanceId), vpcId, Optional.of(az),
                ACCOUNT, Optional.of(sensorType), Tags.of("mirrorpilot:role", "sensor")));
        return this;
    }

    public TestAccount sensor(String targetId) {
        return sensor(targetId, VPC_A, AZ_1, "r5n.xlarge");
    }

    /** An NLB target with a UDP 4789 listener and one healthy Sensor {@code i-behind-<target>} outside the inventory. */
    public TestAccount nlbTarget(String targetId, String vpcId) {
        var arn = nlbArn(targetId);
        var group = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/sensors/" + targetId;
        loadBalancers.add(new LoadBalancer(arn, "network", "active", vpcId, List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                List.of(new LoadBalancer.RegisteredTarget(group, "i-behind-" + targetId, 4789, "healthy"))));
        targets.add(new MirrorTarget(targetId, TargetKind.NETWORK_LOAD_BALANCER, arn, vpcId,
                Optional.empty(), ACCOUNT, Optional.empty(), Tags.of("mirrorpilot:role", "sensor")));
        return this;
    }

    /** A node of the NLB behind an NLB target: its ENI as EC2 describes it, in a subnet of the caller's choosing. */
    public TestAccount nlbNode(String targetId, String eniId, String subnetId, String ip) {
        others.add(new NetworkInterface(eniId, VPC_A, subnetId, AZ_1, InterfaceType.NETWORK_LOAD_BALANCER, true, "amazon-elb",
                Optional.empty(), "ELB net/sensors/" + targetId, ip, List.of()));
        return this;
    }

    /** A Gateway Load Balancer endpoint target {@code targetId} on endpoint {@code vpce-<targetId>}, available, with one ENI. */
    public TestAccount gwlbEndpointTarget(String targetId, String eniId, String subnetId, String ip) {
        var endpointId = "vpce-" + targetId;
        others.add(new NetworkInterface(eniId, VPC_A, subnetId, AZ_1, InterfaceType.GATEWAY_LOAD_BALANCER_ENDPOINT, true, ACCOUNT,
                Optional.empty(), "VPC Endpoint Interface " + endpointId, ip, List.of()));
        endpoints.add(new VpcEndpoint(endpointId, VPC_A, "GatewayLoadBalancer", "available", List.of(eniId)));
        targets.add(new MirrorTarget(targetId, TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT, endpointId, VPC_A, Optional.empty(), ACCOUNT,
                Optional.empty(), Tags.of("mirrorpilot:role", "sensor")));
        return this;
    }

    public static String nlbArn(String targetId) {
        return "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/sensors/" + targetId;
    }

    /** Replaces the load balancer behind an NLB target (another state, listeners or registered targets). */
    public TestAccount loadBalancer(LoadBalancer loadBalancer) {
        loadBalancers.removeIf(lb -> lb.arn().equals(loadBalancer.arn()));
        loadBalancers.add(loadBalancer);
        return this;
    }

    public TestAccount securityGroup(SecurityGroup group) {
        groups.removeIf(g -> g.id().equals(group.id()));
        groups.add(group);
        return this;
    }

    public TestAccount endpoint(VpcEndpoint endpoint) {
        endpoints.add(endpoint);
        return this;
    }

    /** Replaces a workload's primary ENI's private IP and security groups. */
    public TestAccount primaryEniAddress(String instanceId, String ip, List<String> groupIds) {
        var workload = workload(instanceId);
        var old = workload.interfaces().get(0);
        var interfaces = new ArrayList<>(workload.interfaces());
        interfaces.set(0, new NetworkInterface(old.id(), old.vpcId(), old.subnetId(), old.availabilityZone(), old.type(),
                old.requesterManaged(), old.ownerId(), old.attachment(), old.description(), ip, groupIds));
        replace(workload, interfaces);
        return this;
    }

    /** Changes an instance's state (a Sensor stopping, say). */
    public TestAccount state(String instanceId, InstanceState state) {
        var w = workload(instanceId);
        workloads.set(workloads.indexOf(w), new Workload(w.instanceId(), w.instanceType(), state, w.vpcId(), w.subnetId(),
                w.availabilityZone(), w.tags(), w.interfaces()));
        return this;
    }

    public TestAccount target(MirrorTarget target) {
        targets.add(target);
        return this;
    }

    /** Fills a target with {@code count} foreign sessions from ENIs outside the inventory. */
    public TestAccount foreignLoad(String targetId, int count) {
        for (int i = 0; i < count; i++) {
            var eni = "eni-elsewhere-" + targetId + "-" + i;
            others.add(new NetworkInterface(eni, VPC_A, subnetOf(VPC_A, AZ_1), AZ_1, InterfaceType.INTERFACE, false,
                    ACCOUNT, Optional.of(new Attachment("i-elsewhere-" + targetId + "-" + i, 0, true))));
            sessions.add(foreign("tms-load-" + targetId + "-" + i, eni, targetId, 1, HTTP_FILTER));
        }
        return this;
    }

    public TestAccount managedSession(String sessionId, String eniId, String targetId, int number, String instanceId) {
        sessions.add(new MirrorSession(sessionId, eniId, targetId, OUR_FILTER, number, OptionalInt.empty(),
                OptionalInt.empty(), "MirrorPilot", ManagedTags.forSession(instanceId, VPC_A), ACCOUNT));
        return this;
    }

    /** Another team mirrors the ENI into a target of its own (not selected) at {@code number}, with an HTTP-only filter. */
    public TestAccount otherTeamMirrors(String eniId, String vpcId, int number) {
        var targetId = "tmt-netops-" + eniId;
        targets.add(new MirrorTarget(targetId, TargetKind.NETWORK_INTERFACE, "eni-netops-" + eniId, vpcId, Optional.of(AZ_1), ACCOUNT,
                Optional.empty(), Tags.of("team", "netops")));
        sessions.add(foreign("tms-netops-" + eniId, eniId, targetId, number, HTTP_FILTER));
        return this;
    }

    public TestAccount session(MirrorSession session) {
        sessions.add(session);
        return this;
    }

    public TestAccount foreignSession(String sessionId, String eniId, String targetId, int number, String filterId) {
        sessions.add(foreign(sessionId, eniId, targetId, number, filterId));
        return this;
    }

    private static MirrorSession foreign(String sessionId, String eniId, String targetId, int number, String filterId) {
        return new MirrorSession(sessionId, eniId, targetId, filterId, number, OptionalInt.empty(), OptionalInt.empty(),
                "other team", Tags.of("team", "netops"), ACCOUNT);
    }

    private final java.util.Map<String, String> cidrs = new java.util.HashMap<>();

    public TestAccount vpcCidr(String vpcId, String cidr) {
        cidrs.put(vpcId, cidr);
        return this;
    }

    public TestAccount filter(MirrorFilter filter) {
        filters.add(filter);
        return this;
    }

    public TestAccount withoutFilters() {
        filters.clear();
        return this;
    }

    public TestAccount peering(String vpcA, String vpcB, String status) {
        peerings.add(new VpcPeering("pcx-" + (++counter), vpcA, vpcB, status, REGION, REGION));
        return this;
    }

    public TestAccount peeringAcrossRegions(String vpcA, String vpcB) {
        peerings.add(new VpcPeering("pcx-" + (++counter), vpcA, vpcB, "active", REGION, "us-east-1"));
        return this;
    }

    public TestAccount transitGateway(String tgwId, String... vpcIds) {
        for (var vpc : vpcIds) {
            attachments.add(new TransitGatewayAttachment("tgw-attach-" + (++counter), tgwId, vpc, "available"));
        }
        return this;
    }

    /** One attachment of a VPC to a transit gateway, in the given state (pendingAcceptance, say). */
    public TestAccount transitGatewayAttachment(String tgwId, String vpcId, String state) {
        attachments.add(new TransitGatewayAttachment("tgw-attach-" + (++counter), tgwId, vpcId, state));
        return this;
    }

    public Inventory build() {
        var vpcIds = new java.util.TreeSet<String>();
        workloads.forEach(w -> vpcIds.add(w.vpcId()));
        targets.stream().filter(t -> !t.vpcId().isBlank()).forEach(t -> vpcIds.add(t.vpcId()));
        var vpcs = vpcIds.stream().map(id -> new Vpc(id, cidrs.getOrDefault(id, ""), Tags.NONE)).toList();
        var subnets = new java.util.TreeMap<String, Subnet>();
        workloads.forEach(w -> w.interfaces().forEach(eni -> subnets.putIfAbsent(eni.subnetId(),
                new Subnet(eni.subnetId(), eni.vpcId(), eni.availabilityZone(), "", Tags.NONE))));
        return new Inventory(ACCOUNT, REGION, vpcs, List.copyOf(subnets.values()), workloads, others, targets, filters,
                sessions, new Connectivity(peerings, attachments), instanceTypes(), groups, loadBalancers, endpoints);
    }

    public SessionPlan plan() {
        return plan(MirrorPolicy.defaults());
    }

    public SessionPlan plan(MirrorPolicy policy, Scope scope) {
        return Planner.plan(build(), policy, scope);
    }

    public SessionPlan plan(MirrorPolicy policy) {
        return Planner.plan(build(), policy, Scope.everything());
    }

    public static List<InstanceTypeFacts> instanceTypes() {
        return List.of(
                new InstanceTypeFacts("m5.large", Hypervisor.NITRO, false),
                new InstanceTypeFacts("m5.24xlarge", Hypervisor.NITRO, false),
                new InstanceTypeFacts("t2.micro", Hypervisor.XEN, false),
                new InstanceTypeFacts("m4.large", Hypervisor.XEN, false),
                new InstanceTypeFacts("g3s.xlarge", Hypervisor.XEN, false),
                new InstanceTypeFacts("i3.metal", Hypervisor.NONE, true),
                new InstanceTypeFacts("m6i.large", Hypervisor.NITRO, false),
                new InstanceTypeFacts("r5n.xlarge", Hypervisor.NITRO, false),
                new InstanceTypeFacts("c5n.18xlarge", Hypervisor.NITRO, false));
    }

    private static String subnetOf(String vpcId, String az) {
        return "subnet-" + vpcId.substring(4) + "-" + az.substring(az.length() - 1);
    }
}
