package dev.mirrorpilot.functions.attach;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.faults.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkException;

/** The real handler, real SDK client and the simulator: every event kind, bad input, failures. */
class AttachOnLaunchHandlerTest {
    static final Path EVENTS = Path.of("../../events");
    static final LocalContext CONTEXT = new LocalContext("mirrorpilot-attach-on-launch", "111122223333", "eu-west-1");
    static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(EVENTS.resolve("sample-inventory.json")));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static AttachOnLaunchHandler handler(MirrorPolicy policy) {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, "111122223333", "eu-west-1");
        return new AttachOnLaunchHandler(context -> runtime);
    }

    static JsonNode invoke(AttachOnLaunchHandler handler, String event) throws IOException {
        return LocalInvoker.invoke(handler, event, CONTEXT);
    }

    static String event(String file) throws IOException {
        return Files.readString(EVENTS.resolve(file));
    }

    @Test
    void runningEventMirrorsTheInstance() throws IOException {
        var result = invoke(handler(MirrorPolicy.defaults()), event("instance-running.json"));

        assertThat(result.path("status").asText()).isEqualTo("ok");
        assertThat(result.path("created")).hasSize(1);
        assertThat(SeededSimulator.sessions(simulator)).anyMatch(s -> s.isManaged()
                && "i-0a2b3c4d5e6f70024".equals(s.tags().get("mirrorpilot:source-instance")));
    }

    @Test
    void anInstanceTypeEc2RefusesIsAVerdictRememberedNotAFailureRetriedIntoTheDeadLetterQueue() throws IOException {
        // The guide's list accepts m5.xlarge; this account's EC2 answers NetworkInterfaceNotSupported for it.
        simulator.state().refuseSourceTypes(java.util.Set.of("m5.xlarge"));
        var handler = handler(MirrorPolicy.defaults());

        var first = invoke(handler, event("instance-running.json").replace("i-0a2b3c4d5e6f70024", "i-0a2b3c4d5e6f70034"));
        var creates = simulator.calls().calls("CreateTrafficMirrorSession");
        var second = invoke(handler, event("instance-running.json").replace("i-0a2b3c4d5e6f70024", "i-0a2b3c4d5e6f70036"));

        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("ok");
        assertThat(first.path("failures")).isEmpty();
        assertThat(first.path("skipped").toString()).contains("unsupported_instance_type");
        assertThat(first.path("reasons").toString()).contains("EC2 refused it").contains("UnsupportedSourceTypes");
        assertThat(second.path("status").asText()).isEqualTo("ok");
        assertThat(second.path("skipped").toString()).contains("unsupported_instance_type");
        assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).as("no second try for a refused type").isEqualTo(creates);
    }

    @Test
    void aTypeListedInTheSettingIsSkippedWithoutAsking() throws IOException {
        var policy = MirrorPolicy.fromSettings(java.util.Map.of("MIRRORPILOT_UNSUPPORTED_SOURCE_TYPES", "m5"));

        var result = invoke(handler(policy), event("instance-running.json"));

        assertThat(result.path("skipped").toString()).contains("unsupported_instance_type");
        assertThat(result.path("reasons").toString()).contains("listed in UnsupportedSourceTypes");
        assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
    }

    @Test
    void attachEventMirrorsTheNewInterfaceWhenThePolicyCoversAllInterfaces() throws IOException {
        var all = MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build();

        var result = invoke(handler(all), event("attach-network-interface.json"));

        assertThat(result.path("created")).hasSize(2); // db-replica's primary and its secondary ENI
        assertThat(SeededSimulator.sessions(simulator)).anyMatch(s -> s.isManaged() && s.sourceEniId().equals("eni-0a2b3c4d5e6f7003a"));
    }

    @Test
    void duplicateDeliveryChangesNothingTheSecondTime() throws IOException {
        var handler = handler(MirrorPolicy.defaults());
        invoke(handler, event("instance-running.json"));
        int sessions = SeededSimulator.sessions(simulator).size();

        var again = invoke(handler, event("instance-running.json"));

        assertThat(again.path("created")).isEmpty();
        assertThat(SeededSimulator.sessions(simulator)).hasSize(sessions);
    }

    @Test
    void eventsForTheOtherFunctionAreIgnored() throws IOException {
        var result = invoke(handler(MirrorPolicy.defaults()), event("delete-network-interface.json"));

        assertThat(result.path("status").asText()).isEqualTo("ignored");
    }

    static Stream<String> malformed() throws IOException {
        try (var files = Files.list(EVENTS.resolve("malformed"))) {
            return files.map(p -> "malformed/" + p.getFileName()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedEventIsRejectedWithNoAwsCallAndANormalReturn(String file) throws IOException {
        simulator.calls().reset();

        var result = invoke(handler(MirrorPolicy.defaults()), event(file));

        assertThat(result.path("status").asText()).isEqualTo("rejected");
        assertThat(result.path("message").asText()).isNotBlank();
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void misconfiguredPolicyIsRefusedSoTheEventGoesToTheDeadLetterQueue() {
        var handler = new AttachOnLaunchHandler(context -> {
            throw new InvalidPolicyException(List.of(new dev.mirrorpilot.policy.config.PolicyError(
                    "MIRRORPILOT_MODE", "sometimes", "expected opt-out or opt-in")));
        });

        assertThatThrownBy(() -> invoke(handler, event("instance-running.json"))).isInstanceOf(InvalidPolicyException.class);
        assertThat(SeededSimulator.sessions(simulator)).as("the seed's sessions, nothing added").hasSize(12);
    }

    @Test
    void ec2ThatKeepsFailingIsRethrownForLambdaToRetry() {
        simulator.faults().set("*", new Faults.ActionFaults(0, 1.0, 503, 0));

        assertThatThrownBy(() -> invoke(handler(MirrorPolicy.defaults()), event("instance-running.json")))
                .isInstanceOf(SdkException.class);
        simulator.faults().clear();
        assertThat(SeededSimulator.sessions(simulator)).as("the seed's sessions, nothing added").hasSize(12);
    }

    @Test
    void aCreateRefusedForGoodFailsTheInvocationSoTheEventReachesTheDeadLetterQueue() {
        simulator.faults().deny("CreateTrafficMirrorSession");

        assertThatThrownBy(() -> invoke(handler(MirrorPolicy.defaults()), event("instance-running.json")))
                .isInstanceOfSatisfying(dev.mirrorpilot.lambda.ChangeRefusedException.class,
                        e -> assertThat(e.code()).isEqualTo("UnauthorizedOperation"));
        simulator.faults().clear();
        assertThat(SeededSimulator.sessions(simulator)).as("the seed's sessions, nothing added").hasSize(12);
    }

    @Test
    void aReadRefusedForGoodFailsTheInvocationToo() {
        simulator.faults().deny("DescribeInstances");

        assertThatThrownBy(() -> invoke(handler(MirrorPolicy.defaults()), event("instance-running.json")))
                .isInstanceOf(dev.mirrorpilot.lambda.ChangeRefusedException.class);
        simulator.faults().clear();
    }

    @Test
    void policyFromTheEnvironmentIsReadLikeTheLambdaReadsIt() {
        var runtime = FunctionRuntime.fromEnvironment(Map.of("MIRRORPILOT_MODE", "opt-in", "AWS_REGION", "eu-west-1"),
                CONTEXT.getInvokedFunctionArn());

        assertThat(runtime.policy().mode()).isEqualTo(MirrorPolicy.Mode.OPT_IN);
        assertThat(runtime.account()).isEqualTo("111122223333");
        assertThat(runtime.region()).isEqualTo("eu-west-1");
    }

    static AttachOnLaunchHandler withLifecycle(MirrorPolicy policy) {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, "111122223333", "eu-west-1");
        var lifecycle = new dev.mirrorpilot.aws.autoscaling.LaunchLifecycle(
                dev.mirrorpilot.aws.autoscaling.AutoScalingClients.forLocalEndpoint(simulator.endpoint(), "eu-west-1"));
        return new AttachOnLaunchHandler(context -> runtime, java.util.Optional::empty, () -> lifecycle);
    }

    @Test
    void aLaunchLifecycleActionMirrorsTheInstanceThenLetsTheGroupContinue() throws IOException {
        var token = simulator.autoScaling().launching("web-asg", "mirrorpilot-mirror-before-serve", "i-0a2b3c4d5e6f70024");
        var event = event("asg-launch-lifecycle.json").replace("87654321-4321-4321-4321-210987654321", token);

        var result = invoke(withLifecycle(MirrorPolicy.defaults()), event);

        assertThat(result.path("lifecycleAction").asText()).as(result.toString()).isEqualTo("continued");
        assertThat(SeededSimulator.sessions(simulator)).anyMatch(s -> s.isManaged()
                && "i-0a2b3c4d5e6f70024".equals(s.tags().get("mirrorpilot:source-instance")));
        assertThat(simulator.autoScaling().completed()).singleElement().satisfies(c -> {
            assertThat(c.result()).isEqualTo("CONTINUE");
            assertThat(c.action().token()).isEqualTo(token);
        });
    }

    @Test
    void whenMirroringFailsTheActionIsLeftToTheHooksHeartbeatTimeoutAndTheEventIsRetried() throws IOException {
        var token = simulator.autoScaling().launching("web-asg", "mirrorpilot-mirror-before-serve", "i-0a2b3c4d5e6f70024");
        simulator.faults().deny("CreateTrafficMirrorSession");
        var event = event("asg-launch-lifecycle.json").replace("87654321-4321-4321-4321-210987654321", token);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> invoke(withLifecycle(MirrorPolicy.defaults()), event))
                .isInstanceOf(RuntimeException.class);

        assertThat(simulator.autoScaling().completed()).as("no early CONTINUE: the hook's DefaultResult applies").isEmpty();
    }

    @Test
    void aLifecycleActionWithABadTokenOrAnotherTransitionChangesNothing() throws IOException {
        var handler = withLifecycle(MirrorPolicy.defaults());
        var badToken = invoke(handler, event("asg-launch-lifecycle.json").replace("87654321-4321-4321-4321-210987654321", "*"));
        var terminating = invoke(handler, event("asg-launch-lifecycle.json").replace("EC2_INSTANCE_LAUNCHING", "EC2_INSTANCE_TERMINATING"));

        assertThat(badToken.path("status").asText()).isEqualTo("rejected");
        assertThat(terminating.path("status").asText()).isEqualTo("rejected");
        assertThat(SeededSimulator.sessions(simulator)).noneMatch(s -> s.isManaged()
                && "i-0a2b3c4d5e6f70024".equals(s.tags().get("mirrorpilot:source-instance")));
    }
}
