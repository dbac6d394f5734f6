package dev.mirrorpilot.policy.synthetic;

import dev.mirrorpilot.policy.model.Attachment;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.capacity.SourceLimits;
import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.SecurityGroup;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Generates a realistic account from a {@link SyntheticSpec} and a seed: the same seed always
 * gives the same account. For property tests, benchmarks and the simulator's large accounts.
 */
public final class SyntheticAccount {
    public static final String ACCOUNT = "111122223333";
    public static final String FOREIGN_ACCOUNT = "444455556666";
    public static final String REGION = "eu-west-1";
    public static final String FILTER_ID = "tmf-0a0000000000000a1";
    public static final String FOREIGN_FILTER_ALL = "tmf-0f0000000000000f1";
    public static final String FOREIGN_FILTER_HTTP = "tmf-0f0000000000000f2";
    private static final String[] ZONES = {"eu-west-1a", "eu-west-1b", "eu-west-1c"};

    /** Workload types with the weight of each; includes unsupported ones on purpose. */
    private static final List<InstanceTypeFacts> WORKLOAD_TYPES = List.of(
            facts("m5.large", Hypervisor.NITRO, false),
            facts("m5.xlarge", Hypervisor.NITRO, false),
            facts("c5.2xlarge", Hypervisor.NITRO, false),
            facts("r5.large", Hypervisor.NITRO, false),
            facts("t3.medium", Hypervisor.NITRO, false),
            facts("m5.24xlarge", Hypervisor.NITRO, false),
            facts("m4.large", Hypervisor.XEN, false),
            facts("t2.micro", Hypervisor.XEN, false),
            facts("m6i.large", Hypervisor.NITRO, false),
            facts("i3.metal", Hypervisor.NONE, true));
    private static final int[] TYPE_WEIGHTS = {30, 15, 12, 12, 15, 1, 4, 5, 4, 2};
    private static final List<InstanceTypeFacts> SENSOR_TYPES = List.of(
            facts("r5n.xlarge", Hypervisor.NITRO, false),
            facts("r5n.2xlarge", Hypervisor.NITRO, false),
            facts("r5n.4xlarge", Hypervisor.NITRO, false),
            facts("c5n.18xlarge", Hypervisor.NITRO, false));

    private final SyntheticSpec spec;
    private final Random random;
    private final java.util.Map<String, Integer> loads = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> limits = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> ipCounters = new java.util.HashMap<>();
    private final List<SecurityGroup> groups = new ArrayList<>();
    private final List<LoadBalancer> loadBalancers = new ArrayList<>();
    private long nextId = 1;

    private SyntheticAccount(SyntheticSpec spec, long seed) {
        this.spec = spec;
        this.random = new Random(seed);
    }

    public static Inventory generate(SyntheticSpec spec, long seed) {
        return new SyntheticAccount(spec, seed).build();
    }

    private static InstanceTypeFacts facts(String name, Hypervisor hypervisor, boolean metal) {
        return new InstanceTypeFacts(name, hypervisor, metal);
    }

    /** A private IPv4 address in the VPC's /16, distinct for every ENI of the account. */
    private String nextIp(Vpc vpc) {
        int n = ipCounters.merge(vpc.id(), 1, Integer::sum) + 3;
        var prefix = vpc.cidrBlock().substring(0, vpc.cidrBlock().indexOf(".0.0/"));
        return prefix + "." + (n / 250) + "." + (n % 250 + 1);
    }

    private NetworkInterface eni(Vpc vpc, Subnet subnet, Optional<Attachment> attachment, List<String> groups) {
        return new NetworkInterface(id("eni"), vpc.id(), subnet.id(), subnet.availabilityZone(), InterfaceType.INTERFACE,
                false, ACCOUNT, attachment, "", nextIp(vpc), groups);
    }

    private String id(String prefix) {
        return String.format("%s-%017x", prefix, nextId++);
    }

    private boolean chance(double share) {
        return random.nextDouble() < share;
    }

