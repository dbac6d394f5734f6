package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.inventory.InventoryFile;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** EventBridge PutEvents on the default bus, through the real SDK client (JSON 1.1). */
class EventsConformanceTest {
    static Simulator simulator;
    static EventBridgeClient events;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
        events = Clients.events(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        events.close();
        simulator.close();
    }

    @BeforeEach
    void clear() {
        simulator.events().reset();
    }

    private static PutEventsRequestEntry entry(String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().source(source).detailType(detailType).detail(detail).build();
    }

    @Test
    void acceptedEventsGetIdsAndAreKeptAsPublished() {
        var response = events.putEvents(b -> b.entries(entry("mirrorpilot", "MirrorPilot Target Near Limit", "{\"targetId\":\"tmt-1\"}")));

        assertThat(response.failedEntryCount()).isZero();
        assertThat(response.entries()).singleElement().satisfies(e -> assertThat(e.eventId()).isNotBlank());
        assertThat(simulator.events().published()).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("mirrorpilot");
            assertThat(e.detailType()).isEqualTo("MirrorPilot Target Near Limit");
            assertThat(e.detail().path("targetId").asText()).isEqualTo("tmt-1");
        });
    }

    @Test
    void badEntriesFailOneByOneAndTheRestAreAccepted() {
        var response = events.putEvents(b -> b.entries(
                entry("mirrorpilot", "ok", "{}"),
                entry("mirrorpilot", "ok", "not json"),
                entry("aws.ec2", "ok", "{}"),
                PutEventsRequestEntry.builder().source("mirrorpilot").detail("{}").build()));

        assertThat(response.failedEntryCount()).isEqualTo(3);
        assertThat(response.entries()).extracting(e -> e.errorCode())
                .containsExactly(null, "MalformedDetail", "NotAuthorizedForSourceException", "InvalidArgument");
        assertThat(simulator.events().published()).hasSize(1);
    }

    @Test
    void moreThanTenEntriesInOneCallAreRefused() {
        List<PutEventsRequestEntry> eleven = IntStream.range(0, 11).mapToObj(i -> entry("mirrorpilot", "ok", "{}")).toList();

        var error = catchThrowableOfType(EventBridgeException.class, () -> events.putEvents(b -> b.entries(eleven)));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(simulator.events().published()).isEmpty();
    }
}
