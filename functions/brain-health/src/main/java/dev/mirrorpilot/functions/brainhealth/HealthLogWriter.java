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
        // GetLogEvents may answer an empty page with a token to go on (CloudWatch Logs API reference): follow the
        // backward tokens until the newest snapshot shows up, the token stops moving, or 20 pages were read.
        try {
            String token = null;
            for (int page = 0; page < 20; page++) {
                var from = token;
                var answer = logs.getLogEvents(b -> b.logGroupName(group).logStreamName(stream).startFromHead(false).limit(25)
                        .nextToken(from));
                var events = answer.events();
                for (int i = events.size() - 1; i >= 0; i--) {
                    if (events.get(i).message().contains("\"type\":\"snapshot\"")) {
                        return Optional.of(events.get(i).message());
                    }
                }
                if (answer.nextBackwardToken() == null || answer.nextBackwardToken().equals(token)) {
                    return Optional.empty();
                }
                token = answer.nextBackwardToken();
            }
            return Optional.empty();
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
