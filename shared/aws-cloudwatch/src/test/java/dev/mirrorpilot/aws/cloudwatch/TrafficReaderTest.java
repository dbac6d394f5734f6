package dev.mirrorpilot.aws.cloudwatch;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Throughput estimates read from the simulated CloudWatch with the real SDK client. */
class TrafficReaderTest {
    private static final Instant END = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void mirroredInstancesAreEstimatedFromMirrorMetricsOthersFromTheirNetworkBytesInBatchesOf500Queries() {
        var account = SyntheticAccount.generate(SyntheticSpec.of(300, 5).withAlreadyMirroredShare(0.3), 11);
        try (var simulator = SeededSimulator.start(account);
             var cloudWatch = CloudWatchClients.forLocalEndpoint(simulator.endpoint(), "eu-west-1")) {
            var ids = account.workloads().stream().map(w -> w.instanceId()).toList();
            // Mirrored: a session into a target that exists (a session of a deleted target mirrors nothing, as on AWS).
            var targetIds = simulator.state().targets().stream().map(t -> t.id()).collect(Collectors.toSet());
            var delivering = SeededSimulator.sessions(simulator).stream().filter(s -> targetIds.contains(s.targetId()))
                    .map(s -> s.sourceEniId()).collect(Collectors.toSet());
            var mirrored = ids.stream().filter(id -> simulator.state().interfacesOf(id).stream()
                    .anyMatch(e -> delivering.contains(e.id()))).collect(Collectors.toSet());

            var traffic = new TrafficReader(cloudWatch).read(ids, mirrored, TrafficReader.Window.defaults(END));

            assertThat(mirrored).isNotEmpty().hasSizeLessThan(ids.size());
            int queries = mirrored.size() * 4 + (ids.size() - mirrored.size()) * 2;
            assertThat(simulator.calls().calls("GetMetricData")).isEqualTo((queries + 499) / 500);
            // A Sensor's NetworkIn also carries what is mirrored to it (as on AWS): only sources are checked here.
            var targetEnis = account.targets().stream().map(t -> t.resourceId()).collect(Collectors.toSet());
            var sensors = account.workloads().stream().filter(w -> w.interfaces().stream().anyMatch(e -> targetEnis.contains(e.id())))
                    .map(w -> w.instanceId()).collect(Collectors.toSet());
            for (var id : ids) {
                if (sensors.contains(id)) {
                    continue;
                }
                var estimate = traffic.get(id);
                double gbps = simulator.state().trafficGbps(id);
                assertThat(estimate.mirrored()).isEqualTo(mirrored.contains(id));
                // p95 of sums varying 0.5..1.5 around the throughput: between it and 1.5 times it.
                assertThat(estimate.gbps().getAsDouble()).as(id).isBetween(gbps * 0.9, gbps * 1.5);
                if (estimate.mirrored()) {
                    assertThat(estimate.skippedGbps().getAsDouble()).isCloseTo(0.0, within(1e-12));
                }
            }
        }
    }

    @Test
    void anInstanceWithoutDataHasNoEstimateSoTheCallerAppliesItsDefault() {
        var account = SyntheticAccount.generate(SyntheticSpec.of(5, 1), 3);
        try (var simulator = SeededSimulator.start(account);
             var cloudWatch = CloudWatchClients.forLocalEndpoint(simulator.endpoint(), "eu-west-1")) {
            var traffic = new TrafficReader(cloudWatch).read(java.util.List.of("i-00000000000000000"),
                    Set.of(), TrafficReader.Window.defaults(END));

            assertThat(traffic.get("i-00000000000000000").gbps()).isEmpty();
        }
    }
}
