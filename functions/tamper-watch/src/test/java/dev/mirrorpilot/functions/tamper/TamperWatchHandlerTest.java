package dev.mirrorpilot.functions.tamper;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.aws.securityhub.SecurityHubClients;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.Simulator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The real tamper-watch handler, real SDK clients and the simulator: someone with their own
 * credentials changes MirrorPilot's mirroring over the wire, the simulator records the CloudTrail
 * event AWS would deliver, and that event (in an SQS batch, as the queue hands it over) is all the
 * function gets. What counts is the simulator's state afterwards, never the function's own report.
 */
class TamperWatchHandlerTest {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final LocalContext CONTEXT = new LocalContext("mirrorpilot-tamper-watch", ACCOUNT, REGION);
    static final ObjectMapper JSON = new ObjectMapper();
    /** A session MirrorPilot made for i-0a2b3c4d5e6f7001a's primary ENI (sample inventory). */
    static final String VICTIM_ENI = "eni-0a2b3c4d5e6f7001b";
    static final String VICTIM_INSTANCE = "i-0a2b3c4d5e6f7001a";
    static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../../events/sample-inventory.json")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void covered() {
        simulator.reset();
        // The account as MirrorPilot leaves it: everything the policy wants is mirrored.
        FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, REGION).reconciler()
                .pass(ACCOUNT, REGION, Scope.everything(), "setup", false, 1000, () -> true);
        simulator.cloudTrail().reset();
        simulator.calls().reset();
    }

    static TamperWatchHandler handler(Map<String, String> settings) {
        URI endpoint = simulator.endpoint();
        var runtime = new TamperWatchRun.Runtime(FunctionRuntime.forEndpoint(endpoint, MirrorPolicy.defaults(), ACCOUNT, REGION),
                TamperWatchSettings.fromEnvironment(settings, ACCOUNT, "aws"),
                () -> new CoverageFindings(SecurityHubClients.forLocalEndpoint(endpoint, REGION), ACCOUNT, REGION, Clock.systemUTC()));
        return new TamperWatchHandler(context -> runtime);
    }

    /** An EC2 client with someone else's credentials: the simulator names them user/{@code who} in CloudTrail. */
    static Ec2Client as(String who) {
        return Ec2Client.builder().endpointOverride(simulator.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(who, "secret"))).build();
    }

    /** The events as the queue hands them to the function: one SQS batch. */
    static String sqsBatch(List<String> events) {
        var batch = JSON.createObjectNode();
        var records = batch.putArray("Records");
        for (int i = 0; i < events.size(); i++) {
            records.addObject().put("messageId", "m-" + i).put("eventSource", "aws:sqs").put("body", events.get(i));
        }
        return batch.toString();
    }

    static JsonNode deliver(List<String> events) throws IOException {
        return LocalInvoker.invoke(handler(Map.of()), sqsBatch(events), CONTEXT);
    }

    static void deleteAsMallory(String sessionId) {
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(sessionId));
        }
    }

    /** The CloudTrail events of every session delete so far, handed to this handler as one SQS batch. */
    static JsonNode deliverDeletes(TamperWatchHandler handler) throws IOException {
        return LocalInvoker.invoke(handler, sqsBatch(simulator.cloudTrail().events("DeleteTrafficMirrorSession")), CONTEXT);
    }

    static List<MirrorSession> managedOn(String eni) {
        return SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).filter(s -> s.sourceEniId().equals(eni)).toList();
    }

    static List<JsonNode> tamperFindings() {
        return simulator.securityHub().all().stream()
                .filter(f -> f.path("GeneratorId").asText().equals(CoverageFindings.TAMPER_GENERATOR_ID)).toList();
    }

    @Test
    void aSessionDeletedByHandComesBackWithinOneEventAndTheFindingNamesWhoAndIsArchived() throws IOException {
        var victim = managedOn(VICTIM_ENI).get(0);
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(victim.id()));
        }
        assertThat(managedOn(VICTIM_ENI)).isEmpty();
        long start = System.nanoTime();

        var result = deliver(simulator.cloudTrail().events("DeleteTrafficMirrorSession"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(managedOn(VICTIM_ENI)).as(result.toString()).hasSize(1);
        assertThat(managedOn(VICTIM_ENI).get(0).id()).isNotEqualTo(victim.id());
        assertThat(result.path("tampering").get(0).path("by").asText()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        var finding = tamperFindings();
        assertThat(finding).hasSize(1);
        assertThat(finding.get(0).path("Title").asText()).contains("DeleteTrafficMirrorSession", victim.id(), "mallory");
        assertThat(finding.get(0).path("RecordState").asText()).as("restored, so archived").isEqualTo("ARCHIVED");
        System.out.printf("tamper-watch: a deleted session restored %d ms after its event was handed over (simulator, %d EC2 calls)%n",
                millis, simulator.calls().totalCalls());
    }

    @Test
    void aWarmContainerRestoresADeletedSessionOfAnInstanceItHasReadWithoutReadingTheWholeAccount() throws IOException {
        var handler = handler(Map.of());
        var first = managedOn(VICTIM_ENI).get(0);
        deleteAsMallory(first.id());
        simulator.calls().reset();
        deliverDeletes(handler);
        long coldReads = simulator.calls().totalCalls() - simulator.calls().calls("CreateTrafficMirrorSession");
        var second = managedOn(VICTIM_ENI).get(0);
        simulator.cloudTrail().reset();
        deleteAsMallory(second.id());
        simulator.calls().reset();

        var result = deliverDeletes(handler);

        long warmReads = simulator.calls().totalCalls() - simulator.calls().calls("CreateTrafficMirrorSession");
        assertThat(managedOn(VICTIM_ENI)).as(result.toString()).hasSize(1);
        assertThat(result.path("restore").path("targeted").asBoolean()).as(result.toString()).isTrue();
        assertThat(warmReads).isLessThan(coldReads);
        assertThat(tamperFindings()).filteredOn(f -> f.path("Title").asText().contains(second.id())).singleElement()
                .satisfies(f -> assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED"));
        System.out.printf("tamper-watch: a deleted session restored with %d AWS calls (whole-account restore: %d)%n", warmReads,
                coldReads);
    }

    @Test
    void aStaleMemoryFallsBackToTheWholeAccountRestore() throws IOException {
        var handler = handler(Map.of());
        var first = managedOn(VICTIM_ENI).get(0);
        deleteAsMallory(first.id());
        deliverDeletes(handler);
        // Another session, of another instance, is deleted, and comes back by other means before the event (a
        // reconcile): the reconcile of the remembered instance creates nothing, so the whole account is read.
        var other = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> !s.sourceEniId().equals(VICTIM_ENI)).findFirst().orElseThrow();
        simulator.cloudTrail().reset();
        deleteAsMallory(other.id());
        FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, REGION).reconciler()
                .pass(ACCOUNT, REGION, Scope.everything(), "meanwhile", false, 1000, () -> true);

        var result = deliverDeletes(handler);

        assertThat(result.path("restore").path("targeted").asBoolean()).as(result.toString()).isFalse();
        assertThat(result.path("restore").path("complete").asBoolean()).as(result.toString()).isTrue();
        assertThat(managedOn(other.sourceEniId())).hasSize(1);
        // Remembered as MirrorPilot's, the delete is still reported, as restored.
        assertThat(tamperFindings()).filteredOn(f -> f.path("Title").asText().contains(other.id())).singleElement()
                .satisfies(f -> assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED"));
    }

    @Test
    void mirrorPilotsOwnDeleteIsRecognisedAndNothingIsDone() throws IOException {
        var session = managedOn(VICTIM_ENI).get(0);
        // The key MirrorPilot's clients use against the simulator is its assumed role mirrorpilot-local.
        try (var own = as("local")) {
            own.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(session.id()));
        }
        simulator.calls().reset();

        var result = deliver(simulator.cloudTrail().events("DeleteTrafficMirrorSession"));

        assertThat(result.path("ownCalls").asInt()).isEqualTo(1);
        assertThat(managedOn(VICTIM_ENI)).as("its own delete is not undone").isEmpty();
        assertThat(simulator.calls().totalCalls()).as("nothing read").isZero();
        assertThat(tamperFindings()).isEmpty();
    }

    @Test
    void aBurstOfDeletesCostsTheReadsOfOneDeleteAndRestoresEverySession() throws IOException {
        var managed = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).toList();
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(managed.get(0).id()));
        }
        simulator.calls().reset();
        deliver(simulator.cloudTrail().events("DeleteTrafficMirrorSession"));
        long oneDelete = simulator.calls().totalCalls() - simulator.calls().calls("CreateTrafficMirrorSession");
        simulator.cloudTrail().reset();
        var victims = managed.subList(1, 6);
        try (var mallory = as("mallory")) {
            victims.forEach(v -> mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(v.id())));
        }
        simulator.calls().reset();

        var result = deliver(simulator.cloudTrail().events("DeleteTrafficMirrorSession"));

        for (var victim : victims) {
            assertThat(managedOn(victim.sourceEniId())).as(victim.sourceEniId() + " " + result).hasSize(1);
        }
        long burst = simulator.calls().totalCalls() - simulator.calls().calls("CreateTrafficMirrorSession");
        assertThat(burst).as("five deletes in one batch read what one delete reads").isEqualTo(oneDelete);
        assertThat(result.path("restore").path("created").asInt()).isEqualTo(5);
        assertThat(tamperFindings()).as("one finding per deleted session").hasSize(6);
        System.out.printf("tamper-watch: reads per batch of session deletes on the sample account: %d calls (1 or 5 deletes)%n", burst);
    }

    @Test
    void theRestoreAfterADeleteCreatesOnlyAndLeavesEveryOtherSessionAlone() throws IOException {
        // i-...1a was opted out by a tag whose event never came: its session is unwanted now, but removing it is the
        // scheduled reconcile's call (a fresh plan of the whole account), never a side effect of a restore.
        simulator.state().changeTags(List.of(VICTIM_INSTANCE), Map.of(MirrorPolicy.MIRROR_TAG, "false"), false);
        var other = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> !s.sourceEniId().equals(VICTIM_ENI)).findFirst().orElseThrow();
        var before = SeededSimulator.sessions(simulator).stream().map(MirrorSession::id).filter(id -> !id.equals(other.id())).toList();
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(other.id()));
        }

        var result = deliver(simulator.cloudTrail().events("DeleteTrafficMirrorSession"));

        assertThat(managedOn(other.sourceEniId())).as(result.toString()).hasSize(1);
        assertThat(SeededSimulator.sessions(simulator)).extracting(MirrorSession::id).containsAll(before);
        assertThat(simulator.calls().calls("DeleteTrafficMirrorSession")).as("only mallory's delete").isEqualTo(1);
    }

    @Test
    void anOptOutTagRemovesTheSessionAndTakingItOffRestoresIt() throws IOException {
        assertThat(managedOn(VICTIM_ENI)).hasSize(1);
        try (var mallory = as("ops")) {
            mallory.createTags(b -> b.resources(VICTIM_INSTANCE).tags(t -> t.key(MirrorPolicy.MIRROR_TAG).value("false")));
        }
        deliver(simulator.cloudTrail().events("CreateTags"));
        assertThat(managedOn(VICTIM_ENI)).as("opted out").isEmpty();

        simulator.cloudTrail().reset();
        try (var ops = as("ops")) {
            ops.deleteTags(b -> b.resources(VICTIM_INSTANCE).tags(t -> t.key(MirrorPolicy.MIRROR_TAG)));
        }
        var result = deliver(simulator.cloudTrail().events("DeleteTags"));

        assertThat(managedOn(VICTIM_ENI)).as("opted back in: " + result).hasSize(1);
        assertThat(tamperFindings()).as("a tag change is a change of scope, not tampering").isEmpty();
    }

    @Test
    void aBurstOfTagChangesOnOneInstanceReconcilesItOnce() throws IOException {
        try (var ops = as("ops")) {
            for (int i = 0; i < 20; i++) {
                var value = i % 2 == 0 ? "false" : "true";
                ops.createTags(b -> b.resources(VICTIM_INSTANCE).tags(t -> t.key(MirrorPolicy.MIRROR_TAG).value(value)));
            }
        }
        var events = simulator.cloudTrail().events("CreateTags");
        assertThat(events).hasSize(20);

        var result = deliver(events);

        assertThat(result.path("instances")).hasSize(1);
        assertThat(managedOn(VICTIM_ENI)).as("the last value (true) holds").hasSize(1);
    }

    @Test
    void aTagThatScopesNothingReadsNothing() throws IOException {
        try (var ops = as("ops")) {
            ops.createTags(b -> b.resources(VICTIM_INSTANCE).tags(t -> t.key("CostCentre").value("42")));
        }
        simulator.calls().reset();

        var result = deliver(simulator.cloudTrail().events("CreateTags"));

        assertThat(result.path("tagChangesIgnored").asInt()).isEqualTo(1);
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void aSessionRetargetedIntoASensorOfAnotherRoleIsMovedBackAndReported() throws IOException {
        var victim = managedOn(VICTIM_ENI).get(0);
        // The inspection GWLB endpoint is not a Sensor target (role inspection): mirroring there blinds the Sensor.
        try (var mallory = as("mallory")) {
            mallory.modifyTrafficMirrorSession(b -> b.trafficMirrorSessionId(victim.id()).trafficMirrorTargetId("tmt-0a2b3c4d5e6f7005b"));
        }

        var result = deliver(simulator.cloudTrail().events("ModifyTrafficMirrorSession"));

        var now = managedOn(VICTIM_ENI);
        assertThat(now).as(result.toString()).hasSize(1);
        assertThat(now.get(0).targetId()).isNotEqualTo("tmt-0a2b3c4d5e6f7005b");
        assertThat(tamperFindings()).hasSize(1);
        assertThat(tamperFindings().get(0).path("RecordState").asText()).isEqualTo("ARCHIVED");
    }

    @Test
    void aDeletedTargetsSessionsAreReconciledOntoAnotherTarget() throws IOException {
        var onTarget = SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> s.targetId().equals("tmt-0a2b3c4d5e6f70049")).toList();
        assertThat(onTarget).isNotEmpty();
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorTarget(b -> b.trafficMirrorTargetId("tmt-0a2b3c4d5e6f70049"));
        }

        var result = deliver(simulator.cloudTrail().events("DeleteTrafficMirrorTarget"));

        for (var session : onTarget) {
            var now = managedOn(session.sourceEniId());
            assertThat(now).as(session.sourceEniId() + " " + result).isNotEmpty();
            assertThat(now).allMatch(s -> !s.targetId().equals("tmt-0a2b3c4d5e6f70049"));
        }
        assertThat(tamperFindings()).extracting(f -> f.path("Title").asText()).anyMatch(t -> t.contains("tmt-0a2b3c4d5e6f70049"));
    }

    @Test
    void forgedMalformedAndForeignEventsInABatchChangeNothing() throws IOException {
        var victim = managedOn(VICTIM_ENI).get(0);
        try (var mallory = as("mallory")) {
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(victim.id()));
        }
        var real = simulator.cloudTrail().events("DeleteTrafficMirrorSession").get(0);
        simulator.calls().reset();
        var foreign = real.replace("\"account\":\"111122223333\"", "\"account\":\"444455556666\"");
        var failed = real.replace("\"eventName\":\"DeleteTrafficMirrorSession\"",
                "\"eventName\":\"DeleteTrafficMirrorSession\",\"errorCode\":\"Client.UnauthorizedOperation\"");

        var result = deliver(List.of(foreign, failed, "{\"id\": 1}", real + "{}", "not json"));

        assertThat(result.path("rejected")).hasSize(5);
        assertThat(simulator.calls().totalCalls()).as("nothing read for refused events").isZero();
        assertThat(managedOn(VICTIM_ENI)).isEmpty();
    }

    static final String DB_REPLICA = "i-0a2b3c4d5e6f70038";
    static final String PAYMENTS_DB = "i-0a2b3c4d5e6f7002a";

    static String guardDuty(String instanceId, double severity) throws IOException {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(java.nio.file.Files.readString(
                Path.of("../../events/tamper/guardduty-finding.json")));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/detail/resource/instanceDetails")).put("instanceId", instanceId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail")).put("severity", severity);
        return event.toString();
    }

    static List<MirrorSession> managedOfInstance(String instanceId) {
        var enis = simulator.state().interfacesOf(instanceId).stream().map(e -> e.id()).toList();
        return SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged).filter(s -> enis.contains(s.sourceEniId())).toList();
    }

    @Test
    void aHighSeverityGuardDutyFindingMirrorsEveryInterfaceInFullUntilItsExpiryAndSaysSo() throws IOException {
        var enis = simulator.state().interfacesOf(DB_REPLICA);
        assertThat(enis).hasSizeGreaterThan(1);
        assertThat(managedOfInstance(DB_REPLICA)).as("the policy mirrors primary interfaces only").hasSize(1);

        var result = deliver(List.of(guardDuty(DB_REPLICA, 8)));

        var sessions = managedOfInstance(DB_REPLICA);
        assertThat(sessions).as(result.toString()).hasSize(enis.size());
        assertThat(sessions).allSatisfy(s -> {
            assertThat(s.tags().get("mirrorpilot:surge-until")).isNotNull();
            assertThat(s.packetLength()).isEmpty();
        });
        var until = java.time.Instant.parse(sessions.get(0).tags().get("mirrorpilot:surge-until"));
        assertThat(until).isBetween(java.time.Instant.now().plusSeconds(55 * 60), java.time.Instant.now().plusSeconds(61 * 60));
        assertThat(simulator.securityHub().all()).anyMatch(f -> f.path("GeneratorId").asText().equals("mirrorpilot/surge")
                && f.path("Title").asText().contains(DB_REPLICA));
    }

    @Test
    void aFindingBelowTheSeveritySettingChangesNothing() throws IOException {
        var before = SeededSimulator.sessions(simulator);

        var result = deliver(List.of(guardDuty(DB_REPLICA, 4.5)));

        assertThat(result.path("surges").get(0).path("status").asText()).isEqualTo("ignored");
        assertThat(SeededSimulator.sessions(simulator)).isEqualTo(before);
    }

    @Test
    void anOptedOutInstanceIsNotSurgedUnlessTheSettingAllowsIt() throws IOException {
        var refused = deliver(List.of(guardDuty(PAYMENTS_DB, 9)));
        assertThat(refused.path("surges").get(0).path("status").asText()).isEqualTo("refused");
        assertThat(managedOfInstance(PAYMENTS_DB)).isEmpty();

        var allowed = LocalInvoker.invoke(handler(Map.of("MIRRORPILOT_SURGE_OPTED_OUT", "true")),
                sqsBatch(List.of(guardDuty(PAYMENTS_DB, 9))), CONTEXT);

        assertThat(managedOfInstance(PAYMENTS_DB)).as(allowed.toString()).isNotEmpty();
    }

    @Test
    void aSurgeOutlivesTheReconcileUntilItExpiresThenTheReconcileRevertsToThePolicy() throws IOException {
        LocalInvoker.invoke(handler(Map.of("MIRRORPILOT_SURGE_OPTED_OUT", "true")), sqsBatch(List.of(guardDuty(PAYMENTS_DB, 9))), CONTEXT);
        deliver(List.of(guardDuty(DB_REPLICA, 9)));
        var reconciler = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, REGION).reconciler();

        reconciler.pass(ACCOUNT, REGION, Scope.everything(), "reconcile-1", false, 1000, () -> true);
        assertThat(managedOfInstance(PAYMENTS_DB)).as("opted out, but under surge").isNotEmpty();
        assertThat(managedOfInstance(DB_REPLICA)).hasSize(simulator.state().interfacesOf(DB_REPLICA).size());

        // The surge's time is up (its tag says so), and the next reconcile follows the policy again.
        var past = java.time.Instant.now().minusSeconds(60).toString();
        SeededSimulator.sessions(simulator).stream().filter(s -> s.tags().get("mirrorpilot:surge-until") != null)
                .forEach(s -> simulator.state().changeTags(List.of(s.id()), Map.of("mirrorpilot:surge-until", past), false));
        reconciler.pass(ACCOUNT, REGION, Scope.everything(), "reconcile-2", false, 1000, () -> true);

        assertThat(managedOfInstance(PAYMENTS_DB)).as("opted out again").isEmpty();
        assertThat(managedOfInstance(DB_REPLICA)).as("primary interface only again").hasSize(1)
                .allSatisfy(s -> assertThat(s.tags().get("mirrorpilot:surge-until")).isNull());
    }

    @Test
    void aSessionThatCutsPacketsShortIsModifiedInPlaceToMirrorThemWholeUntilTheSurgeEnds() throws IOException {
        var truncating = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults().toBuilder()
                .packetLength(java.util.OptionalInt.of(128)).build(), ACCOUNT, REGION).reconciler();
        truncating.pass(ACCOUNT, REGION, Scope.everything(), "truncate", false, 1000, () -> true);
        var primary = managedOfInstance(DB_REPLICA);
        assertThat(primary).singleElement().satisfies(s -> assertThat(s.packetLength()).hasValue(128));

        var result = deliver(List.of(guardDuty(DB_REPLICA, 8)));

        var surged = managedOfInstance(DB_REPLICA);
        assertThat(surged).as(result.toString()).hasSize(simulator.state().interfacesOf(DB_REPLICA).size())
                .allSatisfy(s -> assertThat(s.packetLength()).isEmpty());
        assertThat(surged).as("the same session, modified, not replaced").anyMatch(s -> s.id().equals(primary.get(0).id()));

        // A reconcile under the truncating policy before the expiry leaves the packets whole.
        truncating.pass(ACCOUNT, REGION, Scope.everything(), "during", false, 1000, () -> true);
        assertThat(managedOfInstance(DB_REPLICA)).allSatisfy(s -> assertThat(s.packetLength()).isEmpty());

        var past = java.time.Instant.now().minusSeconds(60).toString();
        SeededSimulator.sessions(simulator).stream().filter(s -> s.tags().get("mirrorpilot:surge-until") != null)
                .forEach(s -> simulator.state().changeTags(List.of(s.id()), Map.of("mirrorpilot:surge-until", past), false));
        truncating.pass(ACCOUNT, REGION, Scope.everything(), "after", false, 1000, () -> true);

        assertThat(managedOfInstance(DB_REPLICA)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo(primary.get(0).id());
            assertThat(s.packetLength()).hasValue(128);
        });
    }

    @Test
    void aSurgeNeverTakesASessionNumberAheadOfAnotherTeamsSession() throws IOException {
        // netops-probe's ENI carries netops' own session, number 1.
        var probe = "i-0a2b3c4d5e6f70030";
        var foreign = SeededSimulator.sessions(simulator).stream().filter(s -> !s.isManaged())
                .filter(s -> simulator.state().interfacesOf(probe).stream().anyMatch(e -> e.id().equals(s.sourceEniId()))).toList();
        assertThat(foreign).isNotEmpty();
        var foreignBefore = foreign.stream().map(MirrorSession::sessionNumber).toList();

        var result = deliver(List.of(guardDuty(probe, 9)));

        var ours = managedOfInstance(probe);
        for (var session : ours) {
            foreign.stream().filter(f -> f.sourceEniId().equals(session.sourceEniId())).forEach(f ->
                    assertThat(session.sessionNumber()).as(result.toString()).isGreaterThan(f.sessionNumber()));
        }
        assertThat(SeededSimulator.sessions(simulator).stream().filter(s -> !s.isManaged())
                .filter(s -> foreign.stream().anyMatch(f -> f.id().equals(s.id()))).map(MirrorSession::sessionNumber).toList())
                .isEqualTo(foreignBefore);
    }

    @Test
    void aSurgeRequestNamesItsOwnDuration() throws IOException {
        var request = java.nio.file.Files.readString(Path.of("../../events/tamper/surge-request.json")).replace("i-0a2b3c4d5e6f70024",
                DB_REPLICA);

        var result = deliver(List.of(request));

        var until = java.time.Instant.parse(result.path("surges").get(0).path("until").asText());
        assertThat(until).isBetween(java.time.Instant.now().plusSeconds(25 * 60), java.time.Instant.now().plusSeconds(31 * 60));
        assertThat(managedOfInstance(DB_REPLICA)).allSatisfy(s -> assertThat(s.tags().get("mirrorpilot:surge-reason"))
                .contains("Vectra detection"));
    }
}
