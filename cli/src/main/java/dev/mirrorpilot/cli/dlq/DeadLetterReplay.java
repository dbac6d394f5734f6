package dev.mirrorpilot.cli.dlq;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.events.EventEnvelope;
import dev.mirrorpilot.events.EventReader;
import dev.mirrorpilot.events.StrictJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Replays MirrorPilot's dead-letter queue: each message is read ({@link DeadLetter}), sent again,
 * synchronously, to the function it was meant for, and deleted only once that function has handled
 * it (no function error, and not refused as malformed). Nothing is taken from the message's say-so:
 * the function must be one of the stack's own event functions (its {@code aws:cloudformation}
 * tags name the stack given and an event function's logical id), and the payload must be the event
 * that function takes, from this account and region; anything else is refused, never invoked (a
 * writer to the queue cannot borrow the operator's {@code lambda:InvokeFunction}). A message that
 * cannot be replayed (unreadable, refused, a function that fails again, an AWS error) stays in the
 * queue and is reported with why. Each invocation may take the function's own timeout; the queue is
 * read with long polling until a receive finds nothing new. A dry run reads and reports, and invokes and deletes nothing.
 * Every message read and not deleted is made visible again when the run ends, so the next run (after
 * a dry run, or after fixing the cause) sees it at once; not before, or the run would read it twice.
 * An AWS that cannot be reached at all stops the run (every other message would fail the same way).
 */
public final class DeadLetterReplay {
    /** A replay takes one message at a time, hidden from other readers while its function runs (up to 2 minutes). */
    static final int REPLAY_VISIBILITY_SECONDS = 300;
    /** A dry run hides what it read while it reads on (released at its end). */
    static final int DRY_RUN_VISIBILITY_SECONDS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Seconds a receive waits for a message (long polling): an empty answer then means an empty queue. */
    static final int WAIT_SECONDS = 10;
    /** The stack's functions whose events have a dead-letter queue, and the events each takes. */
    static final Map<String, Map<String, Set<String>>> EVENT_FUNCTIONS = Map.of(
            "AttachOnLaunchFunction", Map.of("aws.ec2", Set.of(EventReader.STATE_CHANGE, EventReader.CLOUDTRAIL_CALL),
                    "aws.autoscaling", Set.of(EventReader.LAUNCH_LIFECYCLE)),
            "DetachOnTerminateFunction", Map.of("aws.ec2", Set.of(EventReader.STATE_CHANGE, EventReader.CLOUDTRAIL_CALL)),
            "RebalanceFunction", Map.of("mirrorpilot", Set.of("MirrorPilot Target Near Limit"), "aws.events", Set.of("Scheduled Event")));

    /** The stack's queue of change events for tamper-watch: its dead letters go back there. */
    static final String TAMPER_QUEUE = "TamperQueue";

    /** What happened to one message. */
    public enum Verdict { REPLAYED, WOULD_REPLAY, KEPT, REFUSED }

    /** What the function a message names is, read from Lambda (never from the message). */
    private record Function(Optional<String> refusal, String logicalId, int timeoutSeconds) {
    }

    /** One message's outcome, with the function it was meant for when known. */
    public record Outcome(String messageId, Verdict verdict, String functionArn, String source, String detail) {
    }

    private final SqsClient sqs;
    private final LambdaClient lambda;
    private final String queueUrl;
    private final String account;
    private final String stack;
    private final Map<String, Function> functions = new HashMap<>();

    /**
     * {@code account}: the caller's (STS); events for another account's functions are never sent there.
     * {@code stack}: the MirrorPilot stack whose event functions may be invoked.
     */
    public DeadLetterReplay(SqsClient sqs, LambdaClient lambda, String queueUrl, String account, String stack) {
        this.sqs = sqs;
        this.lambda = lambda;
        this.queueUrl = queueUrl;
        this.account = account;
        this.stack = stack;
    }

    public List<Outcome> run(boolean dryRun, int max, Consumer<String> progress) {
        var outcomes = new ArrayList<Outcome>();
        var seen = new HashSet<String>();
        var kept = new ArrayList<String>();
        try {
            readAll(dryRun, max, progress, outcomes, seen, kept);
        } finally {
            kept.forEach(this::release);
        }
        return outcomes;
    }

    private void readAll(boolean dryRun, int max, Consumer<String> progress, List<Outcome> outcomes, java.util.Set<String> seen,
                      List<String> kept) {
        while (outcomes.size() < max) {
            var batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(dryRun ? 10 : 1)
                    .visibilityTimeout(dryRun ? DRY_RUN_VISIBILITY_SECONDS : REPLAY_VISIBILITY_SECONDS)
                    .waitTimeSeconds(WAIT_SECONDS).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
            var fresh = batch.stream().filter(m -> seen.add(m.messageId())).toList();
            if (fresh.isEmpty()) {
                break;
            }
            for (var message : fresh) {
                if (outcomes.size() == max) {
                    break;
                }
                var outcome = handle(read(message), dryRun);
                outcomes.add(outcome);
                if (outcome.verdict() != Verdict.REPLAYED) {
                    kept.add(message.receiptHandle());
                }
            }
            progress.accept(outcomes.size() + " message(s) read");
        }
    }

    /** Visible again now; a handle that expired meanwhile is visible already. */
    private void release(String receiptHandle) {
        try {
            sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(0));
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            // The message shows again when its visibility timeout ends.
        }
    }

    private static DeadLetter read(Message message) {
        var attributes = new HashMap<String, String>();
        message.messageAttributes().forEach((name, value) -> {
            if (value.stringValue() != null) {
                attributes.put(name, value.stringValue());
            }
        });
        return DeadLetter.read(message.messageId(), message.receiptHandle(), message.body(), attributes, message.attributesAsStrings());
    }

    /** The queue a message is meant for: the stack's tamper-watch queue (its tags), and a change event it takes, sent there again. */
    private Outcome requeue(DeadLetter.Requeue letter, boolean dryRun) {
        var source = letter.source().label();
        if (!letter.account().equals(account)) {
            return new Outcome(letter.messageId(), Verdict.KEPT, letter.queueArn(), source,
                    "its queue is in account " + letter.account() + ", not " + account + "; not sent");
        }
        String url;
        Map<String, String> tags;
        try {
            url = sqs.getQueueUrl(b -> b.queueName(letter.queueName()).queueOwnerAWSAccountId(letter.account())).queueUrl();
            tags = sqs.listQueueTags(b -> b.queueUrl(url)).tags();
        } catch (SdkClientException e) {
            throw e;
        } catch (SdkException e) {
            return new Outcome(letter.messageId(), Verdict.KEPT, letter.queueArn(), source,
                    "could not read the queue (" + DeadLetter.cut(e.getMessage()) + "); not sent");
        }
        var ofStack = tags == null ? "" : tags.getOrDefault("aws:cloudformation:stack-name", "");
        var logicalId = tags == null ? "" : tags.getOrDefault("aws:cloudformation:logical-id", "");
        if (!ofStack.equals(stack) || !logicalId.equals(TAMPER_QUEUE)) {
            return new Outcome(letter.messageId(), Verdict.REFUSED, letter.queueArn(), source, "the queue is not " + TAMPER_QUEUE
                    + " of stack " + stack + " (its stack: " + (ofStack.isEmpty() ? "none" : DeadLetter.cut(ofStack)) + ", logical id: "
                    + (logicalId.isEmpty() ? "none" : DeadLetter.cut(logicalId)) + "); not sent: check who wrote it, then delete it by hand");
        }
        var verdict = new dev.mirrorpilot.events.ChangeEventReader(account, letter.region()).read(letter.body());
        if (verdict instanceof dev.mirrorpilot.events.ChangeVerdict.Rejected rejected) {
            return new Outcome(letter.messageId(), Verdict.REFUSED, letter.queueArn(), source, "not a change event tamper-watch takes ("
                    + rejected.reason() + ": " + DeadLetter.cut(rejected.message()) + "); not sent: check who wrote it, then delete it by hand");
        }
        if (dryRun) {
            return new Outcome(letter.messageId(), Verdict.WOULD_REPLAY, letter.queueArn(), source, "would be sent to " + TAMPER_QUEUE
                    + " again");
        }
        try {
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(letter.body()));
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(letter.receiptHandle()));
        } catch (SdkClientException e) {
            throw e;
        } catch (SdkException e) {
            return new Outcome(letter.messageId(), Verdict.KEPT, letter.queueArn(), source, "AWS refused the send: "
                    + DeadLetter.cut(e.getMessage()));
        }
        return new Outcome(letter.messageId(), Verdict.REPLAYED, letter.queueArn(), source, "sent to " + TAMPER_QUEUE
                + " again; tamper-watch reads what it touched afresh");
    }

    private Outcome handle(DeadLetter letter, boolean dryRun) {
        if (letter instanceof DeadLetter.Requeue requeue) {
            return requeue(requeue, dryRun);
        }
        if (letter instanceof DeadLetter.Unreadable unreadable) {
            return new Outcome(unreadable.messageId(), Verdict.KEPT, "", "unknown", unreadable.why());
        }
        var replayable = (DeadLetter.Replayable) letter;
        var source = replayable.source().label();
        if (!replayable.account().equals(account)) {
            return new Outcome(replayable.messageId(), Verdict.KEPT, replayable.functionArn(), source,
                    "its function is in account " + replayable.account() + ", not " + account + "; not invoked");
        }
        Function function;
        try {
            function = function(replayable.functionArn());
        } catch (SdkClientException e) {
            throw e;
        } catch (SdkException e) {
            return new Outcome(replayable.messageId(), Verdict.KEPT, replayable.functionArn(), source,
                    "could not read the function (" + DeadLetter.cut(e.getMessage()) + "); not invoked");
        }
        if (function.refusal().isPresent()) {
            return new Outcome(replayable.messageId(), Verdict.REFUSED, replayable.functionArn(), source,
                    function.refusal().get() + "; not invoked: check who wrote it, then delete it by hand");
        }
        var shape = payloadRefusal(replayable, function.logicalId());
        if (shape.isPresent()) {
            return new Outcome(replayable.messageId(), Verdict.REFUSED, replayable.functionArn(), source,
                    shape.get() + "; not invoked: check who wrote it, then delete it by hand");
        }
        if (dryRun) {
            return new Outcome(replayable.messageId(), Verdict.WOULD_REPLAY, replayable.functionArn(), source,
                    "failed before with " + replayable.failure());
        }
        // The function may take its whole timeout; the call waits that long and a minute more, never less.
        var wait = Duration.ofSeconds(function.timeoutSeconds() + 60L);
        try {
            var response = lambda.invoke(b -> b.functionName(replayable.functionArn()).invocationType(InvocationType.REQUEST_RESPONSE)
                    .payload(SdkBytes.fromUtf8String(replayable.payload()))
                    .overrideConfiguration(c -> c.apiCallTimeout(wait).apiCallAttemptTimeout(wait)));
            var answer = response.payload() == null ? "" : response.payload().asUtf8String();
            if (response.functionError() != null) {
                return new Outcome(replayable.messageId(), Verdict.KEPT, replayable.functionArn(), source,
                        "the function failed again (" + response.functionError() + "): " + DeadLetter.cut(errorMessage(answer)));
            }
            var result = parse(answer);
            if ("rejected".equals(result.path("status").asText())) {
                return new Outcome(replayable.messageId(), Verdict.KEPT, replayable.functionArn(), source,
                        "the function refuses the event (" + result.path("reason").asText() + "): "
                                + DeadLetter.cut(result.path("message").asText()) + "; delete it by hand");
            }
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(replayable.receiptHandle()));
            return new Outcome(replayable.messageId(), Verdict.REPLAYED, replayable.functionArn(), source,
                    "handled: " + DeadLetter.cut(result.path("status").asText("done")));
        } catch (SdkClientException e) {
            throw e; // AWS cannot be reached: every other message would fail the same way
        } catch (SdkException e) {
            return new Outcome(replayable.messageId(), Verdict.KEPT, replayable.functionArn(), source,
                    "AWS refused the replay: " + DeadLetter.cut(e.getMessage()));
        }
    }

    /** Whether the function is one of the stack's event functions, from its tags; read once per function. */
    private Function function(String functionArn) {
        var unqualified = functionArn.split(":").length > 7 ? functionArn.substring(0, functionArn.lastIndexOf(':')) : functionArn;
        var known = functions.get(unqualified);
        if (known != null) {
            return known;
        }
        Function function;
        try {
            var answer = lambda.getFunction(b -> b.functionName(unqualified));
            var tags = answer.tags() == null ? Map.<String, String>of() : answer.tags();
            var logicalId = tags.getOrDefault("aws:cloudformation:logical-id", "");
            var ofStack = tags.getOrDefault("aws:cloudformation:stack-name", "");
            int timeout = answer.configuration().timeout() == null ? 900 : answer.configuration().timeout();
            if (!ofStack.equals(stack)) {
                function = new Function(Optional.of("the function is not part of stack " + stack + " (its stack: "
                        + (ofStack.isEmpty() ? "none" : DeadLetter.cut(ofStack)) + ")"), logicalId, timeout);
            } else if (!EVENT_FUNCTIONS.containsKey(logicalId)) {
                function = new Function(Optional.of("the function is " + DeadLetter.cut(logicalId) + " of stack " + stack
                        + ", not one of its event functions " + EVENT_FUNCTIONS.keySet().stream().sorted().toList()), logicalId, timeout);
            } else {
                function = new Function(Optional.empty(), logicalId, timeout);
            }
        } catch (ResourceNotFoundException e) {
            function = new Function(Optional.of("the function does not exist"), "", 0);
        }
        functions.put(unqualified, function);
        return function;
    }

    /** Why the payload is not an event the function takes, from this account and the function's region. */
    private Optional<String> payloadRefusal(DeadLetter.Replayable replayable, String logicalId) {
        var region = replayable.functionArn().split(":")[3];
        try {
            var event = StrictJson.read(replayable.payload(), "the event");
            if (!event.isObject()) {
                return Optional.of("the event is not a JSON object");
            }
            EventEnvelope.check(event, account, region, EVENT_FUNCTIONS.get(logicalId), false);
            return Optional.empty();
        } catch (StrictJson.RefusedException e) {
            return Optional.of("not an event " + logicalId + " takes (" + e.reason() + ": " + e.getMessage() + ")");
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String answer) {
        try {
            var node = JSON.readTree(answer);
            return node == null ? JSON.createObjectNode() : node;
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String errorMessage(String answer) {
        var node = parse(answer);
        return node.path("errorMessage").isTextual() ? node.path("errorMessage").asText() : answer;
    }
}
