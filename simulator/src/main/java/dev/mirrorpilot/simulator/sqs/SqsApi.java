package dev.mirrorpilot.simulator.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.AwsError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Amazon SQS standard queues over the AWS JSON 1.0 protocol (target prefix {@code AmazonSQS.}, as
 * SDK 2.21+ speaks it): SendMessage, ReceiveMessage (MaxNumberOfMessages 1..10, a received message
 * stays invisible for its VisibilityTimeout, default 30 s), ChangeMessageVisibility and DeleteMessage by receipt handle,
 * GetQueueUrl. MD5OfBody and MD5OfMessageAttributes are computed as SQS documents them (the SDK
 * checks both). Queues are created by the test or the demo ({@link #createQueue}).
 */
public final class SqsApi {
    public static final String TARGET_PREFIX = "AmazonSQS.";
    private final ObjectMapper json = new ObjectMapper();
    private final String accountId;
    private final String region;
    private final LongSupplier clockMillis;
    private final Map<String, List<Message>> queues = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> queueTags = new LinkedHashMap<>();

    /** One message and who holds it: {@code invisibleUntil} in clock millis, and the receipt handle of the last receive. */
    private static final class Message {
        final String id = UUID.randomUUID().toString();
        final String body;
        final Map<String, String> attributes;
        /** System attributes SQS sets, such as DeadLetterQueueSourceArn on a message it moved to a dead-letter queue. */
        Map<String, String> system = Map.of();
        long invisibleUntil;
        String receiptHandle = "";
        int receives;

        Message(String body, Map<String, String> attributes) {
            this.body = body;
            this.attributes = Map.copyOf(attributes);
        }
    }

    public SqsApi(String accountId, String region, LongSupplier clockMillis) {
        this.accountId = accountId;
        this.region = region;
        this.clockMillis = clockMillis;
    }

    /** Creates an empty queue (or finds it) and returns its URL. */
    public synchronized String createQueue(String name) {
        queues.computeIfAbsent(name, n -> new ArrayList<>());
        return url(name);
    }

    /** As {@link #createQueue(String)}, with the tags CloudFormation puts on a queue it creates. */
    public synchronized String createQueue(String name, Map<String, String> tags) {
        queueTags.put(name, Map.copyOf(tags));
        return createQueue(name);
    }

    /** The queue's ARN. */
    public String arn(String name) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }

    /** A message SQS moved here from {@code sourceQueue} after too many receives (redrive): the body as sent, the source named. */
    public synchronized void redriven(String queueName, String body, String sourceQueue) {
        var message = new Message(body, Map.of());
        message.system = Map.of("DeadLetterQueueSourceArn", arn(sourceQueue));
        queueNamed(queueName).add(message);
    }

    /** The bodies waiting in a queue, oldest first. */
    public synchronized List<String> bodies(String queueName) {
        return queueNamed(queueName).stream().map(m -> m.body).toList();
    }

    /** Adds a message with string attributes, as EventBridge or Lambda would deliver it. */
    public synchronized void send(String queueName, String body, Map<String, String> attributes) {
        queueNamed(queueName).add(new Message(body, attributes));
    }

    /** Messages in the queue, visible or not. */
    public synchronized int depth(String queueName) {
        return queueNamed(queueName).size();
    }

    public synchronized void reset() {
        queues.clear();
        queueTags.clear();
    }

    private String url(String name) {
        return "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + name;
    }

    private List<Message> queueNamed(String name) {
        var queue = queues.get(name);
        if (queue == null) {
            throw new AwsError(400, "QueueDoesNotExist", "The specified queue does not exist.");
        }
        return queue;
    }

    private List<Message> queueAt(JsonNode request) {
        var url = request.path("QueueUrl").asText("");
        var name = url.substring(url.lastIndexOf('/') + 1);
        if (url.isEmpty() || !url.startsWith(url(name).substring(0, url(name).length() - name.length()))) {
            throw new AwsError(400, "QueueDoesNotExist", "The specified queue does not exist.");
        }
        return queueNamed(name);
    }

    public synchronized ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "GetQueueUrl" -> {
                queueNamed(request.path("QueueName").asText(""));
                yield json.createObjectNode().put("QueueUrl", url(request.path("QueueName").asText()));
            }
            case "SendMessage" -> sendMessage(request);
            case "ReceiveMessage" -> receiveMessage(request);
            case "DeleteMessage" -> deleteMessage(request);
            case "ChangeMessageVisibility" -> changeVisibility(request);
            case "ListQueueTags" -> {
                var name = request.path("QueueUrl").asText("");
                queueAt(request);
                var reply = json.createObjectNode();
                var tags = reply.putObject("Tags");
                queueTags.getOrDefault(name.substring(name.lastIndexOf('/') + 1), Map.of()).forEach(tags::put);
                yield reply;
            }
            default -> throw new AwsError(400, "UnsupportedOperation", "The simulator does not serve SQS " + operation);
        };
    }

    private ObjectNode sendMessage(JsonNode request) {
        var queue = queueAt(request);
        var attributes = new TreeMap<String, String>();
        request.path("MessageAttributes").fields().forEachRemaining(e -> attributes.put(e.getKey(),
                e.getValue().path("StringValue").asText()));
        var message = new Message(request.path("MessageBody").asText(""), attributes);
        queue.add(message);
        var reply = json.createObjectNode().put("MessageId", message.id).put("MD5OfMessageBody", md5(message.body));
        if (!attributes.isEmpty()) {
            reply.put("MD5OfMessageAttributes", md5OfAttributes(attributes));
        }
        return reply;
    }

    private ObjectNode receiveMessage(JsonNode request) {
        var queue = queueAt(request);
        int max = request.path("MaxNumberOfMessages").asInt(1);
        if (max < 1 || max > 10) {
            throw new AwsError(400, "InvalidParameterValue",
                    "Value " + max + " for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.");
        }
        int visibility = request.path("VisibilityTimeout").asInt(30);
        long now = clockMillis.getAsLong();
        var reply = json.createObjectNode();
        var messages = reply.putArray("Messages");
        for (var message : queue) {
            if (messages.size() == max) {
                break;
            }
            if (message.invisibleUntil > now) {
                continue;
            }
            message.invisibleUntil = now + visibility * 1000L;
            message.receiptHandle = UUID.randomUUID().toString();
            message.receives++;
            var out = messages.addObject().put("MessageId", message.id).put("ReceiptHandle", message.receiptHandle)
                    .put("MD5OfBody", md5(message.body)).put("Body", message.body);
            var system = out.putObject("Attributes").put("ApproximateReceiveCount", Integer.toString(message.receives));
            message.system.forEach(system::put);
            if (!message.attributes.isEmpty()) {
                var attributes = out.putObject("MessageAttributes");
                new TreeMap<>(message.attributes).forEach((k, v) -> attributes.putObject(k).put("StringValue", v).put("DataType", "String"));
                out.put("MD5OfMessageAttributes", md5OfAttributes(message.attributes));
            }
        }
        if (messages.isEmpty()) {
            reply.remove("Messages");
        }
        return reply;
    }

    /** A message received and not deleted: its receipt handle sets when it is seen again (0: now). */
    private ObjectNode changeVisibility(JsonNode request) {
        var queue = queueAt(request);
        var handle = request.path("ReceiptHandle").asText("");
        var message = queue.stream().filter(m -> !m.receiptHandle.isEmpty() && m.receiptHandle.equals(handle)).findFirst()
                .orElseThrow(() -> new AwsError(400, "ReceiptHandleIsInvalid",
                        "The input receipt handle \"" + handle + "\" is not a valid receipt handle."));
        int seconds = request.path("VisibilityTimeout").asInt(-1);
        if (seconds < 0 || seconds > 43_200) {
            throw new AwsError(400, "InvalidParameterValue", "Value " + seconds
                    + " for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and 43200.");
        }
        message.invisibleUntil = clockMillis.getAsLong() + seconds * 1000L;
        return json.createObjectNode();
    }

    private ObjectNode deleteMessage(JsonNode request) {
        var queue = queueAt(request);
        var handle = request.path("ReceiptHandle").asText("");
        if (!queue.removeIf(m -> !m.receiptHandle.isEmpty() && m.receiptHandle.equals(handle))) {
            throw new AwsError(400, "ReceiptHandleIsInvalid", "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
        }
        return json.createObjectNode();
    }

    private static String md5(String text) {
        return md5(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SQS's digest of string attributes: by name, each name, type, transport byte 1 and value, length-prefixed. */
    private static String md5OfAttributes(Map<String, String> attributes) {
        var out = new ByteArrayOutputStream();
        new TreeMap<>(attributes).forEach((name, value) -> {
            lengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
            lengthPrefixed(out, "String".getBytes(StandardCharsets.UTF_8));
            out.write(1);
            lengthPrefixed(out, value.getBytes(StandardCharsets.UTF_8));
        });
        return md5(out.toByteArray());
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
