package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import java.nio.file.Path;
import java.util.HashSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * What stands behind targets, through the real SDK clients: security groups and addresses of
 * ENIs, ELBv2 load balancers, listeners, target groups and health, STS's caller identity; and the
 * EC2 answers AWS gives for malformed ids and dry runs.
 */
class ReceiverConformanceTest {
    static final Inventory SAMPLE = InventoryFile.read(Path.of("../events/sample-inventory.json"));
    static final String NLB_ARN = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/vectra-sensors/50dc6c495c0c9188";
    static Simulator simulator;
    static Ec2Client ec2;
    static ElasticLoadBalancingV2Client elb;
    static StsClient sts;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(SAMPLE);
        ec2 = Clients.ec2(simulator.endpoint());
        elb = Clients.elb(simulator.endpoint());
        sts = Clients.sts(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        ec2.close();
        elb.close();
        sts.close();
        simulator.close();
    }

    @Test
    void theCallerIsTheSimulatedAccount() {
        assertThat(sts.getCallerIdentity().account()).isEqualTo("111122223333");
    }

    @Test
    void anNlbIsDescribedWithItsUdpListenerTargetGroupAndHealthyTarget() {
        var lb = elb.describeLoadBalancers(b -> b.loadBalancerArns(NLB_ARN)).loadBalancers();
        var listeners = elb.describeListeners(b -> b.loadBalancerArn(NLB_ARN)).listeners();
        var groups = elb.describeTargetGroups(b -> b.loadBalancerArn(NLB_ARN)).targetGroups();
        var health = elb.describeTargetHealth(b -> b.targetGroupArn(groups.get(0).targetGroupArn())).targetHealthDescriptions();

        assertThat(lb).singleElement().satisfies(l -> {
            assertThat(l.typeAsString()).isEqualTo("network");
            assertThat(l.state().codeAsString()).isEqualTo("active");
            assertThat(l.vpcId()).isEqualTo("vpc-0a2b3c4d5e6f70003");
        });
        assertThat(listeners).singleElement().satisfies(l -> {
            assertThat(l.protocolAsString()).isEqualTo("UDP");
            assertThat(l.port()).isEqualTo(4789);
            assertThat(l.defaultActions().get(0).targetGroupArn()).isEqualTo(groups.get(0).targetGroupArn());
        });
        assertThat(health).singleElement().satisfies(h -> {
            assertThat(h.target().id()).isEqualTo("i-0a2b3c4d5e6f70014");
            assertThat(h.targetHealth().stateAsString()).isEqualTo("healthy");
        });
    }

    @Test
    void anUnknownLoadBalancerIsLoadBalancerNotFound() {
        var error = catchThrowableOfType(ElasticLoadBalancingV2Exception.class, () -> elb.describeLoadBalancers(
                b -> b.loadBalancerArns(NLB_ARN.replace("50dc", "0000"))));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("LoadBalancerNotFound");
    }

    @Test
    void interfacesCarryDistinctAddressesDnsNamesAndTheirSecurityGroups() {
        var enis = ec2.describeNetworkInterfacesPaginator(b -> b.maxResults(1000)).networkInterfaces().stream().toList();
        var sensorA = enis.stream().filter(e -> e.networkInterfaceId().equals("eni-0a2b3c4d5e6f70011")).findFirst().orElseThrow();
        var groups = ec2.describeSecurityGroups(b -> b.groupIds(sensorA.groups().get(0).groupId())).securityGroups();

        assertThat(enis.stream().map(e -> e.privateIpAddress()).toList()).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(enis.stream().map(e -> e.privateDnsName()).toList()).doesNotHaveDuplicates();
        assertThat(groups).singleElement().satisfies(g -> assertThat(g.ipPermissions()).singleElement().satisfies(p -> {
            assertThat(p.ipProtocol()).isEqualTo("udp");
            assertThat(p.fromPort()).isEqualTo(4789);
            assertThat(p.ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0");
        }));
    }

    @Test
    void everySessionHasAVirtualNetworkIdAndADescriptionOnlyItsCreatorGave() {
        var sessions = ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000)).trafficMirrorSessions().stream().toList();
        var targets = ec2.describeTrafficMirrorTargets(b -> b.maxResults(1000)).trafficMirrorTargets();

        assertThat(sessions).allSatisfy(s -> assertThat(s.virtualNetworkId()).isNotNull());
        assertThat(new HashSet<>(sessions.stream().map(s -> s.virtualNetworkId()).toList())).hasSameSizeAs(sessions);
        assertThat(targets).allSatisfy(t -> assertThat(t.description()).isNullOrEmpty());
        var shared = targets.stream().filter(t -> t.ownerId().equals("999988887777")).toList();
        assertThat(shared).singleElement().satisfies(t -> assertThat(t.tags()).isEmpty());
    }

    @Test
    void malformedIdsAreRefusedWithTheMalformedCodes() {
        var eni = catchThrowableOfType(Ec2Exception.class, () -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds("eni-nothex")));
        var session = catchThrowableOfType(Ec2Exception.class, () -> ec2.deleteTrafficMirrorSession(
                b -> b.trafficMirrorSessionId("tms-123")));
        var create = catchThrowableOfType(Ec2Exception.class, () -> ec2.createTrafficMirrorSession(b -> b
                .networkInterfaceId("not-an-eni").trafficMirrorTargetId("tmt-0a2b3c4d5e6f7004b")
                .trafficMirrorFilterId("tmf-0a2b3c4d5e6f7004c").sessionNumber(1)));

        assertThat(eni.awsErrorDetails().errorCode()).isEqualTo("InvalidNetworkInterfaceId.Malformed");
        assertThat(session.awsErrorDetails().errorCode()).isEqualTo("InvalidTrafficMirrorSessionId.Malformed");
        assertThat(create.awsErrorDetails().errorCode()).isEqualTo("InvalidNetworkInterfaceId.Malformed");
    }

    @Test
    void aDryRunReadAnswersDryRunOperation() {
        var error = catchThrowableOfType(Ec2Exception.class, () -> ec2.describeTrafficMirrorSessions(b -> b.dryRun(true)
                .filters(Filter.builder().name("network-interface-id").values("eni-0a2b3c4d5e6f70025").build())));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
        assertThat(error.statusCode()).isEqualTo(412);
    }
}
