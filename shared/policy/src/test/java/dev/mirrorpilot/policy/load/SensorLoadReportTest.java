package dev.mirrorpilot.policy.load;

import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.AZ_2;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per target and per Sensor: sources, Gbps against the rating, cross-AZ sources, and the month's cost. */
class SensorLoadReportTest {

    @Test
    void sourcesInAnotherZoneThanTheSensorAreCountedAndPricedAsCrossAzTransfer() {
        // An r5n.xlarge Sensor (2 Gbps) in zone 1; two sources in zone 1, one in zone 2.
        var account = account().sensor("tmt-s", VPC_A, AZ_1, "r5n.xlarge")
                .running("i-1").running("i-2").running("i-3", VPC_A, AZ_2)
                .managedSession("tms-1", eniOf("i-1"), "tmt-s", 1, "i-1")
                .managedSession("tms-2", eniOf("i-2"), "tmt-s", 1, "i-2")
                .managedSession("tms-3", eniOf("i-3"), "tmt-s", 1, "i-3");
        var traffic = new SourceTraffic(Map.of("i-1", 0.2, "i-2", 0.3, "i-3", 0.1), 0.05);

        var report = SensorLoadReport.of(account.build(), MirrorPolicy.defaults(), SensorRatings.guide(), traffic,
                new SensorLoadReport.Prices(0.015, 0.02));

        var line = report.targets().get(0);
        assertThat(line.sources()).isEqualTo(3);
        assertThat(line.limit()).isEqualTo(10);
        assertThat(line.gbps()).isCloseTo(0.6, within(1e-9));
        assertThat(line.ratedGbps()).isEqualTo(2.0);
        assertThat(line.gbpsShare()).isCloseTo(30.0, within(1e-9));
        assertThat(line.sensorZone()).isEqualTo(AZ_1);
        assertThat(line.crossAzSources()).isEqualTo(1);
        // 3 sessions x 730 h x $0.015 = $32.85; 0.1 Gbps = 12.5 MB/s x 3600 x 730 = 32,850 GB x $0.02 = $657.
        assertThat(report.cost().sessionCost()).isCloseTo(32.85, within(1e-9));
        assertThat(report.cost().crossAzGb()).isCloseTo(32_850, within(1e-6));
        assertThat(report.cost().crossAzCost()).isCloseTo(657, within(1e-6));
    }

    @Test
    void anNlbAndTheCaptureEniOfItsOneSensorAreOneSensorLoad() {
        var account = account().sensor("tmt-eni", VPC_A, AZ_1, "r5n.2xlarge").nlbTarget("tmt-nlb", VPC_A)
                .running("i-1").running("i-2")
                .managedSession("tms-1", eniOf("i-1"), "tmt-eni", 1, "i-1")
                .managedSession("tms-2", eniOf("i-2"), "tmt-nlb", 1, "i-2");
        // The NLB's one healthy Sensor is the ENI target's Sensor.
        account.loadBalancer(new dev.mirrorpilot.policy.model.LoadBalancer(dev.mirrorpilot.policy.TestAccount.nlbArn("tmt-nlb"),
                "network", "active", VPC_A, java.util.List.of(new dev.mirrorpilot.policy.model.LoadBalancer.Listener("UDP", 4789, "tg")),
                java.util.List.of(new dev.mirrorpilot.policy.model.LoadBalancer.RegisteredTarget("tg", "i-sensor-tmt-eni", 4789, "healthy"))));
        var traffic = new SourceTraffic(Map.of("i-1", 1.0, "i-2", 0.5), 0.05);

        var report = SensorLoadReport.of(account.build(), MirrorPolicy.defaults(), SensorRatings.guide(), traffic,
                SensorLoadReport.Prices.defaults());

        assertThat(report.sensors()).singleElement().satisfies(s -> {
            assertThat(s.targetIds()).containsExactly("tmt-eni", "tmt-nlb");
            assertThat(s.gbps()).isCloseTo(1.5, within(1e-9));
            assertThat(s.ratedGbps()).isEqualTo(4.0);
        });
        assertThat(report.targets()).extracting(SensorLoadReport.TargetLoad::sensorZone).containsOnly(AZ_1);
    }

    @Test
    void unratedSensorsAndUnknownZonesAreReportedAsUnknownNotZeroLoad() {
        var account = account().nlbTarget("tmt-nlb", VPC_A).running("i-1", VPC_A, AZ_2)
                .managedSession("tms-1", eniOf("i-1"), "tmt-nlb", 1, "i-1")
                .workload("i-unrelated", "m5.large", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE);

        var report = SensorLoadReport.of(account.build(), MirrorPolicy.defaults(), SensorRatings.guide(),
                SourceTraffic.unmeasured(0.05), SensorLoadReport.Prices.defaults());

        var line = report.targets().get(0);
        assertThat(line.ratedGbps()).isZero();
        assertThat(line.gbps()).isCloseTo(0.05, within(1e-9));
        assertThat(line.sensorZone()).isEmpty(); // the NLB's Sensor is outside the inventory
        assertThat(line.crossAzSources()).isZero();
        assertThat(line.limit()).isEqualTo(-1);
    }
}
