package dev.mirrorpilot.policy.delivery;

import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.AZ_2;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The path through a Network Load Balancer target: source subnet out, NLB node subnet in and out, Sensor
 * subnet in, each a stateless network ACL; the Sensor sees the source's address (a UDP target group
 * always keeps the client's IP), so its subnet must admit the sources, not the NLB.
 * i-web 10.1.1.20 in subnet-a-a; node eni-node-a 10.1.5.5 in subnet-nlb-a; the Sensor i-behind-tmt-nlb
 * 10.1.2.10 in subnet-a-b.
 */
class PathCheckTest {
    private static final String SOURCE_SUBNET = "subnet-a-a";
    private static final String SENSOR_SUBNET = "subnet-a-b";
    private static final NetworkAcl.Rule ALLOW_ALL_IN = new NetworkAcl.Rule(100, false, -1, true, "0.0.0.0/0", 0, 65535);
    private static final NetworkAcl.Rule ALLOW_ALL_OUT = new NetworkAcl.Rule(100, true, -1, true, "0.0.0.0/0", 0, 65535);

    private static TestAccount webMirroredThroughAnNlb() {
        return account().nlbTarget("tmt-nlb", VPC_A)
                .workload("i-behind-tmt-nlb", "r5n.2xlarge", InstanceState.RUNNING, VPC_A, AZ_2, Tags.of("mirrorpilot:role", "sensor"))
                .primaryEniAddress("i-behind-tmt-nlb", "10.1.2.10", List.of(TestAccount.VXLAN_GROUP))
                .nlbNode("tmt-nlb", "eni-node-a", "subnet-nlb-a", "10.1.5.5")
                .running("i-web", VPC_A, AZ_1).primaryEniAddress("i-web", "10.1.1.20", List.of())
                .managedSession("tms-web", eniOf("i-web"), "tmt-nlb", 1, "i-web");
    }

    private static NetworkAcl acl(String id, String subnet, NetworkAcl.Rule... rules) {
        return new NetworkAcl(id, VPC_A, Set.of(subnet), List.of(rules));
    }

    /** Open ACLs on every subnet of the path, except those given. */
    private static List<NetworkAcl> openBut(NetworkAcl... changed) {
        var acls = new ArrayList<>(List.of(changed));
        for (var subnet : List.of(SOURCE_SUBNET, SENSOR_SUBNET, "subnet-nlb-a", "subnet-nlb-b")) {
            if (acls.stream().noneMatch(a -> a.subnetIds().contains(subnet))) {
                acls.add(acl("acl-open-" + subnet, subnet, ALLOW_ALL_IN, ALLOW_ALL_OUT));
            }
        }
        return acls;
    }

    @Test
    void theSubnetLayoutIsWhatTheTestsAssume() {
        var inventory = webMirroredThroughAnNlb().build();
        assertThat(inventory.workloads()).anySatisfy(w -> assertThat(w.subnetId()).isEqualTo(SOURCE_SUBNET));
        assertThat(inventory.workloads()).anySatisfy(w -> assertThat(w.subnetId()).isEqualTo(SENSOR_SUBNET));
        assertThat(PathCheck.of(inventory, openBut())).isEmpty();
    }

    @Test
    void anNlbNodesSubnetThatDropsVxlanInIsNamed() {
        var deny = acl("acl-nlb", "subnet-nlb-a", new NetworkAcl.Rule(10, false, 17, false, "10.1.1.0/24", 4789, 4789),
                ALLOW_ALL_IN, ALLOW_ALL_OUT);

        var blocked = PathCheck.of(webMirroredThroughAnNlb().build(), openBut(deny));

        assertThat(blocked).singleElement().satisfies(b -> {
            assertThat(b.aclId()).isEqualTo("acl-nlb");
            assertThat(b.egress()).isFalse();
            assertThat(b.text()).contains("in from the source").contains("rule 10 denies 10.1.1.0/24");
        });
    }

    @Test
    void anNlbNodesSubnetThatLetsNothingOutToTheSensorIsNamed() {
        var inOnly = acl("acl-nlb", "subnet-nlb-a", ALLOW_ALL_IN);

        var blocked = PathCheck.of(webMirroredThroughAnNlb().build(), openBut(inOnly));

        assertThat(blocked).singleElement().satisfies(b -> assertThat(b.text())
                .contains("out to the Sensor behind the load balancer").contains("implicit deny"));
    }

