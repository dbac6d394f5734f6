package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's cases read live from the simulated sample account through the EC2 and ELBv2 APIs:
 * a dead Sensor, a Sensor behind the NLB, a target shared through AWS RAM, a foreign session
 * numbered above 1.
 */
class ReceiversLiveReadTest {
    private static final String SHARED_TARGET = "tmt-0a2b3c4d5e6f70061";
    private static final String DEAD_TARGET = "tmt-0a2b3c4d5e6f70060";

    /** The sample with its NLB given a security group that admits UDP 4789 from these CIDRs only (none: no such rule). */
    private static dev.mirrorpilot.policy.model.Inventory withNlbSecurityGroup(String... cidrs) throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
                java.nio.file.Path.of("../../events/sample-inventory.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("loadBalancers").get(0)).putArray("securityGroupIds")
                .add(NLB_GROUP);
        var group = ((com.fasterxml.jackson.databind.node.ArrayNode) root.path("securityGroups")).addObject()
                .put("groupId", NLB_GROUP).put("vpcId", "vpc-0a2b3c4d5e6f70003");
        var rule = group.putArray("ingressRules").addObject().put("ipProtocol", "udp");
        if (cidrs.length == 0) {
            rule.put("fromPort", 443).put("toPort", 443).putArray("cidrBlocks").add("10.0.0.0/8");
        } else {
            var blocks = rule.put("fromPort", 4789).put("toPort", 4789).putArray("cidrBlocks");
            java.util.Arrays.stream(cidrs).forEach(blocks::add);
        }
        return dev.mirrorpilot.inventory.InventoryFile.parse(json.writeValueAsString(root), "sample with an NLB security group");
    }

    private static final String NLB_GROUP = "sg-0a2b3c4d5e6f70099";

    @Test
    void anNlbWhoseSecurityGroupAdmitsVxlanFromOneVpcTakesThatVpcsLaunchesAndNoOther() throws Exception {
        // Given the NLB the only selected target, its security group admitting UDP 4789 from prod-web (10.10.0.0/16) only
        try (var account = new SimulatedAccount(withNlbSecurityGroup("10.10.0.0/16"))) {
            var nlb = account.target("vectra-sensors-nlb");
            var policy = MirrorPolicy.defaults().toBuilder()
                    .targets(new dev.mirrorpilot.policy.config.Selection.ByIds(java.util.Set.of(nlb))).build();
            var container = account.container(policy, Backoff.afterLaunch());
            var web = account.launch("m5.large", "prod-web");
            var app = account.launch("m5.large", "apps");

            var admitted = container.mirror(web, "from-prod-web");
            var blocked = container.mirror(app, "from-apps");

            assertThat(admitted.created()).hasSize(1);
            assertThat(blocked.created()).isEmpty();
            assertThat(blocked.lastPlan().of(Action.Skip.class)).singleElement().satisfies(skip -> {
                assertThat(skip.reason().code()).isEqualTo(ReasonCode.NO_USABLE_TARGET);
                assertThat(skip.reason().detail()).contains(nlb).contains(ReasonCode.TARGET_BLOCKS_VXLAN.label())
                        .contains(NLB_GROUP);
            });
        }
    }

