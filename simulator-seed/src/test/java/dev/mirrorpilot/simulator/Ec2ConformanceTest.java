package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.Tags;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionRequest;
import software.amazon.awssdk.services.ec2.model.CreateTrafficMirrorSessionResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSession;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSessionField;

/**
 * The simulator through the real AWS SDK for Java v2 EC2 client: marshalling, pagination, error
 * parsing into Ec2Exception with the AWS error codes, and the Traffic Mirroring rules.
 */
class Ec2ConformanceTest {
    static final Inventory SAMPLE = InventoryFile.read(Path.of("../events/sample-inventory.json"));
    static Simulator simulator;
    static Ec2Client ec2;

    // Names from the sample inventory.
    static final String SENSOR_A = "tmt-0a2b3c4d5e6f70049";
    static final String SENSOR_B = "tmt-0a2b3c4d5e6f7004a";
    static final String NLB = "tmt-0a2b3c4d5e6f7004b";

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(SAMPLE);
        ec2 = Clients.ec2(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        ec2.close();
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static String ourFilter() {
        return SAMPLE.filters().stream().filter(f -> f.tags().valueIs("mirrorpilot:role", "filter")).findFirst().orElseThrow().id();
    }

    private static String eniOf(String name) {
        return SAMPLE.workloads().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow()
                .interfaces().get(0).id();
    }

    private static CreateTrafficMirrorSessionResponse create(String eni, String target, int number,
                                                             Consumer<CreateTrafficMirrorSessionRequest.Builder> more) {
        return ec2.createTrafficMirrorSession(b -> {
            b.networkInterfaceId(eni).trafficMirrorTargetId(target).trafficMirrorFilterId(ourFilter()).sessionNumber(number);
            more.accept(b);
        });
    }

    private static Ec2Exception failure(Runnable call) {
        var error = catchThrowableOfType(Ec2Exception.class, call::run);
        assertThat(error).as("expected an Ec2Exception").isNotNull();
        return error;
    }

    @Test
    void describeInstancesPaginatesEveryInstanceWithInterfacesStateAndTags() {
        var instances = ec2.describeInstancesPaginator(b -> b.maxResults(5)).reservations().stream()
                .flatMap(r -> r.instances().stream()).toList();

        assertThat(instances).hasSize(SAMPLE.workloads().size());
        var replica = instances.stream().filter(i -> i.tags().contains(Tag.builder().key("Name").value("db-replica").build()))
                .findFirst().orElseThrow();
        assertThat(replica.state().nameAsString()).isEqualTo("running");
        assertThat(replica.state().code()).isEqualTo(16);
        assertThat(replica.networkInterfaces()).hasSize(2);
        assertThat(replica.networkInterfaces()).anySatisfy(n -> {
            assertThat(n.attachment().deviceIndex()).isEqualTo(1);
            assertThat(n.attachment().deleteOnTermination()).isFalse();
        });
        assertThat(replica.placement().availabilityZone()).isEqualTo("eu-west-1a");
    }

    @Test
    void describeInstancesFiltersByStateTagAndInterfaceWithWildcards() {
        var stopped = ec2.describeInstances(b -> b.filters(Filter.builder().name("instance-state-name").values("stopped").build()));
        var webs = ec2.describeInstances(b -> b.filters(Filter.builder().name("tag:Name").values("web-*").build(),
                Filter.builder().name("availability-zone").values("eu-west-1b").build()));

        assertThat(stopped.reservations()).flatExtracting(Reservation::instances).extracting(Instance::instanceTypeAsString)
                .containsExactlyInAnyOrder("c5.xlarge", "r5n.large");
        assertThat(webs.reservations()).flatExtracting(Reservation::instances).hasSize(1);
    }

    @Test
    void unknownInstanceIdIsInvalidInstanceIdNotFound() {
        var error = failure(() -> ec2.describeInstances(b -> b.instanceIds("i-0123456789abcdef0")));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.requestId()).isNotBlank();
    }

    @Test
    void describeTrafficMirrorSessionsPaginatesAndFilters() {
        var all = ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(5)).trafficMirrorSessions().stream().toList();
        var onSensorA = ec2.describeTrafficMirrorSessions(b -> b.filters(
                Filter.builder().name("traffic-mirror-target-id").values(SENSOR_A).build()));
        var onSensorAFromTwoEnis = ec2.describeTrafficMirrorSessions(b -> b.filters(
                Filter.builder().name("traffic-mirror-target-id").values(SENSOR_A).build(),
                Filter.builder().name("network-interface-id").values(eniOf("web-1"), eniOf("web-2"), eniOf("bastion")).build()));

