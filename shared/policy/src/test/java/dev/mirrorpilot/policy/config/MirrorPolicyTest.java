package dev.mirrorpilot.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorPolicyTest {

    @Test
    void emptySettingsGiveTheDocumentedDefaults() {
        var policy = MirrorPolicy.defaults();

        assertThat(policy.targets()).isEqualTo(new Selection.ByTag(new TagMatch("mirrorpilot:role", "sensor")));
        assertThat(policy.filter()).isEqualTo(new Selection.ByTag(new TagMatch("mirrorpilot:role", "filter")));
        assertThat(policy.mode()).isEqualTo(MirrorPolicy.Mode.OPT_OUT);
        assertThat(policy.interfaces()).isEqualTo(MirrorPolicy.Interfaces.PRIMARY);
        assertThat(policy.preferredSessionNumber()).isEqualTo(1);
        assertThat(policy.vni()).isInstanceOf(VniPolicy.AwsChosen.class);
        assertThat(policy.packetLength()).isEmpty();
        assertThat(policy.capacityHeadroomPercent()).isEqualTo(80);
        assertThat(policy.preferSameAz()).isTrue();
        assertThat(policy.onStop()).isEqualTo(MirrorPolicy.OnStop.KEEP);
    }

    @Test
    void everySettingIsRead() {
        var policy = MirrorPolicy.fromSettings(Map.ofEntries(
                Map.entry("MIRRORPILOT_TARGET_IDS", "tmt-0123456789abcdef0, tmt-0123456789abcdef1"),
                Map.entry("MIRRORPILOT_FILTER_ID", "tmf-0123456789abcdef0"),
                Map.entry("MIRRORPILOT_MODE", "OPT-IN"),
                Map.entry("MIRRORPILOT_INCLUDE_VPCS", "vpc-0123456789abcdef0"),
                Map.entry("MIRRORPILOT_EXCLUDE_SUBNETS", "subnet-01234567"),
                Map.entry("MIRRORPILOT_INTERFACES", "all"),
                Map.entry("MIRRORPILOT_SESSION_NUMBER", "5"),
                Map.entry("MIRRORPILOT_VNI", "per-vpc"),
                Map.entry("MIRRORPILOT_PACKET_LENGTH", "256"),
                Map.entry("MIRRORPILOT_CAPACITY_HEADROOM", "70%"),
                Map.entry("MIRRORPILOT_PREFER_SAME_AZ", "false"),
                Map.entry("MIRRORPILOT_ON_STOP", "remove"),
                Map.entry("PATH", "/usr/bin")));

        assertThat(policy.targets()).isEqualTo(new Selection.ByIds(Set.of("tmt-0123456789abcdef0", "tmt-0123456789abcdef1")));
        assertThat(policy.filter()).isEqualTo(new Selection.ByIds(Set.of("tmf-0123456789abcdef0")));
        assertThat(policy.mode()).isEqualTo(MirrorPolicy.Mode.OPT_IN);
        assertThat(policy.includeVpcs()).containsExactly("vpc-0123456789abcdef0");
        assertThat(policy.excludeSubnets()).containsExactly("subnet-01234567");
        assertThat(policy.interfaces()).isEqualTo(MirrorPolicy.Interfaces.ALL);
        assertThat(policy.preferredSessionNumber()).isEqualTo(5);
        assertThat(policy.vni()).isInstanceOf(VniPolicy.PerVpc.class);
        assertThat(policy.packetLength()).isEqualTo(OptionalInt.of(256));
        assertThat(policy.capacityHeadroomPercent()).isEqualTo(70);
        assertThat(policy.preferSameAz()).isFalse();
        assertThat(policy.onStop()).isEqualTo(MirrorPolicy.OnStop.REMOVE);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "MIRRORPILOT_TARGET_TAG|mirrorpilot:role|expected a tag as key=value",
            "MIRRORPILOT_TARGET_IDS|tmt-nothex|not valid id(s): tmt-nothex",
            "MIRRORPILOT_FILTER_ID|tmf-0123456789abcdef0,tmf-0123456789abcdef1|name exactly one filter",
            "MIRRORPILOT_MODE|sometimes|expected opt-out",
            "MIRRORPILOT_INCLUDE_VPCS|vpc-1|for example vpc-0123456789abcdef0",
            "MIRRORPILOT_INTERFACES|primary-and-more|expected primary (device index 0 only) or all",
            "MIRRORPILOT_SESSION_NUMBER|0|1..32766",
            "MIRRORPILOT_SESSION_NUMBER|32767|1..32766",
            "MIRRORPILOT_VNI|16777216|1..16777215",
            "MIRRORPILOT_PACKET_LENGTH|9000|1..8500",
            "MIRRORPILOT_PACKET_LENGTH|jumbo|1..8500",
            "MIRRORPILOT_CAPACITY_HEADROOM|120|1..100",
            "MIRRORPILOT_PREFER_SAME_AZ|maybe|true or false",
            "MIRRORPILOT_ON_STOP|pause|keep"})
    void badValueSaysWhatIsWrongAndWhatIsAllowed(String key, String value, String expected) {
        var error = catchThrowableOfType(InvalidPolicyException.class, () -> MirrorPolicy.fromSettings(Map.of(key, value)));

        assertThat(error.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.value()).isEqualTo(value);
            assertThat(e.message()).contains(expected);
        });
        assertThat(error.getMessage()).contains(key);
    }

    @Test
    void everyBadKeyIsReportedAtOnce() {
        var error = catchThrowableOfType(InvalidPolicyException.class, () -> MirrorPolicy.fromSettings(Map.of(
                "MIRRORPILOT_MODE", "x", "MIRRORPILOT_VNI", "y", "MIRRORPILOT_ON_STOP", "z")));

        assertThat(error.errors()).extracting(PolicyError::key)
                .containsExactlyInAnyOrder("MIRRORPILOT_MODE", "MIRRORPILOT_VNI", "MIRRORPILOT_ON_STOP");
    }

    @Test
    void likelyTypoOfAKeyIsAnErrorNotSilentlyIgnored() {
        assertThatThrownBy(() -> MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_MOD", "opt-in")))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("did you mean MIRRORPILOT_MODE?");
    }

    @Test
    void settingsOfOtherComponentsAreLeftAlone() {
        assertThat(MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_LOG_GROUP", "/mirrorpilot/brain"))).isNotNull();
    }

    @Test
    void targetIdsAndTargetTagTogetherAreAmbiguous() {
        assertThatThrownBy(() -> MirrorPolicy.fromSettings(Map.of(
                "MIRRORPILOT_TARGET_IDS", "tmt-0123456789abcdef0", "MIRRORPILOT_TARGET_TAG", "team=sec")))
                .hasMessageContaining("not both");
    }

    @Test
    void vpcBothIncludedAndExcludedIsAnError() {
        assertThatThrownBy(() -> MirrorPolicy.fromSettings(Map.of(
                "MIRRORPILOT_INCLUDE_VPCS", "vpc-01234567", "MIRRORPILOT_EXCLUDE_VPCS", "vpc-01234567")))
                .hasMessageContaining("both included and excluded: vpc-01234567");
    }

    @Test
    void emptyValuesMeanDefaults() {
        assertThat(MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_MODE", "", "MIRRORPILOT_VNI", " ")))
                .isEqualTo(MirrorPolicy.defaults());
    }

    @Test
    void settingsRoundTrip() {
        var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_VNI", "77", "MIRRORPILOT_TARGET_IDS",
                "tmt-0123456789abcdef0", "MIRRORPILOT_PACKET_LENGTH", "100", "MIRRORPILOT_ON_STOP", "remove"));

        assertThat(MirrorPolicy.fromSettings(policy.toSettings())).isEqualTo(policy);
    }

    @org.junit.jupiter.api.Test
    void aNumberOutOfRangeIsSaidSoAndFullWidthDigitsAreNoNumber() {
        var refused = (InvalidPolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> MirrorPolicy.fromSettings(
                java.util.Map.of("MIRRORPILOT_CAPACITY_HEADROOM", "120", "MIRRORPILOT_SESSION_NUMBER", "\uff11")));

        org.assertj.core.api.Assertions.assertThat(refused.errors().toString())
                .contains("MIRRORPILOT_CAPACITY_HEADROOM=120: out of range").contains("MIRRORPILOT_SESSION_NUMBER=")
                .contains("not a whole number");
    }
}
