package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.functions.attach.AttachOnLaunchHandler;
import dev.mirrorpilot.functions.detach.DetachOnTerminateHandler;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code mirrorpilot dlq replay} against the simulator's SQS and Lambda, with the real handlers behind Invoke. */
class DlqCommandTest {
    static final Path EVENTS = Path.of("../events");
    static final String ACCOUNT = "111122223333";
    private Simulator simulator;
    private String queueUrl;
    private String attachArn;
    private String detachArn;

    @BeforeEach
    void start() {
        simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")));
        queueUrl = simulator.sqs().createQueue("mirrorpilot-EventDeadLetterQueue-1A2B3C");
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, "eu-west-1");
        attachArn = simulator.lambda().register("mirrorpilot-AttachOnLaunch", stackTags("mirrorpilot", "AttachOnLaunchFunction"), 120,
                handler(new AttachOnLaunchHandler(c -> runtime), "mirrorpilot-AttachOnLaunch")) + ":live";
        detachArn = simulator.lambda().register("mirrorpilot-DetachOnTerminate", stackTags("mirrorpilot", "DetachOnTerminateFunction"),
                120, handler(new DetachOnTerminateHandler(c -> runtime), "mirrorpilot-DetachOnTerminate")) + ":live";
    }

    /** The tags CloudFormation puts on every function of a stack. */
    static Map<String, String> stackTags(String stack, String logicalId) {
        return Map.of("aws:cloudformation:stack-name", stack, "aws:cloudformation:logical-id", logicalId,
                "lambda:createdBy", "SAM");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static java.util.function.UnaryOperator<byte[]> handler(com.amazonaws.services.lambda.runtime.RequestStreamHandler handler,
                                                                     String name) {
        return payload -> {
            try {
                var result = LocalInvoker.invoke(handler, new String(payload, StandardCharsets.UTF_8),
                        new LocalContext(name, ACCOUNT, "eu-west-1"));
                return new ObjectMapper().writeValueAsBytes(result);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String event(String file) {
        try {
            return Files.readString(EVENTS.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CliRun replay(String... extra) {
        var args = new java.util.ArrayList<>(java.util.List.of("dlq", "replay", "--queue-url", queueUrl, "--stack", "mirrorpilot",
                "--region", "eu-west-1", "--endpoint-url", simulator.endpoint().toString()));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args);
    }

    private void eventBridgeFailure(String event, String target) {
        simulator.sqs().send("mirrorpilot-EventDeadLetterQueue-1A2B3C", event, Map.of("TARGET_ARN", target,
                "RULE_ARN", "arn:aws:events:eu-west-1:" + ACCOUNT + ":rule/mirrorpilot-InstanceRunning",
                "ERROR_CODE", "SDK_CLIENT_ERROR", "ERROR_MESSAGE", "Unable to invoke Lambda function"));
    }

    private void onFailureRecord(String event, String function) {
        var record = "{\"version\":\"1.0\",\"timestamp\":\"2026-12-01T03:00:00.000Z\",\"requestContext\":{\"requestId\":\"r-1\","
                + "\"functionArn\":\"" + function + "\",\"condition\":\"RetriesExhausted\",\"approximateInvokeCount\":3},"
                + "\"requestPayload\":" + event + ",\"responseContext\":{\"statusCode\":200,\"executedVersion\":\"7\","
                + "\"functionError\":\"Unhandled\"},\"responsePayload\":{\"errorMessage\":\"RequestLimitExceeded\"}}";
        simulator.sqs().send("mirrorpilot-EventDeadLetterQueue-1A2B3C", record, Map.of());
    }

    private long managedSessionsOf(String instanceId) {
        return SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .filter(s -> instanceId.equals(s.tags().get("mirrorpilot:source-instance"))).count();
    }

    @Test
    void bothMessageShapesAreReplayedThroughTheirFunctionAndDeletedOnlyAfterSuccess() {
        eventBridgeFailure(event("instance-running.json"), attachArn);
        onFailureRecord(event("instance-terminated.json"), detachArn);

        var run = replay();

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(simulator.lambda().invoked()).containsExactly("mirrorpilot-AttachOnLaunch", "mirrorpilot-DetachOnTerminate");
        assertThat(managedSessionsOf("i-0a2b3c4d5e6f70024")).isEqualTo(1); // the launch was mirrored
        assertThat(simulator.sqs().depth("mirrorpilot-EventDeadLetterQueue-1A2B3C")).isZero();
        assertThat(run.out()).contains("2 message(s): 2 replayed and deleted, 0 kept in the queue, 0 refused (kept)");
    }

    @Test
    void aDryRunInvokesAndDeletesNothing() {
        eventBridgeFailure(event("instance-running.json"), attachArn);
        onFailureRecord(event("instance-terminated.json"), detachArn);

        var run = replay("--dry-run");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(simulator.lambda().invoked()).isEmpty();
        assertThat(simulator.calls().calls("Invoke")).isZero();
        assertThat(simulator.calls().calls("DeleteMessage")).isZero();
        assertThat(simulator.sqs().depth("mirrorpilot-EventDeadLetterQueue-1A2B3C")).isEqualTo(2);
        assertThat(run.out()).contains("would_replay").contains("EventBridge target failure").contains("Lambda on-failure record")
                .contains("2 message(s): 2 would be replayed, 0 kept in the queue");
    }

    @Test
    void aDryRunThenAReplayReplaysEveryMessageAtOnce() {
        eventBridgeFailure(event("instance-running.json"), attachArn);
        onFailureRecord(event("instance-terminated.json"), detachArn);
        replay("--dry-run");

        var run = replay();

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("2 message(s): 2 replayed and deleted, 0 kept in the queue");
        assertThat(simulator.sqs().depth("mirrorpilot-EventDeadLetterQueue-1A2B3C")).isZero();
    }

    @Test
    void aMessageKeptByOneRunIsReadAgainByTheNext() {
        simulator.sqs().send("mirrorpilot-EventDeadLetterQueue-1A2B3C", "not json at all", Map.of());
        replay();

        var again = replay();

        assertThat(again.exitCode()).isEqualTo(DlqCommand.EXIT_KEPT);
        assertThat(again.out()).contains("1 message(s): 0 replayed and deleted, 1 kept in the queue");
    }

    @Test
    void whatCannotBeReplayedStaysInTheQueueAndIsReportedWithWhy() {
        simulator.lambda().register("mirrorpilot-Broken", stackTags("mirrorpilot", "DetachOnTerminateFunction"), 120, payload -> {
            throw new IllegalStateException("still broken");
        });
        simulator.sqs().send("mirrorpilot-EventDeadLetterQueue-1A2B3C", "not json at all", Map.of());
        eventBridgeFailure(event("instance-running.json"), "arn:aws:lambda:eu-west-1:999988887777:function:someone-else");
        eventBridgeFailure(event("instance-terminated.json"), "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:mirrorpilot-Broken");
        eventBridgeFailure(event("instance-running.json"), "arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:backfill");

        var run = replay();

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DlqCommand.EXIT_KEPT);
        assertThat(simulator.sqs().depth("mirrorpilot-EventDeadLetterQueue-1A2B3C")).isEqualTo(4);
        assertThat(simulator.calls().calls("DeleteMessage")).isZero();
        assertThat(simulator.lambda().invoked()).containsExactly("mirrorpilot-Broken");
        assertThat(run.out()).contains("neither an EventBridge target failure")
                .contains("is in account 999988887777, not 111122223333; not invoked")
                .contains("the function failed again (Unhandled): still broken")
                .contains("is not a Lambda function; replay it by hand")
                .contains("4 message(s): 0 replayed and deleted, 4 kept in the queue, 0 refused (kept)");
    }

    @Test
    void aMessageForAFunctionOutsideTheStackOrNotItsEventIsRefusedAndNothingIsInvoked() {
        // Anyone who may write to the queue could name any function with any payload.
        var payroll = simulator.lambda().register("payroll-admin", Map.of(), 900, payload -> "{}".getBytes(StandardCharsets.UTF_8));
        var otherStack = simulator.lambda().register("other-AttachOnLaunch", stackTags("other", "AttachOnLaunchFunction"), 120,
                payload -> "{}".getBytes(StandardCharsets.UTF_8));
        var backfill = simulator.lambda().register("mirrorpilot-Backfill", stackTags("mirrorpilot", "BackfillFunction"), 900,
                payload -> "{}".getBytes(StandardCharsets.UTF_8));
        eventBridgeFailure(event("instance-running.json"), payroll);
        eventBridgeFailure(event("instance-running.json"), otherStack);
        eventBridgeFailure("{\"dryRun\": false}", backfill);
        eventBridgeFailure("{\"dryRun\": false}", attachArn);
        eventBridgeFailure(event("instance-running.json").replace("\"region\": \"eu-west-1\"", "\"region\": \"us-east-1\""), attachArn);
        eventBridgeFailure(event("malformed/41-trailing-data.json"), attachArn);

        var dryRun = replay("--dry-run");
        var run = replay();

        assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isEqualTo(DlqCommand.EXIT_REFUSED);
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(DlqCommand.EXIT_REFUSED);
        assertThat(simulator.lambda().invoked()).isEmpty();
        assertThat(simulator.sqs().depth("mirrorpilot-EventDeadLetterQueue-1A2B3C")).isEqualTo(6);
        assertThat(run.out()).contains("refused")
                .contains("is not part of stack mirrorpilot (its stack: none)")
                .contains("is not part of stack mirrorpilot (its stack: other)")
                .contains("the function is BackfillFunction of stack mirrorpilot, not one of its event functions")
                .contains("not an event AttachOnLaunchFunction takes (no-id")
                .contains("not an event AttachOnLaunchFunction takes (other-region")
                .contains("not an event AttachOnLaunchFunction takes (trailing-data")
                .contains("6 message(s): 0 replayed and deleted, 0 kept in the queue, 6 refused (kept)");
    }

    @Test
    void aReplayWithoutTheStackIsRefusedBeforeAnythingIsRead() {
        var run = CliRun.of("dlq", "replay", "--queue-url", queueUrl, "--region", "eu-west-1",
                "--endpoint-url", simulator.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--stack");
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void aQueueUrlThatIsNotOneIsRefusedBeforeAnythingIsRead() {
        var run = CliRun.of("dlq", "replay", "--queue-url", "mirrorpilot-dlq", "--stack", "mirrorpilot", "--region", "eu-west-1",
                "--endpoint-url", simulator.endpoint().toString());

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("is not an SQS queue URL");
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void changeEventsMeantForTheTamperQueueGoBackThereAndNothingElseDoes() {
        var tamperQueue = "mirrorpilot-TamperQueue-9Z8Y7X";
        simulator.sqs().createQueue(tamperQueue, stackTags("mirrorpilot", "TamperQueue"));
        simulator.sqs().createQueue("someone-elses-queue", Map.of());
        var dlq = "mirrorpilot-EventDeadLetterQueue-1A2B3C";
        var deleted = event("tamper/session-deleted.json");
        // A batch tamper-watch failed three times (SQS redrive), and an event the rule could not deliver to the queue.
        simulator.sqs().redriven(dlq, deleted, tamperQueue);
        eventBridgeFailure(event("tamper/instance-opted-out.json"), simulator.sqs().arn(tamperQueue));
        // Refused: a queue of no stack, and a body that is not a change event.
        simulator.sqs().redriven(dlq, deleted, "someone-elses-queue");
        simulator.sqs().redriven(dlq, event("instance-running.json"), tamperQueue);

        var run = replay();

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.DLQ_REFUSED);
        assertThat(simulator.sqs().bodies(tamperQueue)).containsExactlyInAnyOrder(deleted, event("tamper/instance-opted-out.json"));
        assertThat(simulator.sqs().bodies("someone-elses-queue")).isEmpty();
        assertThat(simulator.sqs().depth(dlq)).isEqualTo(2);
        assertThat(run.out()).contains("SQS redrive from a queue").contains("not TamperQueue of stack mirrorpilot")
                .contains("not a change event tamper-watch takes");
        assertThat(simulator.lambda().invoked()).isEmpty();
    }
}
