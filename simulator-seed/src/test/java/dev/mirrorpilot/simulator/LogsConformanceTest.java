package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/** CloudWatch Logs through the real SDK client: exception classes, PutLogEvents rules, paging. */
class LogsConformanceTest {
    static Simulator simulator;
    static CloudWatchLogsClient logs;
    static final String GROUP = "/mirrorpilot/brain-health";

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(Ec2ConformanceTest.SAMPLE);
        logs = Clients.logs(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        logs.close();
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        logs.createLogGroup(b -> b.logGroupName(GROUP));
        logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("brain-1"));
    }

    private static InputLogEvent event(long timestamp, String message) {
        return InputLogEvent.builder().timestamp(timestamp).message(message).build();
    }

    @Test
    void groupsAndStreamsExistOnceAndMissingOnesAreResourceNotFound() {
        assertThatThrownBy(() -> logs.createLogGroup(b -> b.logGroupName(GROUP))).isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName("brain-1")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName("/nope").logStreamName("x")
                .logEvents(event(System.currentTimeMillis(), "m")))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("nope")
                .logEvents(event(System.currentTimeMillis(), "m")))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void eventsArriveInOrderAndComeBackWithGetLogEvents() {
        long now = System.currentTimeMillis();
        logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")
                .logEvents(event(now - 2000, "{\"cpu\":1}"), event(now - 1000, "{\"cpu\":2}")));

        var events = logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1").startFromHead(true)).events();

        assertThat(events).extracting(OutputLogEvent::message).containsExactly("{\"cpu\":1}", "{\"cpu\":2}");
    }

    @Test
    void outOfOrderBatchIsRefusedWhole() {
        long now = System.currentTimeMillis();

        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")
                .logEvents(event(now, "b"), event(now - 1000, "a"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("chronological");
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")).events()).isEmpty();
    }

    @Test
    void batchLimitsAreEnforced() {
        long now = System.currentTimeMillis();
        var tooMany = new ArrayList<InputLogEvent>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(event(now, "x"));
        }
        var tooBig = new ArrayList<InputLogEvent>();
        for (int i = 0; i < 5; i++) {
            tooBig.add(event(now, "x".repeat(250_000)));
        }

        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1").logEvents(tooMany)))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1").logEvents(tooBig)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")
                .logEvents(event(now - 25 * 3_600_000L, "a"), event(now, "b"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("24 hours");
    }

    @Test
    void eventsOutsideTheTimeWindowAreRejectedAndReportedTheRestKept() {
        long now = System.currentTimeMillis();
        long hour = 3_600_000L;
        var old = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1").logEvents(
                event(now - 15 * 24 * hour, "too old"), event(now - 15 * 24 * hour + hour, "too old too")));
        var mixed = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1").logEvents(
                event(now - hour, "fine"), event(now + 3 * hour, "too new")));

        assertThat(old.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isEqualTo(1);
        assertThat(mixed.rejectedLogEventsInfo().tooNewLogEventStartIndex()).isEqualTo(1);
        assertThat(mixed.rejectedLogEventsInfo().tooOldLogEventEndIndex()).isNull();
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")).events())
                .extracting(OutputLogEvent::message).containsExactly("fine");
    }

    @Test
    void retentionMustBeAnAllowedValueAndExpiresOlderEvents() {
        assertThatThrownBy(() -> logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(2)))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("retentionInDays");

        logs.putRetentionPolicy(b -> b.logGroupName(GROUP).retentionInDays(1));
        long now = System.currentTimeMillis();
        var response = logs.putLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")
                .logEvents(event(now - 25 * 3_600_000L, "expired"), event(now - 2 * 3_600_000L, "kept")));

        assertThat(response.rejectedLogEventsInfo().expiredLogEventEndIndex()).isZero();
        assertThat(logs.getLogEvents(b -> b.logGroupName(GROUP).logStreamName("brain-1")).events())
                .extracting(OutputLogEvent::message).containsExactly("kept");
    }

    @Test
    void describeLogStreamsPaginates() {
        for (int i = 2; i <= 7; i++) {
            var name = "brain-" + i;
            logs.createLogStream(b -> b.logGroupName(GROUP).logStreamName(name));
        }

        List<LogStream> streams = logs.describeLogStreamsPaginator(b -> b.logGroupName(GROUP).limit(2)).logStreams()
                .stream().toList();

        assertThat(streams).hasSize(7).extracting(LogStream::logStreamName).startsWith("brain-1", "brain-2");
    }
}