    @Test
    void aSensorSubnetThatAdmitsOnlyTheNlbsAddressesDropsWhatTheNlbForwardsWithTheSourcesAddress() {
        var onlyFromTheNlb = acl("acl-sensor", SENSOR_SUBNET, new NetworkAcl.Rule(10, false, 17, true, "10.1.5.0/24", 4789, 4789),
                ALLOW_ALL_OUT);

        var blocked = PathCheck.of(webMirroredThroughAnNlb().build(), openBut(onlyFromTheNlb));

        assertThat(blocked).singleElement().satisfies(b -> {
            assertThat(b.aclId()).isEqualTo("acl-sensor");
            assertThat(b.subnetId()).isEqualTo(SENSOR_SUBNET);
            assertThat(b.text()).contains("in from the source");
        });
    }

    @Test
    void theSourceSubnetMustLetVxlanOutToTheNlbsNodes() {
        var noVxlanOut = acl("acl-web", SOURCE_SUBNET, ALLOW_ALL_IN,
                new NetworkAcl.Rule(10, true, 17, false, "10.1.5.0/24", 4789, 4789), ALLOW_ALL_OUT);

        var blocked = PathCheck.of(webMirroredThroughAnNlb().build(), openBut(noVxlanOut));

        assertThat(blocked).singleElement().satisfies(b -> assertThat(b.text()).contains("out to the target"));
    }

    @Test
    void oneOpenNodeIsEnoughWhateverTheOtherNodesSubnetDrops() {
        var account = webMirroredThroughAnNlb().nlbNode("tmt-nlb", "eni-node-b", "subnet-nlb-b", "10.1.6.5");
        var closed = acl("acl-nlb-b", "subnet-nlb-b");

        assertThat(PathCheck.of(account.build(), openBut(closed))).isEmpty();
        assertThat(PathCheck.of(account.build(), openBut(closed, acl("acl-nlb-a", "subnet-nlb-a")))).hasSize(1);
    }

    @Test
    void aSubnetWhoseAclWasNotReadIsNotJudged() {
        var inventory = webMirroredThroughAnNlb().build();

        assertThat(PathCheck.of(inventory, List.of(acl("acl-sensor", SENSOR_SUBNET)))).as("only the Sensor's subnet read")
                .hasSize(1);
        assertThat(PathCheck.of(inventory, List.of())).isEmpty();
    }
    @Test
    void aGatewayLoadBalancerEndpointTargetIsBlockedByADenyIntoItsEnisSubnet() {
        var inventory = account().gwlbEndpointTarget("tmt-gwlbe", "eni-gwlbe", "subnet-gwlbe", "10.1.7.7")
                .running("i-web", VPC_A, AZ_1).primaryEniAddress("i-web", "10.1.1.20", List.of())
                .managedSession("tms-web", eniOf("i-web"), "tmt-gwlbe", 1, "i-web").build();
        var open = List.of(acl("acl-src", SOURCE_SUBNET, ALLOW_ALL_IN, ALLOW_ALL_OUT),
                acl("acl-gwlbe-open", "subnet-gwlbe", ALLOW_ALL_IN, ALLOW_ALL_OUT));
        var denyIn = List.of(acl("acl-src", SOURCE_SUBNET, ALLOW_ALL_IN, ALLOW_ALL_OUT),
                acl("acl-gwlbe", "subnet-gwlbe", new NetworkAcl.Rule(10, false, 17, false, "10.1.1.20/32", 4789, 4789),
                        ALLOW_ALL_IN, ALLOW_ALL_OUT));

        assertThat(PathCheck.of(inventory, open)).isEmpty();
        assertThat(PathCheck.of(inventory, denyIn)).singleElement().satisfies(b -> {
            assertThat(b.aclId()).isEqualTo("acl-gwlbe");
            assertThat(b.egress()).isFalse();
            assertThat(b.targetId()).isEqualTo("tmt-gwlbe");
            assertThat(b.rule()).contains("rule 10");
        });
    }

    @Test
    void aGatewayLoadBalancerEndpointWhoseEnisWereNotReadIsNotJudged() {
        var inventory = account().gwlbEndpointTarget("tmt-gwlbe", "eni-gwlbe", "subnet-gwlbe", "")
                .running("i-web", VPC_A, AZ_1).primaryEniAddress("i-web", "10.1.1.20", List.of())
                .managedSession("tms-web", eniOf("i-web"), "tmt-gwlbe", 1, "i-web").build();

        assertThat(PathCheck.of(inventory, List.of(acl("acl-gwlbe", "subnet-gwlbe")))).isEmpty();
    }
}
