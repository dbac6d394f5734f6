package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.inventory.InventoryFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/** CloudWatch GetMetricData over the simulated instances' traffic, through the real SDK client. */
class MetricsConformanceTest {
    static Simulator simulator;
    static CloudWatchClient cloudWatch;
    static final Instant END = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant START = END.minusSeconds(24 * 3600);

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
        cloudWatch = Clients.cloudWatch(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        cloudWatch.close();
        simulator.close();
    }

    private static String instance(String name) {
        return Ec2ConformanceTest.SAMPLE.workloads().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow()
                .instanceId();
    }

    private static MetricDataQuery query(String id, String instanceId, String metric) {
        return MetricDataQuery.builder().id(id).metricStat(MetricStat.builder().period(300).stat("Sum")
                .metric(Metric.builder().namespace("AWS/EC2").metricName(metric)
                        .dimensions(Dimension.builder().name("InstanceId").value(instanceId).build()).build()).build()).build();
    }

    private static GetMetricDataResponse get(List<MetricDataQuery> queries) {
        return cloudWatch.getMetricData(b -> b.startTime(START).endTime(END).metricDataQueries(queries));
    }

    @Test
    void networkBytesFollowEachInstancesThroughputInFiveMinuteSums() {
        var web1 = instance("web-1"); // mirrored in the sample
        var response = get(List.of(query("in", web1, "NetworkIn"), query("out", web1, "NetworkOut")));

        var in = response.metricDataResults().get(0);
        assertThat(in.id()).isEqualTo("in");
        assertThat(in.timestamps()).hasSize(288);
        assertThat(in.values()).hasSize(288).allSatisfy(v -> assertThat(v).isPositive());
        double gbps = simulator.state().trafficGbps(web1);
        double mean = in.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // Half the throughput in each direction, over 300 s, varying 0.5..1.5 around it.
        assertThat(mean).isBetween(gbps / 2 * 1e9 / 8 * 300 * 0.8, gbps / 2 * 1e9 / 8 * 300 * 1.2);
        assertThat(get(List.of(query("in", web1, "NetworkIn"))).metricDataResults().get(0).values()).isEqualTo(in.values());
    }

    @Test
    void mirroredBytesExistOnlyForInstancesASessionMirrors() {
        var mirrored = get(List.of(query("m", instance("web-1"), "NetworkMirrorIn"))).metricDataResults().get(0);
        var notMirrored = get(List.of(query("m", instance("web-8"), "NetworkMirrorIn"))).metricDataResults().get(0);
        var skipped = get(List.of(query("s", instance("web-1"), "NetworkSkipMirrorIn"))).metricDataResults().get(0);

        assertThat(mirrored.values()).isNotEmpty();
        assertThat(notMirrored.values()).isEmpty();
        assertThat(skipped.values()).isNotEmpty().allSatisfy(v -> assertThat(v).isZero());
    }

    @Test
    void trafficIsSettablePerInstanceAndSkewedByDefault() {
        var launched = simulator.state().launch("m5.large", Ec2ConformanceTest.SAMPLE.subnets().get(0).id(),
                dev.mirrorpilot.simulator.model.Tags.NONE, List.of(), 0).id();
        simulator.state().setTrafficGbps(launched, 2.0);

        assertThat(simulator.state().trafficGbps(launched)).isEqualTo(2.0);
        var ids = IntStream.range(0, 2000).mapToObj(i -> String.format("i-%017x", i)).toList();
        long heavy = ids.stream().filter(id -> simulator.state().trafficGbps(id) >= 0.5).count();
        assertThat(heavy).isBetween(50L, 170L); // about one in twenty
    }

    @Test
    void moreThanFiveHundredQueriesInOneCallAreRefused() {
        var queries = IntStream.range(0, 501).mapToObj(i -> query("q" + i, instance("web-1"), "NetworkIn")).toList();

        var error = catchThrowableOfType(CloudWatchException.class, () -> get(queries));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
    }
}
