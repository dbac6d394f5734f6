package dev.mirrorpilot.functions.detach;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.state.SessionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DetachOnTerminateHandlerTest {
    static final Path EVENTS = Path.of("../../events");
    static final LocalContext CONTEXT = new LocalContext("mirrorpilot-detach-on-terminate", "111122223333", "eu-west-1");
    static final String REPLICA = "i-0a2b3c4d5e6f70038";
    static final String SURVIVOR = "eni-0a2b3c4d5e6f70048";
    static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static DetachOnTerminateHandler handler(MirrorPolicy policy) {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, "111122223333", "eu-west-1");
        return new DetachOnTerminateHandler(context -> runtime);
    }

    static JsonNode invoke(DetachOnTerminateHandler handler, String file) throws IOException {
        return LocalInvoker.invoke(handler, Files.readAllBytes(EVENTS.resolve(file)), CONTEXT);
    }

    /** The sample's surviving ENI's session, as MirrorPilot now describes it: instance and attachment. */
    private void describeSurvivorWithItsAttachment() {
        var state = simulator.state();
        var orphan = state.sessions().stream().filter(s -> s.sourceEniId().equals(SURVIVOR)).findFirst().orElseThrow();
        state.deleteSession(orphan.id(), false);
        state.createSession(new SessionRequest(SURVIVOR, orphan.targetId(), orphan.filterId(), 1, OptionalInt.empty(),
                OptionalInt.empty(), "mirrorpilot:i-09999999999999999 eni-attach-0a2b3c4d5e6f70048", orphan.tags(), null, false));
    }

    /** Mirrors both ENIs of db-replica as MirrorPilot would have (tags and description included). */
    private void mirrorReplicaBothEnis() {
        var state = simulator.state();
        var nlb = state.targets().stream().filter(t -> t.kind().awsName().equals("network-interface")).findFirst().orElseThrow();
        var filter = state.filters().get(0).id();
        for (var eni : state.interfacesOf(REPLICA)) {
            state.createSession(new SessionRequest(eni.id(), nlb.id(), filter, 5, OptionalInt.empty(), OptionalInt.empty(),
                    "mirrorpilot:" + REPLICA, Tags.of("mirrorpilot:managed", "true", "mirrorpilot:source-instance", REPLICA),
                    null, false));
        }
    }

    @Test
    void terminatedInstanceWithASurvivingSecondaryEniLeavesNoMirrorPilotSession() throws IOException {
        mirrorReplicaBothEnis();
        var secondary = simulator.state().interfacesOf(REPLICA).get(1).id();
        simulator.state().terminate(REPLICA);

        var result = invoke(handler(MirrorPolicy.defaults()), "instance-terminated.json");

        assertThat(result.path("status").asText()).isEqualTo("ok");
        assertThat(result.path("deleted")).hasSize(1);
        assertThat(result.path("freedCapacity").size()).isEqualTo(1);
        assertThat(SeededSimulator.sessions(simulator)).noneMatch(s -> s.isManaged()
                && (s.sourceEniId().equals(secondary) || REPLICA.equals(s.tags().get("mirrorpilot:source-instance"))));
    }

    @Test
    void terminateDeliveredTwiceIsHarmless() throws IOException {
        mirrorReplicaBothEnis();
        simulator.state().terminate(REPLICA);
        var handler = handler(MirrorPolicy.defaults());
        invoke(handler, "instance-terminated.json");

        var again = invoke(handler, "instance-terminated.json");

        assertThat(again.path("status").asText()).isEqualTo("ok");
        assertThat(again.path("deleted")).isEmpty();
    }

    @Test
    void shuttingDownIsHandledLikeTerminate() throws IOException {
        mirrorReplicaBothEnis();

        var result = invoke(handler(MirrorPolicy.defaults()), "instance-shutting-down.json");

        assertThat(result.path("status").asText()).isEqualTo("ok");
    }

    @Test
    void stopKeepsSessionsByDefaultAndRemovesThemWhenThePolicySaysSo() throws IOException {
        var web7 = "i-0a2b3c4d5e6f70024";
        simulator.state().setState(web7, dev.mirrorpilot.simulator.model.InstanceState.STOPPED);
        var state = simulator.state();
        var eni = state.interfacesOf(web7).get(0).id();
        state.createSession(new SessionRequest(eni, state.targets().get(2).id(), state.filters().get(0).id(), 1,
                OptionalInt.empty(), OptionalInt.empty(), "mirrorpilot:" + web7,
                Tags.of("mirrorpilot:managed", "true", "mirrorpilot:source-instance", web7), null, false));

        var kept = invoke(handler(MirrorPolicy.defaults()), "instance-stopped.json");
        var removed = invoke(handler(MirrorPolicy.defaults().toBuilder().onStop(MirrorPolicy.OnStop.REMOVE).build()),
                "instance-stopped.json");

        assertThat(kept.path("deleted")).isEmpty();
        assertThat(removed.path("deleted")).hasSize(1);
    }

    @Test
    void aDetachEventFindsTheSessionsOfThatEniOnlyByTheAttachmentItsDescriptionNames() throws IOException {
        // The sample's surviving ENI is attached to nothing and still carries a MirrorPilot session, whose description
        // names the attachment it was made under; another detached ENI's session names another attachment.
        var state = simulator.state();
        describeSurvivorWithItsAttachment();
        var event = Files.readString(EVENTS.resolve("detach-network-interface.json"))
                .replace("eni-attach-0a2b3c4d5e6f7003a", "eni-attach-0a2b3c4d5e6f70048");
        simulator.calls().reset();

        var result = LocalInvoker.invoke(handler(MirrorPolicy.defaults()), event.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                CONTEXT);

        assertThat(result.path("deleted")).hasSize(1);
        assertThat(state.sessions()).noneMatch(s -> s.sourceEniId().equals(SURVIVOR));
        assertThat(simulator.calls().calls("DescribeTrafficMirrorSessions")).isEqualTo(1);
        assertThat(simulator.calls().calls("DescribeNetworkInterfaces")).isEqualTo(1);
    }

    @Test
    void aDetachEventForAnotherAttachmentLeavesTheSessionAlone() throws IOException {
        // The survivor's session names its own attachment; the event names db-replica's secondary ENI's.
        var state = simulator.state();
        describeSurvivorWithItsAttachment();
        var before = state.sessions();

        var result = invoke(handler(MirrorPolicy.defaults()), "detach-network-interface.json");

        assertThat(result.path("deleted")).isEmpty();
        assertThat(state.sessions()).isEqualTo(before);
    }

    @Test
    void aDeleteEventForAnInterfaceThatStillExistsDeletesNothing() throws IOException {
        // Stale, replayed or forged: the ENI is there (and mirrored), so its session stays.
        var before = SeededSimulator.sessions(simulator);
        assertThat(before).anyMatch(s -> s.sourceEniId().equals(SURVIVOR) && s.isManaged());

        var result = invoke(handler(MirrorPolicy.defaults()), "delete-network-interface.json");

        assertThat(result.path("status").asText()).isEqualTo("ok");
        assertThat(result.path("deleted")).isEmpty();
        assertThat(SeededSimulator.sessions(simulator)).isEqualTo(before);
    }

    @Test
    void aDeleteEventForAnInterfaceThatIsGoneLeavesNoSessionOfItBehind() throws IOException {
        simulator.state().detach(SURVIVOR);
        simulator.state().deleteEni(SURVIVOR);

        var result = invoke(handler(MirrorPolicy.defaults()), "delete-network-interface.json");

        assertThat(result.path("status").asText()).isEqualTo("ok");
        assertThat(SeededSimulator.sessions(simulator)).noneMatch(s -> s.sourceEniId().equals(SURVIVOR));
    }
}
