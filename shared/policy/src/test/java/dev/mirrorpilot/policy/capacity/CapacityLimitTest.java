package dev.mirrorpilot.policy.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CapacityLimitTest {
    private static final Set<String> TYPES = SourceLimits.AWS_LISTED_HUNDRED_SOURCE_TYPES;

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
    void eniTargetOnATypeAwsListsTakesOneHundred() {
        var limit = CapacityLimit.of(eniTarget(Optional.of("c5n.18xlarge")), TYPES, 80);

        assertThat(limit.hardLimit()).isEqualTo(100);
        assertThat(limit.headroomLimit()).isEqualTo(80);
    }

    @Test
    void listedTypesThatAreNotTheLargestOfTheirFamilyTakeOneHundred() {
        // c5.18xlarge is not the largest c5 (c5.24xlarge is), yet the quotas page lists both.
        assertThat(CapacityLimit.of(eniTarget(Optional.of("c5.18xlarge")), TYPES, 80).hardLimit()).isEqualTo(100);
        assertThat(CapacityLimit.of(eniTarget(Optional.of("c5.24xlarge")), TYPES, 80).hardLimit()).isEqualTo(100);
        assertThat(CapacityLimit.of(eniTarget(Optional.of("r5n.24xlarge")), TYPES, 80).hardLimit()).isEqualTo(10);
    }

    @Test
    void theSettingAddsTypesAndARefusalTakesOneBack() {
        var policy = dev.mirrorpilot.policy.config.MirrorPolicy.fromSettings(
                Map.of("MIRRORPILOT_HUNDRED_SOURCE_TYPES", "r6in.32xlarge"));
        assertThat(CapacityLimit.of(eniTarget(Optional.of("r6in.32xlarge")), policy.hundredSourceTypes(), 80).hardLimit())
                .isEqualTo(100);

        var learned = policy.learnedTenSourceType("c5n.18xlarge");
        assertThat(CapacityLimit.of(eniTarget(Optional.of("c5n.18xlarge")), learned.hundredSourceTypes(), 80).hardLimit())
                .isEqualTo(10);
        assertThat(learned.toSettings()).isEqualTo(policy.toSettings());
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