        assertThat(all).hasSize(SAMPLE.sessions().size());
        assertThat(onSensorA.trafficMirrorSessions()).hasSize(8);
        assertThat(onSensorAFromTwoEnis.trafficMirrorSessions()).hasSize(2);
        assertThat(all).filteredOn(s -> s.tags().contains(Tag.builder().key("mirrorpilot:managed").value("true").build()))
                .hasSize((int) SAMPLE.sessions().stream().filter(s -> s.isManaged()).count());
    }

    @Test
    void maxResultsOutsideItsBoundsIsInvalidParameterValue() {
        var error = failure(() -> ec2.describeTrafficMirrorSessions(b -> b.maxResults(2)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void unknownFilterNameIsRejected() {
        var error = failure(() -> ec2.describeTrafficMirrorSessions(b -> b.filters(Filter.builder().name("colour").values("x").build())));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(error.getMessage()).contains("colour");
    }

    @Test
    void sessionIsCreatedWithTagsModifiedInPlaceAndDeleted() {
        var created = create(eniOf("web-7"), SENSOR_B, 1, b -> b.packetLength(128).description("MirrorPilot")
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRAFFIC_MIRROR_SESSION)
                        .tags(Tag.builder().key("mirrorpilot:managed").value("true").build()).build()));
        var id = created.trafficMirrorSession().trafficMirrorSessionId();

        var modified = ec2.modifyTrafficMirrorSession(b -> b.trafficMirrorSessionId(id).trafficMirrorTargetId(NLB)
                .sessionNumber(2).removeFields(TrafficMirrorSessionField.PACKET_LENGTH)).trafficMirrorSession();
        ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(id));
        var gone = failure(() -> ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(id)));

        assertThat(id).startsWith("tms-");
        assertThat(created.trafficMirrorSession().tags()).containsExactly(Tag.builder().key("mirrorpilot:managed").value("true").build());
        assertThat(created.trafficMirrorSession().packetLength()).isEqualTo(128);
        assertThat(created.trafficMirrorSession().virtualNetworkId()).isBetween(1, 16_777_215);
        assertThat(modified.trafficMirrorTargetId()).isEqualTo(NLB);
        assertThat(modified.sessionNumber()).isEqualTo(2);
        assertThat(modified.packetLength()).isNull();
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("InvalidTrafficMirrorSessionId.NotFound");
    }

    @Test
    void clientTokenReturnsTheSameSessionAndRefusesOtherParameters() {
        var first = create(eniOf("web-7"), SENSOR_B, 1, b -> b.clientToken("launch-i-web7-1"));
        var again = create(eniOf("web-7"), SENSOR_B, 1, b -> b.clientToken("launch-i-web7-1"));
        var mismatch = failure(() -> create(eniOf("web-7"), NLB, 1, b -> b.clientToken("launch-i-web7-1")));

        assertThat(again.trafficMirrorSession().trafficMirrorSessionId()).isEqualTo(first.trafficMirrorSession().trafficMirrorSessionId());
        assertThat(SeededSimulator.sessions(simulator)).hasSize(SAMPLE.sessions().size() + 1);
        assertThat(mismatch.awsErrorDetails().errorCode()).isEqualTo("IdempotentParameterMismatch");
    }

    @Test
    void eniTargetTakesTenSourcesThenRefusesWithTheAwsCode() {
        // Sensor A has 8 sources in the sample.
        create(eniOf("web-7"), SENSOR_A, 1, b -> { });
        create(eniOf("web-8"), SENSOR_A, 1, b -> { });

        var error = failure(() -> create(eniOf("etl-1"), SENSOR_A, 1, b -> { }));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("TrafficMirrorSourcesPerTargetLimitExceeded");
        assertThat(error.getMessage()).contains("Sources per interface-target limit reached");
    }

    @Test
    void fourthSessionOnAnInterfaceIsRefused() {
        var eni = eniOf("web-8");
        create(eni, SENSOR_B, 1, b -> { });
        create(eni, NLB, 2, b -> { });
        create(eni, SENSOR_A, 3, b -> { });

        var error = failure(() -> create(eni, NLB, 4, b -> { }));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("TrafficMirrorSessionsPerInterfaceLimitExceeded");
    }

    @Test
    void unsupportedSourcesAndBadReferencesAreRefusedWithTheirCodes() {
        var t2 = failure(() -> create(eniOf("legacy-reporting"), SENSOR_B, 1, b -> { }));
        var noTarget = failure(() -> create(eniOf("web-7"), "tmt-0000000000000dead", 1, b -> { }));
        var noEni = failure(() -> create("eni-0000000000000dead", SENSOR_B, 1, b -> { }));
        var targetAsSource = failure(() -> create(SAMPLE.targets().get(0).resourceId(), SENSOR_B, 1, b -> { }));
        var unreachable = failure(() -> create(eniOf("dev-box"), SENSOR_B, 1, b -> { }));
        var numberInUse = failure(() -> create(eniOf("bastion"), SENSOR_B, 1, b -> { }));
        var badNumber = failure(() -> create(eniOf("web-7"), SENSOR_B, 40000, b -> { }));
        var noSession = failure(() -> ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0000000000000dead")));

        assertThat(t2.awsErrorDetails().errorCode()).isEqualTo("NetworkInterfaceNotSupported");
        assertThat(noTarget.awsErrorDetails().errorCode()).isEqualTo("InvalidTrafficMirrorTargetId.NotFound");
        assertThat(noEni.awsErrorDetails().errorCode()).isEqualTo("InvalidNetworkInterfaceID.NotFound");
        assertThat(targetAsSource.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(unreachable.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(numberInUse.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(badNumber.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
        assertThat(noSession.awsErrorDetails().errorCode()).isEqualTo("InvalidTrafficMirrorSessionId.NotFound");
        assertThat(SeededSimulator.sessions(simulator)).hasSize(SAMPLE.sessions().size());
    }

    @Test
    void dryRunChangesNothingAndSaysItWouldHaveSucceeded() {
        var error = failure(() -> create(eniOf("web-7"), SENSOR_B, 1, b -> b.dryRun(true)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation");
        assertThat(SeededSimulator.sessions(simulator)).hasSize(SAMPLE.sessions().size());
    }

    @Test
    void createTagsAndDeleteTagsChangeSessionTags() {
        var id = create(eniOf("web-7"), SENSOR_B, 1, b -> { }).trafficMirrorSession().trafficMirrorSessionId();

        ec2.createTags(b -> b.resources(id).tags(Tag.builder().key("owner").value("secops").build()));
        var tagged = ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(id)).trafficMirrorSessions().get(0);
        ec2.deleteTags(b -> b.resources(id).tags(Tag.builder().key("owner").build()));
        var untagged = ec2.describeTrafficMirrorSessions(b -> b.trafficMirrorSessionIds(id)).trafficMirrorSessions().get(0);

        assertThat(tagged.tags()).containsExactly(Tag.builder().key("owner").value("secops").build());
        assertThat(untagged.tags()).isEmpty();
    }

    @Test
    void networkDescribesCarryWhatThePlannerNeeds() {
        var enis = ec2.describeNetworkInterfacesPaginator(b -> b.maxResults(5)).networkInterfaces().stream().toList();
        var types = ec2.describeInstanceTypes(b -> b.instanceTypesWithStrings("t2.medium", "c5.metal", "c5n.18xlarge")).instanceTypes();
        var peerings = ec2.describeVpcPeeringConnections(b -> b.filters(
                Filter.builder().name("status-code").values("active").build())).vpcPeeringConnections();
        var attachments = ec2.describeTransitGatewayVpcAttachments(b -> { }).transitGatewayVpcAttachments();
        var filters = ec2.describeTrafficMirrorFilters(b -> { }).trafficMirrorFilters();
        var targets = ec2.describeTrafficMirrorTargets(b -> { }).trafficMirrorTargets();
        var vpcs = ec2.describeVpcs(b -> b.filters(Filter.builder().name("tag:Name").values("prod-*").build())).vpcs();
        var subnets = ec2.describeSubnets(b -> { }).subnets();

        assertThat(enis).hasSize((int) SAMPLE.allInterfaces().count());
        assertThat(enis).anySatisfy(e -> {
            assertThat(e.interfaceTypeAsString()).isEqualTo("network_load_balancer");
            assertThat(e.requesterManaged()).isTrue();
        });
        assertThat(types).extracting(t -> t.instanceTypeAsString() + ":" + t.hypervisorAsString() + ":" + t.bareMetal())
                .containsExactlyInAnyOrder("t2.medium:xen:false", "c5.metal:null:true", "c5n.18xlarge:nitro:false");
        assertThat(peerings).singleElement().satisfies(p -> assertThat(p.status().codeAsString()).isEqualTo("active"));
        assertThat(attachments).hasSize(3).allSatisfy(a -> assertThat(a.stateAsString()).isEqualTo("available"));
        assertThat(filters).anySatisfy(f -> {
            assertThat(f.networkServicesAsStrings()).containsExactly("amazon-dns");
            assertThat(f.ingressFilterRules()).singleElement().satisfies(r -> {
                assertThat(r.ruleActionAsString()).isEqualTo("accept");
                assertThat(r.sourceCidrBlock()).isEqualTo("0.0.0.0/0");
            });
        });
        assertThat(filters).flatExtracting(f -> f.ingressFilterRules()).filteredOn(r -> r.destinationPortRange() != null)
                .singleElement().satisfies(r -> {
                    assertThat(r.destinationPortRange().fromPort()).isEqualTo(80);
                    assertThat(r.protocol()).isEqualTo(6);
                });
        assertThat(targets).extracting(t -> t.typeAsString())
                .containsExactlyInAnyOrder("network-interface", "network-interface", "network-load-balancer",
                        "gateway-load-balancer-endpoint", "network-interface", "network-interface");
        assertThat(vpcs).hasSize(2);
        assertThat(subnets).hasSize(10);
    }

    @Test
    void gatewayLoadBalancerEndpointOfAMirrorTargetIsDescribedWithItsVpc() {
        var endpoints = ec2.describeVpcEndpointsPaginator(b -> b.maxResults(5)
                .filters(f -> f.name("vpc-endpoint-id").values("vpce-0a2b3c4d5e6f7005c"))).vpcEndpoints().stream().toList();
        var unknown = failure(() -> ec2.describeVpcEndpoints(b -> b.vpcEndpointIds("vpce-0000000000000dead")));

        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.vpcId()).isEqualTo("vpc-0a2b3c4d5e6f70003");
            assertThat(e.vpcEndpointTypeAsString()).isEqualTo("GatewayLoadBalancer");
            assertThat(e.subnetIds()).isNotEmpty();
        });
        assertThat(unknown.awsErrorDetails().errorCode()).isEqualTo("InvalidVpcEndpointId.NotFound");
    }

    @Test
    void terminatingAnInstanceDeletesItsDeleteOnTerminationEnisWithTheirSessionsAndKeepsTheOthers() {
        var state = simulator.state();
        var subnet = SAMPLE.subnets().get(0).id();
        var instance = state.launch("m5.large", subnet, dev.mirrorpilot.simulator.model.Tags.NONE, List.of(false), System.nanoTime());
        var enis = state.interfacesOf(instance.id());
        var primary = create(enis.get(0).id(), SENSOR_B, 1, b -> { }).trafficMirrorSession().trafficMirrorSessionId();
        var secondary = create(enis.get(1).id(), SENSOR_B, 1, b -> { }).trafficMirrorSession().trafficMirrorSessionId();

        state.terminate(instance.id());

        var left = ec2.describeTrafficMirrorSessions(b -> b.filters(Filter.builder().name("traffic-mirror-session-id")
                .values(primary, secondary).build())).trafficMirrorSessions();
        assertThat(left).extracting(TrafficMirrorSession::trafficMirrorSessionId).containsExactly(secondary);
        var survivor = ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(enis.get(1).id())).networkInterfaces().get(0);
        assertThat(survivor.statusAsString()).isEqualTo("available");
        assertThat(survivor.attachment()).isNull();
        var gone = failure(() -> ec2.describeNetworkInterfaces(b -> b.networkInterfaceIds(enis.get(0).id())));
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("InvalidNetworkInterfaceID.NotFound");
    }

    @Test
    void deletingATargetLeavesItsSessions() {
        simulator.state().deleteTarget(SENSOR_A);

        var sessions = ec2.describeTrafficMirrorSessions(b -> b.filters(
                Filter.builder().name("traffic-mirror-target-id").values(SENSOR_A).build())).trafficMirrorSessions();

        assertThat(sessions).hasSize(8);
    }

    @Test
    void theDocumentedDescriptionFilterAnswersAndADescriptionIsOnlyWhatWasGiven() {
        // DescribeTrafficMirrorTargets and DescribeTrafficMirrorFilters document a description filter.
        var targets = ec2.describeTrafficMirrorTargets(b -> b.filters(f -> f.name("description").values("*"))).trafficMirrorTargets();
        var filters = ec2.describeTrafficMirrorFilters(b -> b.filters(f -> f.name("description").values("*"))).trafficMirrorFilters();
        var all = ec2.describeTrafficMirrorFilters(b -> { }).trafficMirrorFilters();

        assertThat(targets).isEmpty();
        assertThat(filters).isEmpty();
        assertThat(all).isNotEmpty().allSatisfy(f -> assertThat(f.description()).as("not made from the Name tag").isNullOrEmpty());
        assertThat(failure(() -> ec2.describeTrafficMirrorFilters(b -> b.filters(f -> f.name("colour").values("x"))))
                .awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    }

    @Test
    void aMalformedInstanceIdIsMalformedNotNotFound() {
        for (var id : new String[] {"i-0A2B3C4D", "i-0a2b3c4d5e", "i-web"}) {
            assertThat(failure(() -> ec2.describeInstances(b -> b.instanceIds(id))).awsErrorDetails().errorCode())
                    .as(id).isEqualTo("InvalidInstanceID.Malformed");
        }
        assertThat(failure(() -> ec2.describeInstances(b -> b.instanceIds("i-0000000000000dead"))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidInstanceID.NotFound");
    }
}
