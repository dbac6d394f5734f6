package dev.mirrorpilot.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.model.InstanceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventReaderTest {
    private static final Path EVENTS = Path.of("../../events");
    private final EventReader reader = new EventReader("111122223333", "eu-west-1", EnumSet.of(InstanceState.RUNNING,
            InstanceState.SHUTTING_DOWN, InstanceState.TERMINATED, InstanceState.STOPPED));

    private EventVerdict read(String file) throws IOException {
        return reader.read(Files.readString(EVENTS.resolve(file)));
    }

    @Test
    void runningStateChangeIsAccepted() throws IOException {
        var verdict = read("instance-running.json");

        assertThat(verdict).isEqualTo(new EventVerdict.Accepted(new Ec2Event.InstanceStateChanged(
                "7bf73129-1428-4cd3-a780-95db273d1602", "111122223333", "eu-west-1", "i-0a2b3c4d5e6f70024",
                InstanceState.RUNNING)));
    }

    @Test
    void everySampleEventIsAcceptedAsItsKind() throws IOException {
        assertThat(((EventVerdict.Accepted) read("attach-network-interface.json")).event())
                .isEqualTo(new Ec2Event.InterfaceAttached("d1b1c1a0-0000-4000-8000-000000000004", "111122223333", "eu-west-1",
                        "i-0a2b3c4d5e6f70038", "eni-0a2b3c4d5e6f7003a", 1));
        assertThat(((EventVerdict.Accepted) read("detach-network-interface.json")).event())
                .isInstanceOf(Ec2Event.InterfaceDetached.class);
        assertThat(((EventVerdict.Accepted) read("delete-network-interface.json")).event())
                .isInstanceOf(Ec2Event.InterfaceDeleted.class);
        assertThat(((EventVerdict.Accepted) read("instance-terminated.json")).event())
                .isInstanceOf(Ec2Event.InstanceStateChanged.class);
    }

    @Test
    void stateThisFunctionDoesNotHandleIsRejectedWithAHint() throws IOException {
        var launchOnly = new EventReader("111122223333", "eu-west-1", EnumSet.of(InstanceState.RUNNING));

        var verdict = launchOnly.read(Files.readString(EVENTS.resolve("instance-terminated.json")));

        assertThat(verdict).isInstanceOfSatisfying(EventVerdict.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo("state-not-handled");
            assertThat(r.message()).contains("EventBridge rule");
        });
    }

    static Stream<String> malformed() throws IOException {
        try (var files = Files.list(EVENTS.resolve("malformed"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void corpusHoldsAtLeastThirtyMalformedEvents() throws IOException {
        assertThat(malformed().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedEventIsRejectedWithAReasonAndAMessage(String file) throws IOException {
        var verdict = read("malformed/" + file);

        assertThat(verdict).isInstanceOfSatisfying(EventVerdict.Rejected.class, r -> {
            assertThat(r.reason()).isNotBlank().matches("[a-z-]+");
            assertThat(r.message()).isNotBlank();
        });
    }

    @Test
    void rejectionReasonsAreSpecific() throws IOException {
        var reasons = List.of("06-wrong-source.json", "11-other-account.json", "13-other-region.json",
                "19-malformed-instance-id.json", "24-unknown-state.json", "29-trail-failed-call.json").stream()
                .map(f -> {
                    try {
                        return ((EventVerdict.Rejected) read("malformed/" + f)).reason();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }).toList();

        assertThat(reasons).containsExactly("wrong-source", "other-account", "other-region", "bad-instance-id",
                "bad-state", "call-failed");
    }

    @Test
    void ambiguousOrUntypedEventsAreRefusedWithTheirOwnReasons() throws IOException {
        assertThat(reason("35-duplicate-key.json")).isEqualTo("duplicate-key");
        assertThat(reason("36-no-id.json")).isEqualTo("no-id");
        assertThat(reason("37-account-is-number.json")).isEqualTo("wrong-type");
        assertThat(reason("38-account-not-12-digits.json")).isEqualTo("bad-account");
        assertThat(reason("40-id-is-number.json")).isEqualTo("wrong-type");
    }

    @Test
    void aHugeValueIsEchoedCutShortAndTheExpectedFormatIsNamed() throws IOException {
        var rejected = (EventVerdict.Rejected) read("malformed/39-huge-instance-id.json");

        assertThat(rejected.reason()).isEqualTo("bad-instance-id");
        assertThat(rejected.message()).hasSizeLessThan(300).contains("5002 characters").contains("8 or 17 lower-case hex digits");
    }

    @Test
    void trailingDataAndResourcesOfAnotherAccountOrRegionAreRefused() throws IOException {
        assertThat(reason("41-trailing-data.json")).isEqualTo("trailing-data");
        assertThat(reason("42-resource-other-region.json")).isEqualTo("other-resource");
        assertThat(reason("43-resource-other-account.json")).isEqualTo("other-resource");
        assertThat(reason("45-full-width-digit.json")).isEqualTo("bad-instance-id");
    }

    @Test
    void controlCharactersInAValueAreEchoedEscapedSoTheMessageStaysOneLine() throws IOException {
        var rejected = (EventVerdict.Rejected) read("malformed/44-control-characters.json");

        assertThat(rejected.reason()).isEqualTo("bad-instance-id");
        assertThat(rejected.message()).contains("\\u001b[2J\\u202e").doesNotContain("\u001b").doesNotContain("\u202e");
    }

    private String reason(String file) throws IOException {
        return ((EventVerdict.Rejected) read("malformed/" + file)).reason();
    }
}