    @Test
    void anNlbWhoseSecurityGroupsHaveNoVxlanRuleIsReportedAndGetsNothing() throws Exception {
        try (var account = new SimulatedAccount(withNlbSecurityGroup())) {
            var policy = MirrorPolicy.defaults();
            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");
            var plan = Planner.plan(read, policy, Scope.everything());
            var nlb = account.target("vectra-sensors-nlb");

            var report = CoverageReport.of(read, policy, plan);
            assertThat(report.targets()).filteredOn(t -> t.targetId().equals(nlb)).singleElement()
                    .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(p -> {
                        assertThat(p.code()).isEqualTo(ReasonCode.TARGET_BLOCKS_VXLAN);
                        assertThat(p.detail()).contains(NLB_GROUP).contains("4789");
                    }));
            assertThat(plan.creates()).noneMatch(c -> c.targetId().equals(nlb));
        }
    }

    @Test
    void aHealthyNlbWhoseSensorsSecurityGroupDropsVxlanIsReportedAndNoLaunchGoesThere() throws Exception {
        // Given the sample with the security group of the Sensors behind the NLB admitting only the TCP health check
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.readTree(java.nio.file.Path.of("../../events/sample-inventory.json").toFile());
        for (var group : root.path("securityGroups")) {
            if (group.path("groupId").asText().equals(SENSORS_BEHIND_NLB_GROUP)) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) group.path("ingressRules")).remove(0); // UDP 4789
            }
        }
        var seed = dev.mirrorpilot.inventory.InventoryFile.parse(json.writeValueAsString(root), "sample, Sensor group without VXLAN");
        try (var account = new SimulatedAccount(seed)) {
            var nlb = account.target("vectra-sensors-nlb");
            var policy = MirrorPolicy.defaults();
            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");
            var plan = Planner.plan(read, policy, Scope.everything());

            assertThat(CoverageReport.of(read, policy, plan).targets()).filteredOn(t -> t.targetId().equals(nlb)).singleElement()
                    .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(p -> {
                        assertThat(p.code()).isEqualTo(ReasonCode.TARGET_BLOCKS_VXLAN);
                        assertThat(p.detail()).contains(SENSOR_BEHIND_NLB).contains(SENSORS_BEHIND_NLB_GROUP);
                    }));
            assertThat(plan.creates()).noneMatch(c -> c.targetId().equals(nlb));

            var launched = account.launch("m5.large", "apps");
            account.container().mirror(launched, "launch-beside-a-deaf-nlb");
            assertThat(SeededSimulator.sessions(account.simulator)).noneMatch(s -> s.targetId().equals(nlb)
                    && launched.equals(s.tags().get(dev.mirrorpilot.policy.model.ManagedTags.SOURCE_INSTANCE)));
        }
    }

    @Test
    void aSensorRegisteredBehindTheNlbByIpAddressIsJudgedByTheEniHoldingIt() throws Exception {
        for (boolean vxlan : new boolean[] {true, false}) {
            // Given the sample with the Sensor behind the NLB registered by its capture ENI's address, its group with or without UDP 4789
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            var root = json.readTree(java.nio.file.Path.of("../../events/sample-inventory.json").toFile());
            for (var instance : root.path("instances")) {
                for (var eni : instance.path("networkInterfaces")) {
                    if (eni.path("networkInterfaceId").asText().equals("eni-0a2b3c4d5e6f70015")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) eni).put("privateIpAddress", "10.30.0.14");
                    }
                }
            }
            ((com.fasterxml.jackson.databind.node.ObjectNode) root.path("loadBalancers").get(0).path("targets").get(0))
                    .put("id", "10.30.0.14");
            for (var group : root.path("securityGroups")) {
                if (!vxlan && group.path("groupId").asText().equals(SENSORS_BEHIND_NLB_GROUP)) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) group.path("ingressRules")).remove(0); // UDP 4789
                }
            }
            var seed = dev.mirrorpilot.inventory.InventoryFile.parse(json.writeValueAsString(root), "sample, IP target");
            try (var account = new SimulatedAccount(seed)) {
                var nlb = account.target("vectra-sensors-nlb");
                var policy = MirrorPolicy.defaults().toBuilder()
                        .targets(new dev.mirrorpilot.policy.config.Selection.ByIds(java.util.Set.of(nlb))).build();
                var launched = account.launch("m5.large", "apps");

                var outcome = account.container(policy, Backoff.afterLaunch()).mirror(launched, "ip-target");

                if (vxlan) {
                    assertThat(outcome.created()).as("the ENI at 10.30.0.14 admits UDP 4789").hasSize(1);
                } else {
                    assertThat(outcome.created()).as("the ENI at 10.30.0.14 admits only TCP 443").isEmpty();
                    assertThat(outcome.lastPlan().of(Action.Skip.class)).singleElement().satisfies(skip -> assertThat(
                            skip.reason().detail()).contains("10.30.0.14").contains(SENSORS_BEHIND_NLB_GROUP));
                }
            }
        }
    }

    private static final String SENSOR_BEHIND_NLB = "i-0a2b3c4d5e6f70014";
    private static final String SENSORS_BEHIND_NLB_GROUP = "sg-0a2b3c4d5e6f70071";

    @Test
    void aSensorGroupThatAdmitsVxlanFromAManagedPrefixListIsJudgedByItsEntriesAndAListThatCannotBeReadAdmitsNothing()
            throws Exception {
        // Given the Sensors' capture group admitting UDP 4789 from a managed prefix list holding prod-web's CIDR only
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = json.readTree(java.nio.file.Path.of("../../events/sample-inventory.json").toFile());
        for (var group : root.path("securityGroups")) {
            if (group.path("groupId").asText().equals("sg-0a2b3c4d5e6f70070")) {
                var rule = (com.fasterxml.jackson.databind.node.ObjectNode) group.path("ingressRules").get(0);
                rule.remove("cidrBlocks");
                rule.putObject("prefixLists").putArray(PREFIX_LIST).add("10.10.0.0/16");
            }
        }
        var seed = dev.mirrorpilot.inventory.InventoryFile.parse(json.writeValueAsString(root), "sample, prefix-list rule");
        try (var account = new SimulatedAccount(seed)) {
            var sensors = java.util.Set.of(account.target("vectra-sensor-a"), account.target("vectra-sensor-b"));
            var policy = MirrorPolicy.defaults().toBuilder()
                    .targets(new dev.mirrorpilot.policy.config.Selection.ByIds(sensors)).build();
            var web = account.launch("m5.large", "prod-web");
            var app = account.launch("m5.large", "apps");

            var container = account.container(policy, Backoff.afterLaunch());
            var admitted = container.mirror(web, "from-prod-web");
            var blocked = container.mirror(app, "from-apps");

            assertThat(admitted.created()).hasSize(1);
            assertThat(account.simulator.calls().calls("GetManagedPrefixListEntries")).isEqualTo(1);
            assertThat(blocked.created()).isEmpty();
            assertThat(blocked.lastPlan().of(Action.Skip.class)).singleElement()
                    .satisfies(skip -> assertThat(skip.reason().detail()).contains(ReasonCode.TARGET_BLOCKS_VXLAN.label()));

            // When the role may not read prefix lists: the rule admits nothing, and the reason says what to allow
            account.simulator.faults().deny("GetManagedPrefixListEntries");
            var denied = account.container(policy, Backoff.afterLaunch()).mirror(account.launch("m5.large", "prod-web"), "denied");

            assertThat(denied.created()).isEmpty();
            assertThat(denied.lastPlan().of(Action.Skip.class)).singleElement().satisfies(skip -> assertThat(skip.reason().detail())
                    .contains(PREFIX_LIST).contains("ec2:GetManagedPrefixListEntries"));
        }
    }

    private static final String PREFIX_LIST = "pl-0a2b3c4d5e6f70080";

    @Test
    void aTargetWhoseSensorIsStoppedIsReadAsDownAndGetsNothing() {
        try (var account = new SimulatedAccount()) {
            var policy = MirrorPolicy.defaults();
            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");
            var plan = Planner.plan(read, policy, Scope.everything());

            var report = CoverageReport.of(read, policy, plan);
            assertThat(report.targets()).filteredOn(t -> t.targetId().equals(DEAD_TARGET)).singleElement()
                    .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(p -> {
                        assertThat(p.code()).isEqualTo(ReasonCode.TARGET_DOWN);
                        assertThat(p.detail()).contains("vectra-sensor-e").contains("stopped");
                    }));
            assertThat(plan.creates()).noneMatch(c -> c.targetId().equals(DEAD_TARGET));
        }
    }

    @Test
    void aSharedTargetChosenByIdTakesWorkloadsOfVpcsOnTheTransitGatewayAndSaysOnWhatGround() {
        try (var account = new SimulatedAccount()) {
            var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", SHARED_TARGET));
            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            assertThat(read.targets()).filteredOn(t -> t.id().equals(SHARED_TARGET)).singleElement().satisfies(t -> {
                assertThat(t.ownerId()).isEqualTo("999988887777");
                assertThat(t.vpcId()).isEmpty();
            });
            var plan = Planner.plan(read, policy, Scope.everything());

            // Its Sensor's type cannot be read from here, so it takes the safe 10 sources (sessions moved off the
            // no longer selected Sensors first), each new one on the stated ground.
            assertThat(plan.creates().size() + plan.retargets().stream().filter(r -> r.targetId().equals(SHARED_TARGET)).count())
                    .isEqualTo(10);
            assertThat(plan.creates()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.targetId()).isEqualTo(SHARED_TARGET);
                assertThat(c.reason().detail()).contains("transit gateway attachment").contains("999988887777");
            });
            var peeredOnly = SimulatedAccount.instanceNamed("etl-1"); // prod-data is peered, not on the transit gateway
            assertThat(plan.creates()).noneMatch(c -> c.source().instanceId().equals(peeredOnly));
            var devBox = SimulatedAccount.instanceNamed("dev-box"); // the sandbox VPC has no transit gateway attachment
            assertThat(plan.actions()).filteredOn(a -> a.source().instanceId().equals(devBox)).singleElement()
                    .satisfies(a -> assertThat(a.reason().code()).isEqualTo(ReasonCode.NO_REACHABLE_TARGET));
        }
    }

    @Test
    void aLaunchMirroredToTheSharedTargetIsAcceptedByTheSimulatedEc2() {
        try (var account = new SimulatedAccount()) {
            var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", SHARED_TARGET));
            var instance = account.launch("m5.large", "apps");

            var outcome = account.container(policy, Backoff.afterLaunch()).mirror(instance, "event-shared");

            assertThat(outcome.created()).singleElement().satisfies(id -> assertThat(session(account, id).targetId())
                    .isEqualTo(SHARED_TARGET));
        }
    }

    @Test
    void theSensorBehindTheNlbIsNotASourceWhenTargetsAreChosenById() {
        try (var account = new SimulatedAccount()) {
            var nlb = account.target("vectra-sensors-nlb");
            var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", nlb));
            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            var plan = Planner.plan(read, policy, Scope.everything());

            var sensorC = SimulatedAccount.instanceNamed("vectra-sensor-c");
            assertThat(plan.actions()).filteredOn(a -> a.source().instanceId().equals(sensorC)).singleElement().satisfies(a -> {
                assertThat(a).isInstanceOf(Action.Skip.class);
                assertThat(a.reason().code()).isEqualTo(ReasonCode.IS_APPLIANCE);
            });
        }
    }

    @Test
    void aLaunchOnAnEniWithAForeignSessionTakesANumberBehindIt() {
        try (var account = new SimulatedAccount()) {
            var web7 = SimulatedAccount.instanceNamed("web-7");

            var outcome = account.container().mirror(web7, "event-web-7");

            assertThat(outcome.created()).singleElement().satisfies(id -> assertThat(session(account, id).sessionNumber())
                    .isEqualTo(6));
            var foreign = SeededSimulator.sessions(account.simulator).stream().filter(s -> s.id().equals("tms-0a2b3c4d5e6f70067"))
                    .findFirst().orElseThrow();
            assertThat(foreign.sessionNumber()).isEqualTo(5);
            assertThat(foreign.tags()).isEqualTo(Tags.of("team", "netops"));
        }
    }

    @Test
    void aRefusalBelowOneHundredSourcesTeachesTheContainerThatTheTypeTakesTen() {
        try (var account = new SimulatedAccount()) {
            // The policy wrongly believes r5n.xlarge Sensors take 100 sources; AWS (the simulator) says 10.
            var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_HUNDRED_SOURCE_TYPES", "r5n.xlarge,r5n.2xlarge",
                    "MIRRORPILOT_CAPACITY_HEADROOM", "100"));
            var container = account.container(policy, Backoff.afterLaunch());
            var sensorA = account.target("vectra-sensor-a");
            for (int i = 0; i < 4; i++) {
                container.mirror(account.launch("m5.large", "prod-web"), "event-" + i);
            }

            assertThat(container.policy().hundredSourceTypes()).doesNotContain("r5n.xlarge");
            long onSensorA = SeededSimulator.sessions(account.simulator).stream().filter(s -> s.targetId().equals(sensorA))
                    .map(s -> s.sourceEniId()).distinct().count();
            assertThat(onSensorA).isEqualTo(10);
        }
    }

    private static dev.mirrorpilot.policy.model.MirrorSession session(SimulatedAccount account, String id) {
        return dev.mirrorpilot.simulator.seed.Seeds.session(account.simulator.state().requireSession(id));
    }

    @Test
    void anApplianceBehindAGatewayLoadBalancerIsReadAndNeverMirroredWhenTheEndpointTargetIsSelected() {
        var sample = SimulatedAccount.SAMPLE;
        var gwlb = new dev.mirrorpilot.policy.model.LoadBalancer(
                "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/gwy/inspection/0a2b3c4d5e6f7006", "gateway",
                "active", "vpc-0a2b3c4d5e6f70003", java.util.List.of(new dev.mirrorpilot.policy.model.LoadBalancer.Listener(
                        "GENEVE", 6081, "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/inspection/1")),
                java.util.List.of(new dev.mirrorpilot.policy.model.LoadBalancer.RegisteredTarget(
                        "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/inspection/1",
                        SimulatedAccount.instanceNamed("api-3"), 6081, "healthy")));
        var balancers = new java.util.ArrayList<>(sample.loadBalancers());
        balancers.add(gwlb);
        var withGateway = new dev.mirrorpilot.policy.model.Inventory(sample.accountId(), sample.region(), sample.vpcs(),
                sample.subnets(), sample.workloads(), sample.otherInterfaces(), sample.targets(), sample.filters(),
                sample.sessions(), sample.connectivity(), sample.instanceTypes(), sample.securityGroups(), balancers,
                sample.vpcEndpoints());
        try (var simulator = SeededSimulator.start(withGateway);
             var ec2 = Ec2Clients.forLocalEndpoint(simulator.endpoint(), "eu-west-1")) {
            var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", "tmt-0a2b3c4d5e6f7005b"));
            var read = new AccountReader(ec2, policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            var plan = Planner.plan(read, policy, Scope.everything());

            var api3 = SimulatedAccount.instanceNamed("api-3");
            assertThat(plan.actions()).filteredOn(a -> a.source().instanceId().equals(api3)).singleElement()
                    .satisfies(a -> assertThat(a.reason().code()).isEqualTo(ReasonCode.IS_APPLIANCE));
            assertThat(plan.creates()).isNotEmpty().allSatisfy(c -> assertThat(c.targetId()).isEqualTo("tmt-0a2b3c4d5e6f7005b"));
        }
    }
}
