package dev.mirrorpilot.policy.eligibility;

import static dev.mirrorpilot.policy.PlanReading.skip;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static dev.mirrorpilot.policy.TestAccount.nlbArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule of trust 2: never mirror a Sensor, the Brain or Stream, however targets are selected. */
class AppliancesTest {
    private static final String NLB_TARGET = "tmt-0c0c0c0c0c0c0c0c1";
    private static final MirrorPolicy BY_ID = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", NLB_TARGET));

    /** The plan when {@code i-sensor-behind} (address 10.1.0.50) is registered behind the selected NLB as {@code registeredAs}. */
    private static dev.mirrorpilot.policy.plan.SessionPlan planWithTheSensorRegisteredAs(String registeredAs) {
        var group = "tg-sensors";
        return account().nlbTarget(NLB_TARGET, VPC_A).running("i-sensor-behind")
                .primaryEniAddress("i-sensor-behind", "10.1.0.50", List.of(dev.mirrorpilot.policy.TestAccount.VXLAN_GROUP))
                .loadBalancer(new LoadBalancer(nlbArn(NLB_TARGET), "network", "active", VPC_A,
                        List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                        List.of(new LoadBalancer.RegisteredTarget(group, registeredAs, 4789, "healthy"))))
                .running("i-web").plan(BY_ID);
    }

    @Test
    void aSensorRegisteredBehindASelectedNlbIsNotASourceWhenTargetsAreChosenById() {
        var plan = planWithTheSensorRegisteredAs("i-sensor-behind");

        var skip = skip(plan, eniOf("i-sensor-behind"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.IS_APPLIANCE);
        assertThat(skip.reason().detail()).contains("registered behind");
        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.source().instanceId()).isEqualTo("i-web"));
    }

    @Test
    void aSensorRegisteredBehindASelectedNlbByIpAddressIsNotASourceEither() {
        var plan = planWithTheSensorRegisteredAs("10.1.0.50");

        var skip = skip(plan, eniOf("i-sensor-behind"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.IS_APPLIANCE);
        assertThat(skip.reason().detail()).contains("registered behind");
        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.source().instanceId()).isEqualTo("i-web"));
    }

    @Test
    void brainStreamAndSensorRoleTagsMarkAppliancesWhateverTheTargetSelection() {
        for (var role : List.of("brain", "stream", "Sensor")) {
            var plan = account().nlbTarget(NLB_TARGET, VPC_A)
                    .workload("i-appliance", "m5.large", InstanceState.RUNNING, VPC_A, "eu-west-1a", Tags.of("mirrorpilot:role", role))
                    .plan(BY_ID);

            assertThat(skip(plan, eniOf("i-appliance")).reason().code()).as(role).isEqualTo(ReasonCode.IS_APPLIANCE);
        }
    }

    @Test
    void anApplianceBehindAGatewayLoadBalancerIsNotASourceWhenAGatewayEndpointTargetIsSelected() {
        var endpoint = "tmt-0d0d0d0d0d0d0d0d1";
        var gwlb = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/gwy/inspection/0123";
        var plan = account()
                .target(new dev.mirrorpilot.policy.model.MirrorTarget(endpoint,
                        dev.mirrorpilot.policy.model.TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT, "vpce-1", VPC_A,
                        java.util.Optional.empty(), "111122223333", java.util.Optional.empty(), Tags.NONE))
                .endpoint(new dev.mirrorpilot.policy.model.VpcEndpoint("vpce-1", VPC_A, "GatewayLoadBalancer", "available"))
                .loadBalancer(new LoadBalancer(gwlb, "gateway", "active", VPC_A, List.of(new LoadBalancer.Listener("GENEVE", 6081, "tg-g")),
                        List.of(new LoadBalancer.RegisteredTarget("tg-g", "i-firewall", 6081, "healthy"))))
                .running("i-firewall").running("i-web")
                .plan(MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", endpoint)));

        assertThat(skip(plan, eniOf("i-firewall")).reason().code()).isEqualTo(ReasonCode.IS_APPLIANCE);
        assertThat(skip(plan, eniOf("i-firewall")).reason().detail()).contains("gwy/inspection");
        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.source().instanceId()).isEqualTo("i-web"));
    }
}
