package dev.mirrorpilot.policy.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CapacityLimitTest {
    private static final Map<String, InstanceTypeFacts> TYPES = TestAccount.instanceTypes().stream()
            .collect(Collectors.toMap(InstanceTypeFacts::name, Function.identity()));

    private static MirrorTarget eniTarget(Optional<String> sensorType) {
        return new MirrorTarget("tmt-1", TargetKind.NETWORK_INTERFACE, "eni-1", "vpc-a", Optional.of("eu-west-1a"),
                "111122223333", sensorType, Tags.NONE);
    }

    @Test
    void eniTargetTakesTenSources() {
        var limit = CapacityLimit.of(eniTarget(Optional.of("r5n.xlarge")), TYPES, 80);

        assertThat(limit.hardLimit()).isEqualTo(10);
        assertThat(limit.headroomLimit()).isEqualTo(8);
        assertThat(limit.admits(9)).isTrue();
        assertThat(limit.admits(10)).isFalse();
    }

    @Test
    void eniTargetOnLargestSizeOfFamilyTakesOneHundred() {
        var limit = CapacityLimit.of(eniTarget(Optional.of("c5n.18xlarge")), TYPES, 80);

        assertThat(limit.hardLimit()).isEqualTo(100);
        assertThat(limit.headroomLimit()).isEqualTo(80);
    }

    @Test
    void eniTargetWithUnknownSensorTypeGetsTheSafeLimit() {
        assertThat(CapacityLimit.of(eniTarget(Optional.empty()), TYPES, 80).hardLimit()).isEqualTo(10);
        assertThat(CapacityLimit.of(eniTarget(Optional.of("zz9.huge")), TYPES, 80).hardLimit()).isEqualTo(10);
    }

    @Test
    void loadBalancerTargetsHaveNoLimit() {
        for (var kind : new TargetKind[] {TargetKind.NETWORK_LOAD_BALANCER, TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT}) {
            var target = new MirrorTarget("tmt-lb", kind, "arn-or-vpce", "vpc-a", Optional.empty(), "111122223333",
                    Optional.empty(), Tags.NONE);
            var limit = CapacityLimit.of(target, TYPES, 80);

            assertThat(limit.isUnlimited()).isTrue();
            assertThat(limit.admits(1_000_000)).isTrue();
            assertThat(limit.isAboveHeadroom(1_000_000)).isFalse();
        }
    }

    @Test
    void headroomNeverRoundsToZero() {
        assertThat(CapacityLimit.of(eniTarget(Optional.empty()), TYPES, 1).headroomLimit()).isEqualTo(1);
        assertThat(CapacityLimit.of(eniTarget(Optional.empty()), TYPES, 100).headroomLimit()).isEqualTo(10);
    }
}
