package dev.mirrorpilot.functions.attach;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.aws.eventbridge.EventBridgeClients;
import dev.mirrorpilot.aws.eventbridge.NearLimitEvents;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Trigger (a) of the rebalance: a launch whose session takes a target above its headroom publishes
 * one {@code MirrorPilot Target Near Limit} event on the default bus, and a launch that does not, none.
 */
class NearLimitSignalTest {
    /** vectra-sensor-a (r5n.xlarge): 8 sources in the sample, its headroom at 80 % of 10. */
    static final String SENSOR_A = "tmt-0a2b3c4d5e6f70049";
    static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(AttachOnLaunchHandlerTest.EVENTS.resolve("sample-inventory.json")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static AttachOnLaunchHandler handler(MirrorPolicy policy, boolean eventsOn) {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, "111122223333", "eu-west-1");
        var events = new NearLimitEvents(EventBridgeClients.forLocalEndpoint(simulator.endpoint(), "eu-west-1"));
        return new AttachOnLaunchHandler(context -> runtime, () -> eventsOn ? Optional.of(events) : Optional.empty());
    }

    private static String running() throws IOException {
        return Files.readString(AttachOnLaunchHandlerTest.EVENTS.resolve("instance-running.json"));
    }

    @Test
    void launchThatTakesATargetAboveItsHeadroomAsksForARebalance() throws IOException {
        var onlySensorA = MirrorPolicy.defaults().toBuilder().targets(new Selection.ByIds(Set.of(SENSOR_A))).build();

        var result = LocalInvoker.invoke(handler(onlySensorA, true), running(), AttachOnLaunchHandlerTest.CONTEXT);

        assertThat(result.path("created")).hasSize(1);
        assertThat(result.path("nearLimitEventsPublished").asInt()).isEqualTo(1);
        assertThat(simulator.events().published()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("mirrorpilot");
            assertThat(e.detailType()).isEqualTo("MirrorPilot Target Near Limit");
            assertThat(e.detail().path("targetId").asText()).isEqualTo(SENSOR_A);
            assertThat(e.detail().path("sourcesBefore").asInt()).isEqualTo(8);
            assertThat(e.detail().path("sources").asInt()).isEqualTo(9);
            assertThat(e.detail().path("headroom").asInt()).isEqualTo(8);
        });
    }

    @Test
    void launchPlacedWithinHeadroomPublishesNothing() throws IOException {
        var result = LocalInvoker.invoke(handler(MirrorPolicy.defaults(), true), running(), AttachOnLaunchHandlerTest.CONTEXT);

        assertThat(result.path("created")).hasSize(1);
        assertThat(result.has("crossedHeadroom")).isFalse();
        assertThat(simulator.events().published()).isEmpty();
        assertThat(simulator.calls().calls("PutEvents")).isZero();
    }

    @Test
    void eventBridgeRefusingTheEventDoesNotFailTheLaunch() throws IOException {
        var onlySensorA = MirrorPolicy.defaults().toBuilder().targets(new Selection.ByIds(Set.of(SENSOR_A))).build();
        simulator.faults().deny("PutEvents"); // a role without events:PutEvents

        var result = LocalInvoker.invoke(handler(onlySensorA, true), running(), AttachOnLaunchHandlerTest.CONTEXT);

        assertThat(result.path("status").asText()).isEqualTo("ok");
        assertThat(result.path("created")).hasSize(1);
        assertThat(result.path("nearLimitEventsFailed").asInt()).isEqualTo(1);
    }

    @Test
    void withEventsOffTheCrossingIsReportedOnly() throws IOException {
        var onlySensorA = MirrorPolicy.defaults().toBuilder().targets(new Selection.ByIds(Set.of(SENSOR_A))).build();

        var result = LocalInvoker.invoke(handler(onlySensorA, false), running(), AttachOnLaunchHandlerTest.CONTEXT);

        assertThat(result.path("crossedHeadroom")).hasSize(1);
        assertThat(result.path("nearLimitEvents").asText()).isEqualTo("off");
        assertThat(simulator.calls().calls("PutEvents")).isZero();
    }
}
