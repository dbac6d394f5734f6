package dev.mirrorpilot.simulator.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * CloudWatch Logs (JSON 1.1, target prefix {@code Logs_20140328}): log groups and streams, and
 * PutLogEvents with the AWS batch rules: at most 10,000 events and 1,048,576 bytes (message bytes
 * plus 26 per event), chronological order, a span of at most 24 hours; events more than 2 hours
 * ahead, older than 14 days or past the group's retention are rejected and reported, the rest kept.
 */
public final class LogsApi {
    static final int MAX_EVENTS = 10_000;
    static final int MAX_BATCH_BYTES = 1_048_576;
    static final int EVENT_OVERHEAD = 26;
    static final int MAX_EVENT_BYTES = 1_048_576 - EVENT_OVERHEAD;
    static final long HOUR = 3_600_000L;
    static final long DAY = 24 * HOUR;
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
            1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private record Event(long timestamp, String message, long ingestionTime) {
    }

    private static final class Stream {
        final long creationTime;
        final List<Event> events = new ArrayList<>();
        long sequence;

        Stream(long creationTime) {
            this.creationTime = creationTime;
        }
    }

    private static final class Group {
        final long creationTime;
        Integer retentionDays;
        final Map<String, Stream> streams = new TreeMap<>();

        Group(long creationTime) {
            this.creationTime = creationTime;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Group> groups = new TreeMap<>();
    private final LongSupplier clock;
    private final String accountId;
    private final String region;

    public LogsApi(String accountId, String region, LongSupplier clockMillis) {
        this.accountId = accountId;
        this.region = region;
        this.clock = clockMillis;
    }

    /** The messages of a stream, oldest first; empty when the group or stream does not exist. */
    public synchronized List<String> messages(String group, String stream) {
        var g = groups.get(group);
        var st = g == null ? null : g.streams.get(stream);
        return st == null ? List.of() : st.events.stream().map(Event::message).toList();
    }

    /** The retention set on a group, if any. */
    public synchronized java.util.Optional<Integer> retentionDays(String group) {
        var g = groups.get(group);
        return g == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(g.retentionDays);
    }

    public synchronized void reset() {
        groups.clear();
    }

    /** Answers {@code operation} (the part after {@code Logs_20140328.}) with a JSON body. */
    public synchronized JsonNode handle(String operation, JsonNode body) {
        return switch (operation) {
            case "CreateLogGroup" -> createLogGroup(body);
            case "CreateLogStream" -> createLogStream(body);
            case "DescribeLogStreams" -> describeLogStreams(body);
            case "PutLogEvents" -> putLogEvents(body);
            case "PutRetentionPolicy" -> putRetentionPolicy(body);
            case "GetLogEvents" -> getLogEvents(body);
            default -> throw AwsError.badRequest("UnknownOperationException", "Unknown operation " + operation);
        };
    }

    private static String required(JsonNode body, String field) {
        var value = body.path(field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid("1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
        }
        return value.asText();
    }

    private static AwsError invalid(String message) {
        return AwsError.badRequest("InvalidParameterException", message);
    }

    private Group group(String name) {
        var group = groups.get(name);
        if (group == null) {
            throw AwsError.badRequest("ResourceNotFoundException", "The specified log group does not exist.");
        }
        return group;
    }

    private Stream stream(Group group, String name) {
        var stream = group.streams.get(name);
        if (stream == null) {
            throw AwsError.badRequest("ResourceNotFoundException", "The specified log stream does not exist.");
        }
        return stream;
    }

    private JsonNode createLogGroup(JsonNode body) {
        var name = required(body, "logGroupName");
        if (!name.matches("[.\\-_/#A-Za-z0-9]{1,512}")) {
            throw invalid("Log group name '" + name + "' is invalid: 1-512 characters of [.-_/#A-Za-z0-9]");
        }
        if (groups.containsKey(name)) {
            throw AwsError.badRequest("ResourceAlreadyExistsException", "The specified log group already exists");
        }
        groups.put(name, new Group(clock.getAsLong()));
        return json.createObjectNode();
    }

    private JsonNode createLogStream(JsonNode body) {
        var group = group(required(body, "logGroupName"));
        var name = required(body, "logStreamName");
        if (name.contains(":") || name.contains("*") || name.length() > 512) {
            throw invalid("Log stream name '" + name + "' is invalid: no ':' or '*', at most 512 characters");
        }
        if (group.streams.containsKey(name)) {
            throw AwsError.badRequest("ResourceAlreadyExistsException", "The specified log stream already exists");
        }
        group.streams.put(name, new Stream(clock.getAsLong()));
        return json.createObjectNode();
    }

    private JsonNode describeLogStreams(JsonNode body) {
        var groupName = required(body, "logGroupName");
        var group = group(groupName);
        var prefix = body.path("logStreamNamePrefix").asText("");
        int limit = body.path("limit").asInt(50);
        if (limit < 1 || limit > 50) {
            throw invalid("limit must be between 1 and 50");
        }
        int offset = body.hasNonNull("nextToken") ? Integer.parseInt(body.get("nextToken").asText()) : 0;
        var names = group.streams.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        var result = json.createObjectNode();
        var list = result.putArray("logStreams");
        int end = Math.min(names.size(), offset + limit);
        for (var name : names.subList(Math.min(offset, names.size()), end)) {
            var s = group.streams.get(name);
            var node = list.addObject();
            node.put("logStreamName", name);
            node.put("creationTime", s.creationTime);
            if (!s.events.isEmpty()) {
                node.put("firstEventTimestamp", s.events.get(0).timestamp());
                node.put("lastEventTimestamp", s.events.get(s.events.size() - 1).timestamp());
                node.put("lastIngestionTime", s.events.get(s.events.size() - 1).ingestionTime());
            }
            node.put("uploadSequenceToken", Long.toString(s.sequence));
            node.put("arn", "arn:aws:logs:" + region + ":" + accountId + ":log-group:" + groupName + ":log-stream:" + name);
            node.put("storedBytes", 0);
        }
        if (end < names.size()) {
            result.put("nextToken", Integer.toString(end));
        }
        return result;
    }

    private JsonNode putLogEvents(JsonNode body) {
        var group = group(required(body, "logGroupName"));
        var stream = stream(group, required(body, "logStreamName"));
        var events = body.path("logEvents");
        if (!events.isArray() || events.isEmpty()) {
            throw invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1");
        }
        if (events.size() > MAX_EVENTS) {
            throw invalid("1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to 10000");
        }
        long bytes = 0;
        long previous = Long.MIN_VALUE;
        for (var event : events) {
            var message = event.path("message").asText(null);
            if (message == null || !event.path("timestamp").canConvertToLong()) {
                throw invalid("Each log event needs a timestamp and a message");
            }
            int size = message.getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_EVENT_BYTES) {
                throw invalid("Log event too large: " + size + " bytes; the maximum is " + MAX_EVENT_BYTES);
            }
            bytes += size + EVENT_OVERHEAD;
            long timestamp = event.get("timestamp").asLong();
            if (timestamp < previous) {
                throw invalid("Log events in a single PutLogEvents request must be in chronological order.");
            }
            previous = timestamp;
        }
        if (bytes > MAX_BATCH_BYTES) {
            throw invalid("Upload too large: " + bytes + " bytes exceeds " + MAX_BATCH_BYTES + " bytes");
        }
        long first = events.get(0).get("timestamp").asLong();
        if (previous - first > DAY) {
            throw invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
        long now = clock.getAsLong();
        int tooNewStart = -1;
        int tooOldEnd = -1;
        int expiredEnd = -1;
        for (int i = 0; i < events.size(); i++) {
            long timestamp = events.get(i).get("timestamp").asLong();
            if (timestamp > now + 2 * HOUR) {
                if (tooNewStart < 0) {
                    tooNewStart = i;
                }
            } else if (timestamp < now - 14 * DAY) {
                tooOldEnd = i;
            } else if (group.retentionDays != null && timestamp < now - group.retentionDays * DAY) {
                expiredEnd = i;
            } else {
                stream.events.add(new Event(timestamp, events.get(i).get("message").asText(), now));
            }
        }
        stream.sequence++;
        var result = json.createObjectNode();
        result.put("nextSequenceToken", Long.toString(stream.sequence));
        if (tooNewStart >= 0 || tooOldEnd >= 0 || expiredEnd >= 0) {
            var info = result.putObject("rejectedLogEventsInfo");
            if (tooNewStart >= 0) {
                info.put("tooNewLogEventStartIndex", tooNewStart);
            }
            if (tooOldEnd >= 0) {
                info.put("tooOldLogEventEndIndex", tooOldEnd);
            }
            if (expiredEnd >= 0) {
                info.put("expiredLogEventEndIndex", expiredEnd);
            }
        }
        return result;
    }

    private JsonNode putRetentionPolicy(JsonNode body) {
        var group = group(required(body, "logGroupName"));
        int days = body.path("retentionInDays").asInt(-1);
        if (!RETENTION_DAYS.contains(days)) {
            throw invalid("1 validation error detected: Value '" + days + "' at 'retentionInDays' failed to satisfy constraint: "
                    + "Member must satisfy enum value set: " + RETENTION_DAYS.stream().sorted().toList());
        }
        group.retentionDays = days;
        return json.createObjectNode();
    }

    /** Fault: the next {@code pages} GetLogEvents calls without a token answer an empty page with a token to go on. */
    public void emptyPagesFirst(int pages) {
        emptyPages.set(pages);
    }

    private final java.util.concurrent.atomic.AtomicInteger emptyPages = new java.util.concurrent.atomic.AtomicInteger();

    private JsonNode getLogEvents(JsonNode body) {
        var stream = stream(group(required(body, "logGroupName")), required(body, "logStreamName"));
        if (!body.hasNonNull("nextToken") && emptyPages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            // The API reference allows an empty page mid-stream; its backward token goes on from the stream's end.
            ObjectNode empty = json.createObjectNode();
            empty.putArray("events");
            empty.put("nextForwardToken", "f/" + stream.events.size());
            empty.put("nextBackwardToken", "b/" + stream.events.size());
            return empty;
        }
        int limit = body.path("limit").asInt(MAX_EVENTS);
        long start = body.path("startTime").asLong(Long.MIN_VALUE);
        long end = body.path("endTime").asLong(Long.MAX_VALUE);
        var window = stream.events.stream().filter(e -> e.timestamp() >= start && e.timestamp() < end).toList();
        int from;
        if (body.hasNonNull("nextToken")) {
            var token = body.get("nextToken").asText();
            int index = Integer.parseInt(token.substring(2));
            from = token.startsWith("f/") ? index : Math.max(0, index - limit);
        } else {
            from = body.path("startFromHead").asBoolean(false) ? 0 : Math.max(0, window.size() - limit);
        }
        from = Math.min(from, window.size());
        int to = Math.min(window.size(), from + limit);
        ObjectNode result = json.createObjectNode();
        var list = result.putArray("events");
        for (var e : window.subList(from, to)) {
            var node = list.addObject();
            node.put("timestamp", e.timestamp());
            node.put("message", e.message());
            node.put("ingestionTime", e.ingestionTime());
        }
        result.put("nextForwardToken", "f/" + to);
        result.put("nextBackwardToken", "b/" + from);
        return result;
    }
}
