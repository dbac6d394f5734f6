package dev.mirrorpilot.cli.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One message of MirrorPilot's dead-letter queue, read as one of the two shapes the stack sends
 * there: an EventBridge rule target that failed (the event as the body; the function in the
 * {@code TARGET_ARN} attribute, the failure in {@code ERROR_CODE} and {@code ERROR_MESSAGE}), or a
 * Lambda on-failure invocation record (JSON with {@code requestContext.functionArn} and the event in
 * {@code requestPayload}). Anything else, or a target that is not a Lambda function, is unreadable:
 * kept in the queue, never guessed at.
 */
public sealed interface DeadLetter permits DeadLetter.Replayable, DeadLetter.Requeue, DeadLetter.Unreadable {
    Pattern FUNCTION_ARN = Pattern.compile("arn:aws[a-z-]*:lambda:[a-z0-9-]+:(\\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?");
    Pattern QUEUE_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\\d{12}):([A-Za-z0-9_-]{1,80})");

    String messageId();

    String receiptHandle();

    /** Which of the two shapes a message had. */
    enum Source {
        EVENTBRIDGE_TARGET("EventBridge target failure"),
        LAMBDA_ON_FAILURE("Lambda on-failure record"),
        QUEUE_REDRIVE("SQS redrive from a queue");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A message that names its function and carries the event to send it again. */
    record Replayable(String messageId, String receiptHandle, Source source, String functionArn, String payload,
                      String failure) implements DeadLetter {
        /** The account of the function the event was meant for. */
        public String account() {
            var matcher = FUNCTION_ARN.matcher(functionArn);
            return matcher.matches() ? matcher.group(1) : "";
        }
    }

    /**
     * A message meant for a queue (the tamper-watch queue): an EventBridge target failure whose
     * {@code TARGET_ARN} is that queue, or a message SQS moved here after too many receives there
     * ({@code DeadLetterQueueSourceArn}). Replayed by sending the body to that queue again.
     */
    record Requeue(String messageId, String receiptHandle, Source source, String queueArn, String body) implements DeadLetter {
        public String account() {
            var matcher = QUEUE_ARN.matcher(queueArn);
            return matcher.matches() ? matcher.group(2) : "";
        }

        public String region() {
            var matcher = QUEUE_ARN.matcher(queueArn);
            return matcher.matches() ? matcher.group(1) : "";
        }

        public String queueName() {
            var matcher = QUEUE_ARN.matcher(queueArn);
            return matcher.matches() ? matcher.group(3) : "";
        }
    }

    /** A message MirrorPilot cannot replay, and why. */
    record Unreadable(String messageId, String receiptHandle, String why) implements DeadLetter {
    }

    /** Reads a message's body and string attributes; never throws. */
    static DeadLetter read(String messageId, String receiptHandle, String body, Map<String, String> attributes) {
        return read(messageId, receiptHandle, body, attributes, Map.of());
    }

    /** As {@link #read(String, String, String, Map)}, with the message's system attributes (DeadLetterQueueSourceArn). */
    static DeadLetter read(String messageId, String receiptHandle, String body, Map<String, String> attributes,
                           Map<String, String> system) {
        var strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        var target = attributes.get("TARGET_ARN");
        if (target != null && QUEUE_ARN.matcher(target).matches()) {
            return new Requeue(messageId, receiptHandle, Source.EVENTBRIDGE_TARGET, target, body);
        }
        var redrivenFrom = system.get("DeadLetterQueueSourceArn");
        if (target == null && redrivenFrom != null) {
            return QUEUE_ARN.matcher(redrivenFrom).matches()
                    ? new Requeue(messageId, receiptHandle, Source.QUEUE_REDRIVE, redrivenFrom, body)
                    : new Unreadable(messageId, receiptHandle, "moved here from " + cut(redrivenFrom) + ", which is not a queue ARN");
        }
        if (target != null) {
            if (!FUNCTION_ARN.matcher(target).matches()) {
                return new Unreadable(messageId, receiptHandle, "its target " + cut(target)
                        + " is not a Lambda function; replay it by hand");
            }
            var failure = attributes.getOrDefault("ERROR_CODE", "unknown error") + ": " + attributes.getOrDefault("ERROR_MESSAGE", "");
            return new Replayable(messageId, receiptHandle, Source.EVENTBRIDGE_TARGET, target, body, cut(failure));
        }
        JsonNode record;
        try {
            record = strict.readTree(body);
        } catch (JsonProcessingException e) {
            return new Unreadable(messageId, receiptHandle, "neither an EventBridge target failure (no TARGET_ARN attribute) nor "
                    + "JSON: " + cut(e.getOriginalMessage()));
        }
        var functionArn = record == null ? null : record.path("requestContext").path("functionArn");
        var payload = record == null ? null : record.get("requestPayload");
        if (functionArn == null || !functionArn.isTextual() || payload == null || payload.isNull()) {
            return new Unreadable(messageId, receiptHandle, "neither an EventBridge target failure (no TARGET_ARN attribute) nor a "
                    + "Lambda invocation record (requestContext.functionArn and requestPayload)");
        }
        if (!FUNCTION_ARN.matcher(functionArn.asText()).matches()) {
            return new Unreadable(messageId, receiptHandle, "requestContext.functionArn " + cut(functionArn.asText())
                    + " is not a Lambda function ARN");
        }
        var failure = record.path("requestContext").path("condition").asText("unknown condition")
                + (record.path("responsePayload").path("errorMessage").isTextual()
                ? ": " + record.path("responsePayload").path("errorMessage").asText() : "");
        return new Replayable(messageId, receiptHandle, Source.LAMBDA_ON_FAILURE, functionArn.asText(), payload.toString(),
                cut(failure));
    }

    /** Echoed values are cut to 100 characters. */
    static String cut(String value) {
        var text = String.valueOf(value);
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
