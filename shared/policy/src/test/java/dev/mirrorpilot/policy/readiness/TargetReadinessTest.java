package dev.mirrorpilot.policy.readiness;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.PlanReading.skip;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static dev.mirrorpilot.policy.TestAccount.nlbArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule of trust 1: never mirror into nothing and call it covered. */
class TargetReadinessTest {

    private static String sensorOf(String targetId) {
        return "i-sensor-" + targetId;
    }

    @Test
    void aStoppedSensorGetsNoNewSessionAndTheWorkloadIsReportedWithTheReason() {
        var account = account().sensor("tmt-dead").state(sensorOf("tmt-dead"), InstanceState.STOPPED).running("i-web");

        var plan = account.plan();

        assertThat(plan.creates()).isEmpty();
        var skip = skip(plan, eniOf("i-web"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.NO_USABLE_TARGET);
        assertThat(skip.reason().detail()).contains("tmt-dead target_down").contains("stopped");
        var report = CoverageReport.of(account.build(), MirrorPolicy.defaults(), plan);
        assertThat(report.total().uncovered()).isEqualTo(1);
        assertThat(report.targets()).singleElement().satisfies(t ->
                assertThat(t.problem()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(ReasonCode.TARGET_DOWN)));
    }

    @Test
    void aSessionOnASensorWhoseInstanceStoppedIsRetargetedInPlaceToALiveOne() {
        var plan = account().sensor("tmt-dead").sensor("tmt-live").state(sensorOf("tmt-dead"), InstanceState.STOPPED)
                .running("i-web").managedSession("tms-ours", eniOf("i-web"), "tmt-dead", 1, "i-web").plan();

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).singleElement().satisfies(r -> {
            assertThat(r.targetId()).isEqualTo("tmt-live");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.TARGET_DOWN);
        });
    }

    @Test
    void aSessionOnADeadSensorWithNowhereToGoIsKeptAndReportedStrandedNotDeleted() {
        var plan = account().sensor("tmt-dead").state(sensorOf("tmt-dead"), InstanceState.STOPPED)
                .running("i-web").managedSession("tms-ours", eniOf("i-web"), "tmt-dead", 1, "i-web").plan();

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.of(dev.mirrorpilot.policy.plan.Action.Keep.class).toList()).singleElement().satisfies(k -> {
            assertThat(k.reason().code()).isEqualTo(ReasonCode.STRANDED);
            assertThat(k.reason().detail()).contains("stopped");
        });
    }

    @Test
    void aTargetWhoseCaptureEniIsGoneOrDetachedIsDown() {
        var gone = new MirrorTarget("tmt-gone", TargetKind.NETWORK_INTERFACE, "eni-deleted", VPC_A,
                Optional.of(TestAccount.AZ_1), TestAccount.ACCOUNT, Optional.of("r5n.xlarge"), Tags.of("mirrorpilot:role", "sensor"));
        var plan = account().target(gone).detachedEni("eni-left", VPC_A).target(new MirrorTarget("tmt-left",
                        TargetKind.NETWORK_INTERFACE, "eni-left", VPC_A, Optional.of(TestAccount.AZ_1), TestAccount.ACCOUNT,
                        Optional.empty(), Tags.of("mirrorpilot:role", "sensor")))
                .running("i-web").plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail())
                .contains("eni-deleted no longer exists").contains("eni-left is attached to no instance");
    }

    @Test
    void aSensorSecurityGroupWithoutUdp4789BlocksVxlan() {
        var plan = account().securityGroup(new SecurityGroup(TestAccount.VXLAN_GROUP, VPC_A,
                        List.of(new IngressRule("tcp", 443, 443, List.of("0.0.0.0/0"), List.of()))))
                .sensor("tmt-s1").running("i-web").plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan");
    }

    @Test
    void aRuleWhoseCidrCoversTheSourceVpcOrItsAddressAdmitsItAndOthersAreBlocked() {
        var account = account().securityGroup(new SecurityGroup(TestAccount.VXLAN_GROUP, VPC_A,
                        List.of(new IngressRule("udp", 4789, 4789, List.of("10.1.0.0/16", "10.9.9.9/32"), List.of()))))
                .vpcCidr(VPC_A, "10.1.0.0/16").vpcCidr(TestAccount.VPC_B, "10.2.0.0/16")
                .sensor("tmt-s1").running("i-web")
                .running("i-far", TestAccount.VPC_B, TestAccount.AZ_1).running("i-addr", TestAccount.VPC_B, TestAccount.AZ_1)
                .primaryEniAddress("i-addr", "10.9.9.9", List.of())
                .peering(VPC_A, TestAccount.VPC_B, "active");

        var plan = account.plan();

        assertThat(create(plan, eniOf("i-web")).targetId()).isEqualTo("tmt-s1");
        assertThat(create(plan, eniOf("i-addr")).targetId()).isEqualTo("tmt-s1");
        assertThat(skip(plan, eniOf("i-far")).reason().detail()).contains("target_blocks_vxlan").contains("i-far".substring(2));
    }

    @Test
    void aRuleFromAManagedPrefixListAdmitsWhatItsEntriesCoverAndAListThatGaveNoAddressAdmitsNothing() {
        var read = account().securityGroup(new SecurityGroup(TestAccount.VXLAN_GROUP, VPC_A, List.of(new IngressRule("udp", 4789,
                        4789, List.of(), List.of(), java.util.Map.of("pl-corp", List.of("10.1.0.0/16"))))))
                .vpcCidr(VPC_A, "10.1.0.0/16").vpcCidr(TestAccount.VPC_B, "10.2.0.0/16")
                .sensor("tmt-s1").running("i-web").running("i-far", TestAccount.VPC_B, TestAccount.AZ_1)
                .peering(VPC_A, TestAccount.VPC_B, "active").plan();
        var unread = account().securityGroup(new SecurityGroup(TestAccount.VXLAN_GROUP, VPC_A, List.of(new IngressRule("udp", 4789,
                        4789, List.of(), List.of(), java.util.Map.of("pl-corp", List.of())))))
                .vpcCidr(VPC_A, "10.1.0.0/16").sensor("tmt-s1").running("i-web").plan();

        assertThat(create(read, eniOf("i-web")).targetId()).isEqualTo("tmt-s1");
        assertThat(skip(read, eniOf("i-far")).reason().detail()).contains("target_blocks_vxlan");
        assertThat(unread.creates()).isEmpty();
        assertThat(skip(unread, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan").contains("pl-corp")
                .contains("gave no address");
    }

    @Test
    void aRuleThatReferencesTheSourcesSecurityGroupAdmitsIt() {
        var plan = account().securityGroup(new SecurityGroup(TestAccount.VXLAN_GROUP, VPC_A,
                        List.of(new IngressRule("-1", 0, 0, List.of(), List.of("sg-workloads")))))
                .sensor("tmt-s1").running("i-web").primaryEniAddress("i-web", "10.1.0.7", List.of("sg-workloads"))
                .running("i-other").plan();

        assertThat(create(plan, eniOf("i-web")).targetId()).isEqualTo("tmt-s1");
        assertThat(skip(plan, eniOf("i-other")).reason().code()).isEqualTo(ReasonCode.NO_USABLE_TARGET);
    }

    @Test
    void anNlbWithoutAUdp4789ListenerGetsNothingAndSaysSo() {
        var group = "tg-1";
        var plan = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network", "active",
                VPC_A, List.of(new LoadBalancer.Listener("TCP", 4789, group)),
                List.of(new LoadBalancer.RegisteredTarget(group, "i-s", 4789, "healthy")))).running("i-web").plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_no_listener");
    }

    @Test
    void anNlbWithNoHealthyTargetGetsNothingAndAnInactiveOneIsDown() {
        var group = "tg-1";
        var unhealthy = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network",
                "active", VPC_A, List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                List.of(new LoadBalancer.RegisteredTarget(group, "i-s", 4789, "unhealthy")))).running("i-web").plan();
        var provisioning = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network",
                "provisioning", VPC_A, List.of(), List.of())).running("i-web").plan();

        assertThat(skip(unhealthy, eniOf("i-web")).reason().detail()).contains("target_unhealthy");
        assertThat(skip(provisioning, eniOf("i-web")).reason().detail()).contains("target_down").contains("provisioning");
    }

    /** A healthy NLB with a UDP 4789 listener and these security groups. */
    private static LoadBalancer nlbWithGroups(String... groups) {
        var group = "tg-1";
        return new LoadBalancer(nlbArn("tmt-nlb"), "network", "active", VPC_A, List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                List.of(new LoadBalancer.RegisteredTarget(group, "i-s", 4789, "healthy")), List.of(groups));
    }

    @Test
    void anNlbWhoseSecurityGroupsHaveNoUdp4789RuleGetsNothingAndSaysWhichGroups() {
        var account = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(nlbWithGroups("sg-nlb"))
                .securityGroup(new SecurityGroup("sg-nlb", VPC_A, List.of(new IngressRule("tcp", 4789, 4789, List.of("0.0.0.0/0"),
                        List.of()))))
                .running("i-web");

        var plan = account.plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan").contains("sg-nlb");
        assertThat(CoverageReport.of(account.build(), MirrorPolicy.defaults(), plan).targets()).singleElement()
                .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(r -> assertThat(r.code())
                        .isEqualTo(ReasonCode.TARGET_BLOCKS_VXLAN)));
    }

    @Test
    void anNlbSecurityGroupAdmitsTheVpcsItsRulesCoverAndBlocksTheRest() {
        var plan = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(nlbWithGroups("sg-nlb"))
                .securityGroup(new SecurityGroup("sg-nlb", VPC_A, List.of(new IngressRule("udp", 4789, 4789, List.of("10.1.0.0/16"),
                        List.of()))))
                .vpcCidr(VPC_A, "10.1.0.0/16").vpcCidr(TestAccount.VPC_B, "10.2.0.0/16")
                .running("i-web").running("i-far", TestAccount.VPC_B, TestAccount.AZ_1)
                .peering(VPC_A, TestAccount.VPC_B, "active").plan();

        assertThat(create(plan, eniOf("i-web")).targetId()).isEqualTo("tmt-nlb");
        assertThat(skip(plan, eniOf("i-far")).reason().detail()).contains("target_blocks_vxlan").contains("sg-nlb");
    }

    @Test
    void anNlbWhoseSecurityGroupIsUnreadIsNotTakenForOpen() {
        // The NLB names a group the inventory lacks: what it admits is unknown, so nothing goes there.
        var plan = account().nlbTarget("tmt-nlb", VPC_A).loadBalancer(nlbWithGroups("sg-missing")).running("i-web").plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan");
    }

    /** The Sensor {@code i-behind-tmt-nlb} that {@link TestAccount#nlbTarget} registers, in the account, with one group and rule. */
    private static TestAccount sensorBehindTheNlb(TestAccount account, String groupId, IngressRule rule) {
        return account.workload("i-behind-tmt-nlb", "r5n.xlarge", InstanceState.RUNNING, VPC_A, TestAccount.AZ_1, Tags.NONE)
                .primaryEniAddress("i-behind-tmt-nlb", "10.1.0.50", List.of(groupId))
                .securityGroup(new SecurityGroup(groupId, VPC_A, List.of(rule)));
    }

    @Test
    void aHealthyNlbWhoseSensorsSecurityGroupsDropUdp4789GetsNothingThoughItsTcpHealthCheckPasses() {
        var account = sensorBehindTheNlb(account().nlbTarget("tmt-nlb", VPC_A), "sg-health-only",
                new IngressRule("tcp", 443, 443, List.of("10.1.0.0/16"), List.of()))
                .running("i-web");

        var plan = account.plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan").contains("i-behind-tmt-nlb")
                .contains("sg-health-only");
        assertThat(CoverageReport.of(account.build(), MirrorPolicy.defaults(), plan).targets()).singleElement()
                .satisfies(t -> assertThat(t.problem()).hasValueSatisfying(r -> assertThat(r.code())
                        .isEqualTo(ReasonCode.TARGET_BLOCKS_VXLAN)));
    }

    @Test
    void aSensorBehindAnNlbAdmitsTheVpcsItsRulesCoverOrWhatComesThroughTheNlbsGroup() {
        var byCidr = sensorBehindTheNlb(account().nlbTarget("tmt-nlb", VPC_A), "sg-sensor",
                new IngressRule("udp", 4789, 4789, List.of("10.1.0.0/16"), List.of()))
                .vpcCidr(VPC_A, "10.1.0.0/16").vpcCidr(TestAccount.VPC_B, "10.2.0.0/16")
                .running("i-web").running("i-far", TestAccount.VPC_B, TestAccount.AZ_1)
                .peering(VPC_A, TestAccount.VPC_B, "active").plan();
        var group = "tg-1";
        var byNlbGroup = sensorBehindTheNlb(account().nlbTarget("tmt-nlb", VPC_A), "sg-sensor",
                new IngressRule("udp", 4789, 4789, List.of(), List.of("sg-nlb")))
                .loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network", "active", VPC_A,
                        List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                        List.of(new LoadBalancer.RegisteredTarget(group, "i-behind-tmt-nlb", 4789, "healthy")), List.of("sg-nlb")))
                .securityGroup(new SecurityGroup("sg-nlb", VPC_A, List.of(IngressRule.vxlanFromAnywhere())))
                .vpcCidr(VPC_A, "10.1.0.0/16").vpcCidr(TestAccount.VPC_B, "10.2.0.0/16")
                .running("i-web").running("i-far", TestAccount.VPC_B, TestAccount.AZ_1)
                .peering(VPC_A, TestAccount.VPC_B, "active").plan();

        assertThat(create(byCidr, eniOf("i-web")).targetId()).isEqualTo("tmt-nlb");
        assertThat(skip(byCidr, eniOf("i-far")).reason().detail()).contains("target_blocks_vxlan").contains("i-behind-tmt-nlb");
        assertThat(create(byNlbGroup, eniOf("i-web")).targetId()).isEqualTo("tmt-nlb");
        assertThat(create(byNlbGroup, eniOf("i-far")).targetId()).isEqualTo("tmt-nlb");
    }

    @Test
    void aSensorRegisteredByIpAddressIsJudgedByTheEniHoldingThatAddress() {
        var group = "tg-1";
        // The Sensor behind the NLB is registered by the address of its capture ENI, not by instance id.
        java.util.function.Function<IngressRule, dev.mirrorpilot.policy.plan.SessionPlan> planWith = rule ->
                sensorBehindTheNlb(account().nlbTarget("tmt-nlb", VPC_A), "sg-sensor", rule)
                        .loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network", "active", VPC_A,
                                List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                                List.of(new LoadBalancer.RegisteredTarget(group, "10.1.0.50", 4789, "healthy"))))
                        .running("i-web").plan();

        var deaf = planWith.apply(new IngressRule("tcp", 443, 443, List.of("10.1.0.0/16"), List.of()));
        var open = planWith.apply(IngressRule.vxlanFromAnywhere());

        assertThat(deaf.creates()).isEmpty();
        assertThat(skip(deaf, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan").contains("10.1.0.50")
                .contains("sg-sensor");
        assertThat(create(open, eniOf("i-web")).targetId()).isEqualTo("tmt-nlb");
    }

    @Test
    void anAddressReusedInAnotherVpcDoesNotSpeakForTheSensorInTheNlbsVpc() {
        var group = "tg-1";
        // The Sensor at 10.1.0.50 in the NLB's VPC admits only TCP 443; an ENI in another VPC reuses the address and admits VXLAN.
        var plan = sensorBehindTheNlb(account().nlbTarget("tmt-nlb", VPC_A), "sg-sensor",
                        new IngressRule("tcp", 443, 443, List.of("10.1.0.0/16"), List.of()))
                .loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network", "active", VPC_A,
                        List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                        List.of(new LoadBalancer.RegisteredTarget(group, "10.1.0.50", 4789, "healthy"))))
                .workload("i-elsewhere", "m5.large", InstanceState.RUNNING, TestAccount.VPC_B, TestAccount.AZ_1, Tags.NONE)
                .primaryEniAddress("i-elsewhere", "10.1.0.50", List.of(TestAccount.VXLAN_GROUP))
                .running("i-web").plan();

        assertThat(plan.creates()).noneMatch(c -> c.targetId().equals("tmt-nlb"));
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("target_blocks_vxlan").contains("sg-sensor");
    }

    @Test
    void aHealthyNlbTakesTheSession() {
        assertThat(create(account().nlbTarget("tmt-nlb", VPC_A).running("i-web").plan(), eniOf("i-web")).targetId())
                .isEqualTo("tmt-nlb");
    }

    @Test
    void aGatewayLoadBalancerEndpointReceivesOnlyWhileAvailable() {
        var endpointTarget = new MirrorTarget("tmt-gwlbe", TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT, "vpce-1", VPC_A,
                Optional.empty(), TestAccount.ACCOUNT, Optional.empty(), Tags.of("mirrorpilot:role", "sensor"));
        var pending = account().target(endpointTarget).endpoint(new VpcEndpoint("vpce-1", VPC_A, "GatewayLoadBalancer", "pending"))
                .running("i-web").plan();
        var available = account().target(endpointTarget).endpoint(new VpcEndpoint("vpce-1", VPC_A, "GatewayLoadBalancer", "available"))
                .running("i-web").plan();

        assertThat(skip(pending, eniOf("i-web")).reason().detail()).contains("target_down").contains("pending");
        assertThat(create(available, eniOf("i-web")).targetId()).isEqualTo("tmt-gwlbe");
    }
}
