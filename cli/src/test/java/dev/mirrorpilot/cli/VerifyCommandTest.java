package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * `mirrorpilot verify --live` against the simulator, whose CloudWatch numbers follow the traffic hop
 * by hop: each test switches on one fault between a source and its Sensor and expects the verdict
 * that fault means, for the workloads it touches and only those.
 */
class VerifyCommandTest {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    private Simulator simulator;

    @BeforeEach
    void mirrored() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
        FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, REGION).reconciler()
                .pass(ACCOUNT, REGION, Scope.everything(), "setup", false, 1000, () -> true);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private JsonNode verify(List<String> exitCode) throws Exception {
        var run = CliRun.of(List.of("verify", "--live", "--json", "--region", REGION, "--endpoint-url", simulator.endpoint().toString()));
        exitCode.add(Integer.toString(run.exitCode()));
        assertThat(run.exitCode()).as(run.err()).isIn(0, 11);
        return new ObjectMapper().readTree(run.out());
    }

    private Map<String, String> verdicts(JsonNode report) {
        var out = new HashMap<String, String>();
        report.path("workloads").forEach(w -> out.put(w.path("instanceId").asText(), w.path("verdict").asText()));
        return out;
    }

    /** The row of a report array whose {@code field} is {@code value}. */
    private static JsonNode row(JsonNode rows, String field, String value) {
        return java.util.stream.StreamSupport.stream(rows.spliterator(), false).filter(r -> r.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + rows));
    }

    /** An instance a MirrorPilot session mirrors into {@code targetId}. */
    private String mirroredInto(String targetId) {
        var eni = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).filter(s -> s.targetId().equals(targetId))
                .findFirst().orElseThrow().sourceEniId();
        return simulator.state().networkInterfaces().stream().filter(e -> e.id().equals(eni)).findFirst().orElseThrow()
                .attachment().orElseThrow().instanceId();
    }

    @Test
    void withNothingBrokenEveryMirroredWorkloadIsVerifiedAndItExitsZero() throws Exception {
        var codes = new java.util.ArrayList<String>();
        var report = verify(codes);

        assertThat(report.path("configured").asInt()).isPositive();
        assertThat(verdicts(report).values()).as(report.toString()).allMatch(v -> v.equals("verified") || v.equals("target_not_measured"));
        assertThat(verdicts(report).values()).contains("verified");
        assertThat(codes).containsExactly("0");
        assertThat(report.path("getMetricDataCalls").asInt()).isEqualTo(1);
    }

    @Test
    void aSaturatedSourceIsSkippedAtSourceAndOnlyIt() throws Exception {
        var busy = mirroredInto("tmt-0a2b3c4d5e6f70049");
        simulator.delivery().saturate(busy, 0.3);

        var codes = new java.util.ArrayList<String>();
        var verdicts = verdicts(verify(codes));

        assertThat(verdicts).containsEntry(busy, "skipped_at_source");
        assertThat(verdicts.entrySet()).filteredOn(e -> !e.getKey().equals(busy)).allMatch(e -> !e.getValue().equals("skipped_at_source"));
        assertThat(codes).containsExactly("11");
    }

    @Test
    void aTargetWhoseSubnetDropsUdp4789LosesEveryWorkloadOnItBeforeTheTarget() throws Exception {
        simulator.delivery().dropAt("tmt-0a2b3c4d5e6f70049");
        var onIt = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> s.targetId().equals("tmt-0a2b3c4d5e6f70049")).count();

        var report = verify(new java.util.ArrayList<>());

        var lost = report.path("workloads").findValues("verdict").stream().filter(v -> v.asText().equals("lost_before_target")).count();
        assertThat(lost).isPositive().isLessThanOrEqualTo(onIt);
        assertThat(verdicts(report)).containsEntry(mirroredInto("tmt-0a2b3c4d5e6f70049"), "lost_before_target");
        report.path("targets").forEach(t -> assertThat(t.path("lost").asBoolean()).as(t.toString())
                .isEqualTo(t.path("targetId").asText().equals("tmt-0a2b3c4d5e6f70049")));
    }

    @Test
    void aSessionWhoseTargetWasDeletedMirrorsNothing() throws Exception {
        var orphan = mirroredInto("tmt-0a2b3c4d5e6f7004a");
        simulator.state().deleteTarget("tmt-0a2b3c4d5e6f7004a");

        var verdicts = verdicts(verify(new java.util.ArrayList<>()));

        assertThat(verdicts).containsEntry(orphan, "mirrors_nothing");
    }

    @Test
    void aSensorTheBrainReportsDegradedIsNotSeenBySensor() throws Exception {
        var instance = mirroredInto("tmt-0a2b3c4d5e6f70049");
        simulator.state().changeTags(List.of("tmt-0a2b3c4d5e6f70049"), Map.of("mirrorpilot:sensor-health", "degraded"), false);

        var verdicts = verdicts(verify(new java.util.ArrayList<>()));

        assertThat(verdicts).containsEntry(instance, "not_seen_by_sensor");
    }

    @Test
    void anIdleWorkloadHasNoDataYetRatherThanAVerdict() throws Exception {
        var idle = mirroredInto("tmt-0a2b3c4d5e6f70049");
        simulator.state().setTrafficGbps(idle, 0);

        var verdicts = verdicts(verify(new java.util.ArrayList<>()));

        assertThat(verdicts).containsEntry(idle, "no_data");
        assertThat(Set.copyOf(verdicts.values())).contains("verified");
    }

    /** The network ACL of a subnet, read from the simulator over the wire. */
    private String aclOf(software.amazon.awssdk.services.ec2.Ec2Client ec2, String subnetId) {
        return ec2.describeNetworkAcls(b -> b.filters(f -> f.name("association.subnet-id").values(subnetId))).networkAcls().get(0)
                .networkAclId();
    }

    private software.amazon.awssdk.services.ec2.Ec2Client ec2() {
        return software.amazon.awssdk.services.ec2.Ec2Client.builder().endpointOverride(simulator.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(REGION))
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("ops", "x"))).build();
    }

    @Test
    void anAclDenyingVxlanIntoTheSensorsSubnetIsNamedStaticallyAndMeasuredAsLost() throws Exception {
        var target = simulator.state().targets().stream().filter(t -> t.id().equals("tmt-0a2b3c4d5e6f70049")).findFirst().orElseThrow();
        var sensorSubnet = simulator.state().networkInterfaces().stream().filter(e -> e.id().equals(target.resourceId())).findFirst()
                .orElseThrow().subnetId();
        try (var ec2 = ec2()) {
            var acl = aclOf(ec2, sensorSubnet);
            ec2.createNetworkAclEntry(b -> b.networkAclId(acl).ruleNumber(50).protocol("17").ruleAction("deny").egress(false)
                    .cidrBlock("0.0.0.0/0").portRange(p -> p.from(4789).to(4789)));

            var report = verify(new java.util.ArrayList<>());

            var instance = mirroredInto("tmt-0a2b3c4d5e6f70049");
            assertThat(verdicts(report)).containsEntry(instance, "lost_before_target");
            assertThat(report.path("pathBlocked").toString()).contains(acl).contains("rule 50 denies 0.0.0.0/0").contains("inbound");
            // Every blocked path ends at a target whose ENI is in a subnet that ACL serves (a VPC's default ACL serves them all).
            var served = ec2.describeNetworkAcls(b -> b.networkAclIds(acl)).networkAcls().get(0).associations().stream()
                    .map(a -> a.subnetId()).toList();
            var behindIt = simulator.state().targets().stream().filter(t -> simulator.state().networkInterfaces().stream()
                    .anyMatch(e -> e.id().equals(t.resourceId()) && served.contains(e.subnetId()))).map(t -> t.id()).toList();
            assertThat(behindIt).contains("tmt-0a2b3c4d5e6f70049");
            report.path("pathBlocked").forEach(b -> assertThat(b.path("targetId").asText()).isIn(behindIt));
            report.path("pathBlocked").forEach(b -> assertThat(b.path("direction").asText()).isEqualTo("inbound"));
        }
    }

    @Test
    void anAclDenyingVxlanIntoTheNlbsSubnetIsNamedStaticallyAndTheNlbMeasuresNothingOfIt() throws Exception {
        // The NLB target tmt-...4b: its one node ENI (description "ELB net/vectra-sensors/...") sits in shared-services-a.
        var nlb = "tmt-0a2b3c4d5e6f7004b";
        var instance = mirroredInto(nlb);
        var node = simulator.state().networkInterfaces().stream().filter(e -> e.description().startsWith("ELB net/vectra-sensors/"))
                .findFirst().orElseThrow();
        try (var ec2 = ec2()) {
            var acl = aclOf(ec2, node.subnetId());
            var sourceAddress = simulator.state().interfacesOf(instance).get(0).privateIpAddress();
            ec2.createNetworkAclEntry(b -> b.networkAclId(acl).ruleNumber(40).protocol("17").ruleAction("deny").egress(false)
                    .cidrBlock(sourceAddress + "/32").portRange(p -> p.from(4789).to(4789)));

            var report = verify(new java.util.ArrayList<>());

            assertThat(verdicts(report)).containsEntry(instance, "lost_before_target");
            assertThat(report.path("pathBlocked").toString()).contains(acl).contains("rule 40 denies " + sourceAddress + "/32")
                    .contains("in from the source");
            report.path("pathBlocked").forEach(b -> {
                assertThat(b.path("instanceId").asText()).isEqualTo(instance);
                assertThat(b.path("targetId").asText()).isEqualTo(nlb);
            });
        }
    }

    @Test
    void anAclWhoseOnlyAllowRuleSkipsVxlanOutOfTheSourcesSubnetIsTheImplicitDeny() throws Exception {
        var instance = mirroredInto("tmt-0a2b3c4d5e6f70049");
        var sourceSubnet = simulator.state().interfacesOf(instance).get(0).subnetId();
        try (var ec2 = ec2()) {
            var acl = aclOf(ec2, sourceSubnet);
            // Before rule 100's allow-all: everything out of the subnet except UDP 4789 stays allowed.
            ec2.createNetworkAclEntry(b -> b.networkAclId(acl).ruleNumber(10).protocol("17").ruleAction("deny").egress(true)
                    .cidrBlock("10.0.0.0/8").portRange(p -> p.from(4700).to(4800)));

            var report = verify(new java.util.ArrayList<>());

            assertThat(report.path("pathBlocked").toString()).contains(acl).contains("outbound").contains("rule 10 denies 10.0.0.0/8");
            assertThat(verdicts(report)).containsEntry(instance, "lost_before_target");
        }
    }

    @Test
    void aSensorWhoseMtuIsDeclared1500IsNamedTruncatingAbove1446BytesAndDeliveryStillCounts() throws Exception {
        var sensor = "tmt-0a2b3c4d5e6f70049";
        var instance = mirroredInto(sensor);
        try (var ec2 = ec2()) {
            ec2.createTags(b -> b.resources(sensor).tags(t -> t.key("mirrorpilot:mtu").value("1500")));
            var codes = new java.util.ArrayList<String>();

            var report = verify(codes);

            var row = row(report.path("mtu"), "targetId", sensor);
            assertThat(row.path("limit").asInt()).isEqualTo(1500);
            assertThat(row.path("largestIntactPacket").asInt()).isEqualTo(1446);
            assertThat(row.path("effect").asText()).isEqualTo("truncated");
            assertThat(row.path("instanceIds").toString()).contains(instance);
            // Truncated packets keep their headers and still arrive: a warning, not a failed delivery.
            assertThat(verdicts(report)).containsEntry(instance, "verified");
            assertThat(codes).containsExactly("0");
        }
    }

    @Test
    void sourcesDeclaredAtTheLargestMtuThatFitsLeaveNoMtuFinding() throws Exception {
        try (var ec2 = ec2()) {
            var mirrored = SeededSimulator.sessions(simulator).stream().map(MirrorSession::sourceEniId).collect(java.util.stream.Collectors.toSet());
            var instances = simulator.state().networkInterfaces().stream().filter(e -> mirrored.contains(e.id()))
                    .map(e -> e.attachment().orElseThrow().instanceId()).distinct().toList();
            ec2.createTags(b -> b.resources(instances).tags(t -> t.key("mirrorpilot:mtu").value("8446")));

            var report = verify(new java.util.ArrayList<>());

            assertThat(report.path("mtu")).as(report.path("mtu").toString()).isEmpty();
        }
    }

    private static final String INSPECTION = "tmt-0a2b3c4d5e6f7005b";

    /** Mirrors every workload it may into the sample's Gateway Load Balancer endpoint target (vpce-...5c, ENI eni-...5d). */
    private void mirrorIntoTheInspectionEndpoint() {
        var inspection = MirrorPolicy.defaults().toBuilder().targets(
                new dev.mirrorpilot.policy.config.Selection.ByIds(Set.of(INSPECTION))).build();
        FunctionRuntime.forEndpoint(simulator.endpoint(), inspection, ACCOUNT, REGION).reconciler()
                .pass(ACCOUNT, REGION, Scope.everything(), "inspection", false, 1000, () -> true);
    }

    private JsonNode verifyInspection(List<String> exitCode) throws Exception {
        var run = CliRun.of(List.of("verify", "--live", "--json", "--region", REGION, "--endpoint-url",
                simulator.endpoint().toString(), "--set", "MIRRORPILOT_TARGET_IDS=" + INSPECTION));
        exitCode.add(Integer.toString(run.exitCode()));
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void aGatewayLoadBalancerEndpointTargetIsMeasuredByItsBytesProcessedAndVerified() throws Exception {
        mirrorIntoTheInspectionEndpoint();
        var onIt = mirroredInto(INSPECTION);
        var codes = new java.util.ArrayList<String>();

        var report = verifyInspection(codes);

        assertThat(verdicts(report)).as(report.toString()).containsEntry(onIt, "verified");
        var row = row(report.path("targets"), "targetId", INSPECTION);
        assertThat(row.path("receivedBytes").asLong()).isPositive();
        assertThat(report.path("listMetricsCalls").asInt()).isEqualTo(1);
    }

    @Test
    void aGatewayLoadBalancerEndpointThatReceivesNothingLosesItsWorkloadsBeforeTheTarget() throws Exception {
        mirrorIntoTheInspectionEndpoint();
        var onIt = mirroredInto(INSPECTION);
        simulator.delivery().dropAt(INSPECTION);
        var codes = new java.util.ArrayList<String>();

        var report = verifyInspection(codes);

        assertThat(verdicts(report)).as(report.toString()).containsEntry(onIt, "lost_before_target");
        assertThat(codes).containsExactly("11");
    }

    @Test
    void aRoleWithoutListMetricsLeavesAnEndpointTargetUnmeasuredWithAWarningAndTheRestProven() throws Exception {
        mirrorIntoTheInspectionEndpoint();
        var onIt = mirroredInto(INSPECTION);
        simulator.faults().deny("ListMetrics");
        var codes = new java.util.ArrayList<String>();

        var report = verifyInspection(codes);

        assertThat(verdicts(report)).as(report.toString()).containsEntry(onIt, "target_not_measured");
        assertThat(report.path("warning").asText()).contains("cloudwatch:ListMetrics");
        // The source side is proven: not measuring the endpoint is not a failed delivery.
        assertThat(codes).containsExactly("0");
    }

    @Test
    void aSensorThatTruncatesAt1500IsMeasuredAsLostBeforeTheTargetEvenUndeclared() throws Exception {
        var sensor = "tmt-0a2b3c4d5e6f70049";
        var instance = mirroredInto(sensor);
        simulator.delivery().truncateAt(sensor, 1500);

        var report = verify(new java.util.ArrayList<>());

        assertThat(verdicts(report)).containsEntry(instance, "lost_before_target");
        var row = row(report.path("workloads"), "instanceId", instance);
        // Nothing declares the Sensor's MTU: the measurement finds the loss, the generic causes are offered.
        assertThat(row.path("evidence").asText()).doesNotContain("MTU 1500");
    }

    @Test
    void aSensorThatTruncatesAtItsDeclared1500IsLostAndTheEvidenceNamesTheMtu() throws Exception {
        var sensor = "tmt-0a2b3c4d5e6f70049";
        var instance = mirroredInto(sensor);
        simulator.delivery().truncateAt(sensor, 1500);
        try (var ec2 = ec2()) {
            ec2.createTags(b -> b.resources(sensor).tags(t -> t.key("mirrorpilot:mtu").value("1500")));
            var codes = new java.util.ArrayList<String>();

            var report = verify(codes);

            var row = row(report.path("workloads"), "instanceId", instance);
            assertThat(row.path("verdict").asText()).isEqualTo("lost_before_target");
            assertThat(row.path("evidence").asText()).contains("above 1446 bytes are truncated").contains("MTU 1500");
            assertThat(row.path("fix").asText()).contains("packet length");
            assertThat(codes).containsExactly("11");
        }
    }

    @Test
    void anAclDenyingVxlanIntoAGatewayLoadBalancerEndpointsSubnetIsNamedStatically() throws Exception {
        // The sample's inspection endpoint (vpce-...5c) receives on eni-...5d in shared-services-b.
        mirrorIntoTheInspectionEndpoint();
        var onIt = mirroredInto(INSPECTION);
        var endpointEni = simulator.state().networkInterfaces().stream().filter(e -> e.id().equals("eni-0a2b3c4d5e6f7005d"))
                .findFirst().orElseThrow();
        try (var ec2 = ec2()) {
            var acl = aclOf(ec2, endpointEni.subnetId());
            ec2.createNetworkAclEntry(b -> b.networkAclId(acl).ruleNumber(30).protocol("17").ruleAction("deny").egress(false)
                    .cidrBlock("0.0.0.0/0").portRange(p -> p.from(4789).to(4789)));

            var run = CliRun.of(List.of("verify", "--live", "--json", "--region", REGION, "--endpoint-url",
                    simulator.endpoint().toString(), "--set", "MIRRORPILOT_TARGET_IDS=" + INSPECTION));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(11);
            var report = new ObjectMapper().readTree(run.out());
            assertThat(report.path("pathBlocked")).as(report.toString()).isNotEmpty();
            report.path("pathBlocked").forEach(b -> {
                assertThat(b.path("targetId").asText()).isEqualTo(INSPECTION);
                assertThat(b.path("aclId").asText()).isEqualTo(acl);
                assertThat(b.path("direction").asText()).isEqualTo("inbound");
            });
            // And measured: the endpoint processes none of it.
            assertThat(verdicts(report)).containsEntry(onIt, "lost_before_target");
        }
    }

    @Test
    void theTextReportShowsConfiguredBesideVerifiedAndTheFailingHop() {
        simulator.delivery().dropAt("tmt-0a2b3c4d5e6f70049");

        var run = CliRun.of(List.of("verify", "--live", "--region", REGION, "--endpoint-url", simulator.endpoint().toString()));

        assertThat(run.exitCode()).isEqualTo(11);
        assertThat(run.out()).containsPattern("\\d+ workloads mirrored \\(configured\\), \\d+ verified \\(measured\\)")
                .contains("lost_before_target").contains("UDP 4789");
    }
}