    private Inventory build() {
        var vpcs = new ArrayList<Vpc>();
        var subnets = new ArrayList<Subnet>();
        var subnetsByVpc = new ArrayList<List<Subnet>>();
        for (int v = 0; v < spec.vpcs(); v++) {
            // Distinct /16s for the first 250 VPCs; beyond that they repeat, as in fleets that reuse ranges.
            var vpc = new Vpc(id("vpc"), "10." + (v % 250) + ".0.0/16", Tags.of("Name", "vpc-" + v));
            vpcs.add(vpc);
            var own = new ArrayList<Subnet>();
            for (int z = 0; z < ZONES.length; z++) {
                var subnet = new Subnet(id("subnet"), vpc.id(), ZONES[z], "10." + (v % 250) + "." + z + ".0/24", Tags.NONE);
                own.add(subnet);
                subnets.add(subnet);
            }
            subnetsByVpc.add(own);
        }

        // Sensors: the first VPC always has them; others with sensorVpcShare.
        var targets = new ArrayList<MirrorTarget>();
        var workloads = new ArrayList<Workload>();
        var others = new ArrayList<NetworkInterface>();
        var sensorVpcs = new ArrayList<Integer>();
        for (int v = 0; v < spec.vpcs(); v++) {
            if (v == 0 || chance(spec.sensorVpcShare())) {
                sensorVpcs.add(v);
                addSensors(vpcs.get(v), subnetsByVpc.get(v), targets, workloads, others);
            }
        }

        // Connectivity: most VPCs without Sensors are peered or attached to a transit gateway
        // shared with a Sensor VPC; about one in six is reachable by none.
        var peerings = new ArrayList<VpcPeering>();
        var attachments = new ArrayList<TransitGatewayAttachment>();
        var tgw = id("tgw");
        for (int v : sensorVpcs) {
            if (chance(0.5)) {
                attachments.add(new TransitGatewayAttachment(id("tgw-attach"), tgw, vpcs.get(v).id(), "available"));
            }
        }
        boolean anySensorOnTgw = !attachments.isEmpty();
        for (int v = 0; v < spec.vpcs(); v++) {
            if (sensorVpcs.contains(v)) {
                continue;
            }
            double roll = random.nextDouble();
            if (roll < 0.45) {
                var peer = vpcs.get(sensorVpcs.get(random.nextInt(sensorVpcs.size())));
                peerings.add(new VpcPeering(id("pcx"), vpcs.get(v).id(), peer.id(),
                        chance(0.95) ? "active" : "pending-acceptance", REGION, REGION));
            } else if (roll < 0.83 && anySensorOnTgw) {
                attachments.add(new TransitGatewayAttachment(id("tgw-attach"), tgw, vpcs.get(v).id(), "available"));
            }
        }

        var sessions = new ArrayList<MirrorSession>();
        for (int i = 0; i < spec.instances(); i++) {
            int v = random.nextInt(spec.vpcs());
            addWorkload(vpcs.get(v), subnetsByVpc.get(v), targets, workloads, sessions);
        }
        for (int o = 0; o < spec.orphanSessions(); o++) {
            // A surviving secondary ENI of a terminated instance, still carrying our session.
            var subnet = subnets.get(random.nextInt(subnets.size()));
            var eni = new NetworkInterface(id("eni"), subnet.vpcId(), subnet.id(), subnet.availabilityZone(),
                    InterfaceType.INTERFACE, false, ACCOUNT, Optional.empty());
            others.add(eni);
            var orphanOf = id("i");
            targetWithRoom(targets).ifPresent(t -> sessions.add(managed(eni.id(), t, 1, orphanOf, subnet.vpcId())));
        }

        var filters = List.of(
                new MirrorFilter(FILTER_ID, List.of(acceptAll(100)), List.of(acceptAll(100)), Set.of("amazon-dns"),
                        Tags.of("mirrorpilot:role", "filter")),
                new MirrorFilter(FOREIGN_FILTER_ALL, List.of(acceptAll(100)), List.of(acceptAll(100)), Set.of(), Tags.NONE),
                new MirrorFilter(FOREIGN_FILTER_HTTP, List.of(http(100)), List.of(http(100)), Set.of(), Tags.NONE));
        var types = new ArrayList<>(WORKLOAD_TYPES);
        types.addAll(SENSOR_TYPES);
        return new Inventory(ACCOUNT, REGION, vpcs, subnets, workloads, others, targets, filters, sessions,
                new Connectivity(peerings, attachments), types, groups, loadBalancers, List.of());
    }

