package dev.mirrorpilot.aws.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.seed.SeededSimulator;
import dev.mirrorpilot.simulator.state.SessionRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** What reaches a Gateway Load Balancer endpoint target, read from the simulated CloudWatch with the real SDK client. */
class DeliveryReaderTest {
    private static final String INSPECTION_TARGET = "tmt-0a2b3c4d5e6f7005b";
    private static final String INSPECTION_ENDPOINT = "vpce-0a2b3c4d5e6f7005c";
    private static final Instant END = Instant.parse("2026-11-30T12:00:00Z");
    private Simulator simulator;
    private CloudWatchClient cloudWatch;

    @BeforeEach
    void aWorkloadMirroredIntoTheInspectionEndpoint() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../../events/sample-inventory.json")));
        cloudWatch = CloudWatchClients.forLocalEndpoint(simulator.endpoint(), "eu-west-1");
        simulator.state().createSession(new SessionRequest("eni-0a2b3c4d5e6f70025", INSPECTION_TARGET, "tmf-0a2b3c4d5e6f7004c", 7,
                OptionalInt.empty(), OptionalInt.empty(), "test", Tags.NONE, "token-1", false));
    }

    @AfterEach
    void stop() {
        cloudWatch.close();
        simulator.close();
    }

    @Test
    void anEndpointTargetIsReadByTheDimensionSetListMetricsGivesOneListCallPerEndpoint() {
        var reader = new DeliveryReader(cloudWatch);

        var measured = reader.read(SeededSimulator.snapshot(simulator), END, Duration.ofHours(1));

        assertThat(measured.receivedByTarget()).containsKey(INSPECTION_TARGET);
        assertThat(measured.receivedByTarget().get(INSPECTION_TARGET)).isPositive();
        assertThat(reader.listCalls()).isEqualTo(1);
        assertThat(simulator.calls().calls("ListMetrics")).isEqualTo(1);
        assertThat(reader.unlisted()).isEmpty();
    }

    @Test
    void theEndpointIdAloneNamesNoMetricAsCloudWatchIdentifiesOneByAllItsDimensions() {
        var result = cloudWatch.getMetricData(b -> b.startTime(END.minus(Duration.ofHours(1))).endTime(END).metricDataQueries(q -> q
                .id("q0").metricStat(s -> s.period(300).stat("Sum").metric(m -> m.namespace("AWS/PrivateLinkEndpoints")
                        .metricName("BytesProcessed").dimensions(d -> d.name("VPC Endpoint Id").value(INSPECTION_ENDPOINT))))));

        assertThat(result.metricDataResults()).singleElement().satisfies(r -> assertThat(r.values()).isEmpty());
    }
}
