package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.eventbridge.EventBridgeClients;
import dev.mirrorpilot.aws.eventbridge.NearLimitEvents;
import dev.mirrorpilot.functions.attach.AttachOnLaunchHandler;
import dev.mirrorpilot.functions.rebalance.RebalanceHandler;
import dev.mirrorpilot.functions.rebalance.RebalanceOptions;
import dev.mirrorpilot.functions.rebalance.RebalanceRuntime;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Trigger (a) end to end: a launch takes vectra-sensor-a above its headroom, attach-on-launch
 * publishes the near-limit event, the event reaches the rebalance function as the EventBridge rule
 * delivers it, and (no other selected target) the rebalance moves nothing and raises a finding
 * saying what to add.
 */
class NearLimitToRebalanceTest {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";
    private static final String SENSOR_A = "tmt-0a2b3c4d5e6f70049";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLaunchPastTheHeadroomAsksForARebalanceThatSaysWhatToAddWhenNothingCanTakeTheExcess() throws Exception {
        // The operator selected one Sensor for both functions (MIRRORPILOT_TARGET_IDS): 8 sources, headroom 8.
        var policy = MirrorPolicy.defaults().toBuilder().targets(new Selection.ByIds(Set.of(SENSOR_A))).build();
        try (var simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")))) {
            var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
            var events = new NearLimitEvents(EventBridgeClients.forLocalEndpoint(simulator.endpoint(), REGION));
            var attach = new AttachOnLaunchHandler(context -> runtime, () -> Optional.of(events));

            var launched = LocalInvoker.invoke(attach, Files.readString(Path.of("../events/instance-running.json")),
                    new LocalContext("mirrorpilot-attach-on-launch", ACCOUNT, REGION));

            assertThat(launched.path("nearLimitEventsPublished").asInt()).isEqualTo(1);
            var published = simulator.events().published().get(0);
            // As the rule delivers it: the EventBridge envelope around what was published.
            var delivered = JSON.createObjectNode().put("version", "0").put("id", published.id())
                    .put("detail-type", published.detailType()).put("source", published.source()).put("account", ACCOUNT)
                    .put("time", "2026-12-01T00:00:00Z").put("region", REGION);
            delivered.putArray("resources");
            delivered.set("detail", published.detail());
            var rebalanceRuntime = RebalanceRuntime.forEndpoint(simulator.endpoint(), policy, RebalanceOptions.defaults(),
                    ACCOUNT, REGION);

            var result = LocalInvoker.invoke(new RebalanceHandler(context -> rebalanceRuntime), delivered.toString(),
                    new LocalContext("mirrorpilot-rebalance", ACCOUNT, REGION));

            assertThat(result.path("trigger").asText()).isEqualTo("near-limit:" + SENSOR_A);
            assertThat(result.path("movesMade").asInt()).isZero();
            assertThat(result.path("shortfalls")).singleElement().satisfies(s -> {
                assertThat(s.path("targetId").asText()).isEqualTo(SENSOR_A);
                assertThat(s.path("sources").asInt()).isEqualTo(9);
                assertThat(s.path("advice").asText()).contains("behind a Network Load Balancer");
            });
            assertThat(simulator.securityHub().all()).singleElement()
                    .satisfies(f -> assertThat(f.path("GeneratorId").asText()).isEqualTo("mirrorpilot/capacity"));
            assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isZero();
        }
    }
}
