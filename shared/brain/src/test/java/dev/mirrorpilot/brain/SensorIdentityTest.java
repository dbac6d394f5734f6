package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One Sensor identity rule: an address names one instance, or nothing is decided. */
class SensorIdentityTest {
    private static SensorHealth sensor(String name, String ip, String status) {
        return new SensorHealth(name, "", "", ip, status, Optional.empty(), "", Optional.empty(), "", "");
    }

    private static SensorIdentity.Interface eni(String instance, String vpc, String ip) {
        return new SensorIdentity.Interface("eni-" + instance.substring(2), instance, vpc, ip, false);
    }

    private static SensorIdentity.Interface sensorEni(String instance, String vpc, String ip) {
        return new SensorIdentity.Interface("eni-" + instance.substring(2), instance, vpc, ip, true);
    }

    @Test
    void anAddressInTwoVpcsIsTheSensorsWhenOnlyOneOfTheInstancesIsASensor() {
        var resolution = SensorIdentity.resolve(List.of(sensor("a", "10.0.0.1", "unpaired")),
                List.of(eni("i-00000002", "vpc-00000002", "10.0.0.1"), sensorEni("i-00000001", "vpc-00000001", "10.0.0.1")));

        assertThat(resolution.stateByInstance()).containsExactly(java.util.Map.entry("i-00000001", SensorState.DOWN));
        assertThat(resolution.problems()).isEmpty();
    }

    @Test
    void anAddressHeldByOneInstanceGivesThatInstanceTheSensorsState() {
        var resolution = SensorIdentity.resolve(List.of(sensor("a", "10.0.0.1", "paired")),
                List.of(eni("i-00000001", "vpc-00000001", "10.0.0.1")));

        assertThat(resolution.stateByInstance()).containsEntry("i-00000001", SensorState.OK);
        assertThat(resolution.problems()).isEmpty();
    }

    @Test
    void anAddressInTwoVpcsDecidesNothing() {
        var resolution = SensorIdentity.resolve(List.of(sensor("a", "10.0.0.1", "unpaired")),
                List.of(sensorEni("i-00000001", "vpc-00000001", "10.0.0.1"), sensorEni("i-00000002", "vpc-00000002", "10.0.0.1")));

        assertThat(resolution.stateByInstance()).isEmpty();
        assertThat(resolution.ambiguous()).containsExactlyInAnyOrder("i-00000001", "i-00000002");
        assertThat(resolution.problems()).singleElement().asString().contains("overlapping VPCs");
    }

    @Test
    void twoRecordsAtOneAddressWithDifferentStatesDecideNothingWhateverTheirOrder() {
        for (var order : List.of(List.of(sensor("new", "10.0.0.1", "paired"), sensor("old", "10.0.0.1", "unpaired")),
                List.of(sensor("old", "10.0.0.1", "unpaired"), sensor("new", "10.0.0.1", "paired")))) {
            var resolution = SensorIdentity.resolve(order, List.of(eni("i-00000001", "vpc-00000001", "10.0.0.1")));

            assertThat(resolution.stateByInstance()).isEmpty();
            assertThat(resolution.ambiguous()).containsExactly("i-00000001");
        }
    }

    @Test
    void wildcardsAndTextAreNeverAddresses() {
        var sensors = List.of(sensor("a", "*", "paired"), sensor("b", "10.10.*", "paired"), sensor("c", "10.0.0.1 ", "paired"),
                sensor("d", "10.0.0.256", "paired"), sensor("e", "10.0.0.2", "paired"), sensor("f", "fd00::1", "paired"));

        assertThat(SensorIdentity.addresses(sensors)).containsExactly("10.0.0.2", "fd00::1");
        assertThat(SensorIdentity.resolve(sensors, List.of()).problems()).hasSize(4);
    }

    @Test
    void aMissingStatusIsUnknownAndAnyTrafficDropButOkDegrades() {
        assertThat(SensorState.of(sensor("a", "", "unknown"))).isEqualTo(SensorState.UNKNOWN);
        assertThat(SensorState.of(new SensorHealth("a", "", "", "", "paired", Optional.empty(), "",
                Optional.of(CheckStatus.CRITICAL), "", ""))).isEqualTo(SensorState.DEGRADED);
    }
}
