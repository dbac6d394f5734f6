package dev.mirrorpilot.functions.attach;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionContainer;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.lambda.snapstart.SnapshotPriming;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What is built at init, what priming does before a SnapStart snapshot, and what a restore forgets. */
class SnapStartTest {
    static final Path EVENTS = Path.of("../../events");
    static final Set<InstanceState> RUNNING = Set.of(InstanceState.RUNNING);
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

    @Test
    void theRuntimeIsBuiltAtInitWhenTheStackNamesTheAccount() {
        var container = FunctionContainer.atInit(Map.of("AWS_REGION", "eu-west-1", FunctionContainer.ACCOUNT_ID, "111122223333"),
                RUNNING);

        assertThat(container.isBuilt()).isTrue();
        assertThat(container.apply(CONTEXT).account()).isEqualTo("111122223333");
    }

    @Test
    void aWarmContainerRunsWithTheSettingsParameterAsItIsNowAndKeepsItsClient() {
        var name = "MirrorPilot-settings";
        simulator.parameters().put(name, "{\"MIRRORPILOT_MODE\":\"opt-in\",\"MIRRORPILOT_EXCLUDE_VPCS\":\"vpc-0a2b3c4d5e6f70001\"}");
        var ssm = dev.mirrorpilot.aws.ssm.SettingsParameter.clientFor(simulator.endpoint(), "eu-west-1");
        var settings = dev.mirrorpilot.lambda.StackSettings.of(Map.of("AWS_REGION", "eu-west-1",
                FunctionContainer.ACCOUNT_ID, "111122223333", "MIRRORPILOT_MODE", "opt-out"),
                new dev.mirrorpilot.aws.ssm.SettingsParameter(ssm, name, java.time.Duration.ZERO));
        var container = FunctionContainer.atInit(settings, RUNNING, () -> { });

        var first = container.apply(CONTEXT);
        simulator.parameters().put(name, "{\"MIRRORPILOT_MODE\":\"opt-out\"}");
        var second = container.apply(CONTEXT);
        var third = container.apply(CONTEXT);

        assertThat(first.policy().mode()).isEqualTo(MirrorPolicy.Mode.OPT_IN);
        assertThat(first.policy().excludeVpcs()).containsExactly("vpc-0a2b3c4d5e6f70001");
        assertThat(second.policy().mode()).isEqualTo(MirrorPolicy.Mode.OPT_OUT);
        assertThat(second.policy().excludeVpcs()).isEmpty();
        assertThat(third).as("unchanged settings keep the runtime and its caches").isSameAs(second);
    }

    @Test
    void aSettingsParameterThatCannotBeUsedIsABadSettingNamingIt() {
        var ssm = dev.mirrorpilot.aws.ssm.SettingsParameter.clientFor(simulator.endpoint(), "eu-west-1");
        simulator.parameters().put("broken", "{\"MIRRORPILOT_MODE\": \"opt-in\"} trailing");
        var settings = dev.mirrorpilot.lambda.StackSettings.of(Map.of("AWS_REGION", "eu-west-1"),
                new dev.mirrorpilot.aws.ssm.SettingsParameter(ssm, "broken", java.time.Duration.ZERO));
        var container = FunctionContainer.atInit(settings, RUNNING, () -> { });

        assertThatThrownBy(() -> container.apply(CONTEXT)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("MIRRORPILOT_SETTINGS_PARAMETER").hasMessageContaining("broken")
                .hasMessageContaining("not one JSON object");
    }

    @Test
    void withoutTheAccountTheFirstEventBuildsItFromTheFunctionArn() {
        var container = FunctionContainer.atInit(Map.of("AWS_REGION", "eu-west-1"), RUNNING);

        assertThat(container.isBuilt()).isFalse();
        assertThat(container.apply(CONTEXT).account()).isEqualTo("111122223333");
        assertThat(container.isBuilt()).isTrue();
    }

    @Test
    void aBadSettingDoesNotFailInitAndTheFirstEventReportsIt() {
        var container = FunctionContainer.atInit(Map.of("AWS_REGION", "eu-west-1", FunctionContainer.ACCOUNT_ID, "111122223333",
                "MIRRORPILOT_MODE", "sometimes"), RUNNING);

        assertThat(container.isBuilt()).isFalse();
        assertThatThrownBy(() -> container.apply(CONTEXT)).isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("MIRRORPILOT_MODE");
    }

    @Test
    void whatOnlySomeEventsNeedIsBuiltBeforeTheSnapshotNotAtInit() {
        var built = new java.util.concurrent.atomic.AtomicInteger();
        var container = FunctionContainer.atInit(Map.of("AWS_REGION", "eu-west-1", FunctionContainer.ACCOUNT_ID, "111122223333"),
                RUNNING, built::incrementAndGet);
        assertThat(built).hasValue(0);

        container.beforeCheckpoint(null);

        assertThat(built).hasValue(1);
    }

    @Test
    void primingRunsTheLaunchAndCleanUpPathsWithEc2AnsweredInProcess() {
        var primed = SnapshotPriming.run(MirrorPolicy.defaults(), "111122223333", "eu-west-1", RUNNING);

        // The launch read, the account context, the clean-up read and a create: all answered without a connection.
        assertThat(primed.actions()).contains("DescribeInstances", "DescribeTrafficMirrorSessions",
                "DescribeTrafficMirrorTargets", "DescribeTrafficMirrorFilters", "DescribeInstanceTypes",
                "DescribeNetworkInterfaces", "DescribeSecurityGroups", "DescribeVpcPeeringConnections",
                "DescribeTransitGatewayVpcAttachments", "CreateTrafficMirrorSession");
        assertThat(simulator.calls().totalCalls()).isZero();
    }

    @Test
    void beforeTheSnapshotNothingIsReadFromAwsAndTheRuntimesCacheStaysEmpty() throws Exception {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), "111122223333", "eu-west-1");
        var container = FunctionContainer.around(runtime, Map.of("AWS_REGION", "eu-west-1"), RUNNING);

        container.beforeCheckpoint(null);
        assertThat(simulator.calls().totalCalls()).isZero();
        LocalInvoker.invoke(new AttachOnLaunchHandler(container), Files.readString(EVENTS.resolve("instance-running.json")),
                CONTEXT);

        // The first event after the snapshot reads the account context itself.
        assertThat(simulator.calls().calls("DescribeTrafficMirrorTargets")).isEqualTo(1);
    }

    @Test
    void aRestoreForgetsTheAccountContextReadBeforeIt() throws Exception {
        var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), "111122223333", "eu-west-1");
        var container = FunctionContainer.around(runtime, Map.of("AWS_REGION", "eu-west-1"), RUNNING);
        var handler = new AttachOnLaunchHandler(container);
        LocalInvoker.invoke(handler, Files.readString(EVENTS.resolve("instance-running.json")), CONTEXT);
        assertThat(simulator.calls().calls("DescribeTrafficMirrorTargets")).isEqualTo(1);

        container.afterRestore(null);
        LocalInvoker.invoke(handler, Files.readString(EVENTS.resolve("attach-network-interface.json")), CONTEXT);

        assertThat(simulator.calls().calls("DescribeTrafficMirrorTargets")).isEqualTo(2);
    }
}
