package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.brain.LogBatches;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Writes a poll's events to the Brain's stream in its log group, and reads the stream's last event
 * (the previous run's snapshot). The group (with its retention) and the stream are created on
 * first use; one already made by a concurrent run is fine. Throttling is retried by the SDK.
 */
final class HealthLogWriter {
    private final CloudWatchLogsClient logs;
    private final String group;
    private final int retentionDays;

    HealthLogWriter(CloudWatchLogsClient logs, String group, int retentionDays) {
        this.logs = logs;
        this.group = group;
        this.retentionDays = retentionDays;
    }

    /** A stream name from the Brain's host: CloudWatch Logs refuses ':' and '*'. */
    static String streamOf(String brainHost) {
        return brainHost.replaceAll("[:*]", "_");
    }

    Optional<String> lastMessage(String stream) {
        try {
            var events = logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(false).limit(1)).events();
            return events.isEmpty() ? Optional.empty() : Optional.of(events.get(events.size() - 1).message());
        } catch (ResourceNotFoundException e) {
            return Optional.empty(); // the first run
        }
    }

    /** @return PutLogEvents calls made */
    int write(String stream, List<String> messages, long timestampMillis) {
        int calls = 0;
        for (var batch : LogBatches.of(messages)) {
            var events = batch.stream().map(m -> InputLogEvent.builder().timestamp(timestampMillis).message(m).build()).toList();
            try {
                logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
            } catch (ResourceNotFoundException e) {
                create(stream);
                logs.putLogEvents(b -> b.logGroupName(group).logStreamName(stream).logEvents(events));
                calls++;
            }
            calls++;
        }
        return calls;
    }

    private void create(String stream) {
        try {
            logs.createLogGroup(b -> b.logGroupName(group));
            logs.putRetentionPolicy(b -> b.logGroupName(group).retentionInDays(retentionDays));
        } catch (ResourceAlreadyExistsException e) {
            // made by the stack or a concurrent run
        }
        try {
            logs.createLogStream(b -> b.logGroupName(group).logStreamName(stream));
        } catch (ResourceAlreadyExistsException e) {
            // a concurrent run made it
        }
    }
}