    private void addSensors(Vpc vpc, List<Subnet> subnets, List<MirrorTarget> targets, List<Workload> workloads,
                            List<NetworkInterface> others) {
        int sensors = 1 + random.nextInt(3);
        // The Vectra guide's capture rule: UDP 4789 from anywhere.
        var captureGroup = new SecurityGroup(id("sg"), vpc.id(), List.of(IngressRule.vxlanFromAnywhere()));
        groups.add(captureGroup);
        var firstSensor = "";
        for (int s = 0; s < sensors; s++) {
            var subnet = subnets.get(s % subnets.size());
            var type = SENSOR_TYPES.get(random.nextInt(SENSOR_TYPES.size()));
            var instanceId = id("i");
            firstSensor = firstSensor.isEmpty() ? instanceId : firstSensor;
            var capture = eni(vpc, subnet, Optional.of(new Attachment(instanceId, 0, true)), List.of(captureGroup.id()));
            var management = eni(vpc, subnet, Optional.of(new Attachment(instanceId, 1, true)), List.of());
            // Now and then a Sensor is stopped: its target must get nothing new.
            var state = chance(0.08) ? InstanceState.STOPPED : InstanceState.RUNNING;
            workloads.add(new Workload(instanceId, type.name(), state, vpc.id(), subnet.id(),
                    subnet.availabilityZone(), Tags.of("Name", "vectra-sensor-" + s, "mirrorpilot:role", "sensor"),
                    List.of(capture, management)));
            var target = new MirrorTarget(id("tmt"), TargetKind.NETWORK_INTERFACE, capture.id(), vpc.id(),
                    Optional.of(subnet.availabilityZone()), ACCOUNT, Optional.of(type.name()),
                    Tags.of("mirrorpilot:role", "sensor", "Name", "sensor-" + s));
            targets.add(target);
            limits.put(target.id(), SourceLimits.AWS_LISTED_HUNDRED_SOURCE_TYPES.contains(type.name()) ? 100 : 10);
        }
        if (chance(spec.nlbShare())) {
            var lbId = String.format("%016x", nextId++);
            var nlbEni = new NetworkInterface(id("eni"), vpc.id(), subnets.get(0).id(), subnets.get(0).availabilityZone(),
                    InterfaceType.NETWORK_LOAD_BALANCER, true, "amazon-elb", Optional.empty(), "ELB net/sensors/" + lbId);
            others.add(nlbEni);
            var arn = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":loadbalancer/net/sensors/" + lbId;
            var group = "arn:aws:elasticloadbalancing:" + REGION + ":" + ACCOUNT + ":targetgroup/sensors/" + lbId;
            // One Sensor per NLB (Vectra's supported layout), healthy behind a UDP 4789 listener.
            loadBalancers.add(new LoadBalancer(arn, "network", "active", vpc.id(),
                    List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                    List.of(new LoadBalancer.RegisteredTarget(group, firstSensor, 4789, chance(0.15) ? "unhealthy" : "healthy"))));
            targets.add(new MirrorTarget(id("tmt"), TargetKind.NETWORK_LOAD_BALANCER, arn,
                    vpc.id(), Optional.empty(), ACCOUNT, Optional.empty(),
                    Tags.of("mirrorpilot:role", "sensor", "Name", "sensor-nlb")));
        }
    }

    private void addWorkload(Vpc vpc, List<Subnet> subnets, List<MirrorTarget> targets, List<Workload> workloads,
                             List<MirrorSession> sessions) {
        var subnet = subnets.get(random.nextInt(subnets.size()));
        var type = WORKLOAD_TYPES.get(pickWeighted());
        var instanceId = id("i");
        var state = chance(spec.notRunningShare())
                ? List.of(InstanceState.STOPPED, InstanceState.PENDING, InstanceState.TERMINATED).get(random.nextInt(3))
                : InstanceState.RUNNING;
        var interfaces = new ArrayList<NetworkInterface>();
        interfaces.add(eni(vpc, subnet, Optional.of(new Attachment(instanceId, 0, true)), List.of()));
        if (chance(spec.secondaryEniShare())) {
            interfaces.add(eni(vpc, subnet, Optional.of(new Attachment(instanceId, 1, chance(0.5))), List.of()));
        }
        var tags = chance(spec.optedOutShare())
                ? Tags.of("Name", "app-" + instanceId.substring(2, 8), "mirrorpilot:mirror", chance(0.5) ? "false" : "FALSE")
                : Tags.of("Name", "app-" + instanceId.substring(2, 8));
        // Skewed like real fleets: most workloads are quiet, a few talk a lot.
        double gbps = chance(0.05) ? 0.5 + 2.5 * random.nextDouble() : 0.005 + 0.15 * random.nextDouble();
        workloads.add(new Workload(instanceId, type.name(), state, vpc.id(), subnet.id(), subnet.availabilityZone(),
                tags, interfaces, java.util.OptionalDouble.of(Math.round(gbps * 1000) / 1000.0)));

        for (var eni : interfaces) {
            if (chance(spec.foreignSessionShare())) {
                boolean shadow = chance(spec.shadowingShare() / Math.max(spec.foreignSessionShare(), 1e-9));
                var target = targetWithRoom(targets).orElseGet(() -> id("tmt"));
                // Most foreign tools take low numbers; some take numbers above ours, which ours must not pre-empt.
                int number = chance(0.3) ? 20 + random.nextInt(20) : 1 + random.nextInt(3);
                sessions.add(new MirrorSession(id("tms"), eni.id(), target,
                        shadow ? FOREIGN_FILTER_ALL : FOREIGN_FILTER_HTTP, number, OptionalInt.empty(),
                        OptionalInt.empty(), "another team's tool", Tags.of("team", "netops"), ACCOUNT));
            }
            if (chance(spec.alreadyMirroredShare())) {
                int copies = chance(spec.duplicateShare()) ? 2 : 1;
                for (int c = 0; c < copies; c++) {
                    int number = 10 + c;
                    targetWithRoom(targets).ifPresent(t -> sessions.add(managed(eni.id(), t, number, instanceId, vpc.id())));
                }
            }
        }
    }

    /** A random target that AWS would still accept a source on, counting what was generated so far. */
    private Optional<String> targetWithRoom(List<MirrorTarget> targets) {
        for (int attempt = 0; attempt < 4 && !targets.isEmpty(); attempt++) {
            var target = targets.get(random.nextInt(targets.size())).id();
            int limit = limits.getOrDefault(target, Integer.MAX_VALUE);
            if (loads.getOrDefault(target, 0) < limit) {
                loads.merge(target, 1, Integer::sum);
                return Optional.of(target);
            }
        }
        return Optional.empty();
    }

    private MirrorSession managed(String eniId, String targetId, int number, String instanceId, String vpcId) {
        return new MirrorSession(id("tms"), eniId, targetId, FILTER_ID, number, OptionalInt.empty(), OptionalInt.empty(),
                "MirrorPilot", ManagedTags.forSession(instanceId, vpcId), ACCOUNT);
    }

    private int pickWeighted() {
        int total = 0;
        for (int w : TYPE_WEIGHTS) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < TYPE_WEIGHTS.length; i++) {
            roll -= TYPE_WEIGHTS[i];
            if (roll < 0) {
                return i;
            }
        }
        return 0;
    }

    private static FilterRule acceptAll(int number) {
        return new FilterRule(number, FilterRule.RuleAction.ACCEPT, OptionalInt.empty(), "0.0.0.0/0", "0.0.0.0/0",
                null, null);
    }

    private static FilterRule http(int number) {
        return new FilterRule(number, FilterRule.RuleAction.ACCEPT, OptionalInt.of(6), "0.0.0.0/0", "0.0.0.0/0",
                null, new FilterRule.PortRange(80, 80));
    }
}
