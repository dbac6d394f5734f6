package dev.mirrorpilot.functions.rebalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.policy.config.InvalidPolicyException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rebalance function's settings: defaults, and every bad one reported at once. */
class RebalanceOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        var options = RebalanceOptions.defaults();

        assertThat(options.settings().throughputSharePercent()).isEqualTo(80);
        assertThat(options.settings().lowWaterPercent()).isEqualTo(60);
        assertThat(options.settings().maxMoves()).isEqualTo(100);
        assertThat(options.defaultGbps()).isEqualTo(0.05);
        assertThat(options.percentile()).isEqualTo(95);
        assertThat(options.windowHours()).isEqualTo(24);
        assertThat(options.mutatingPerSecond()).isEqualTo(2.5);
        assertThat(options.publishFindings()).isTrue();
        assertThat(options.settings().moveOffDownSensors()).isFalse();
        assertThat(RebalanceOptions.fromEnvironment(Map.of(RebalanceOptions.DOWN_SENSORS, "move")).settings().moveOffDownSensors())
                .isTrue();
    }

    @Test
    void ratingsOverrideByTypeOrTarget() {
        var options = RebalanceOptions.fromEnvironment(Map.of(RebalanceOptions.RATINGS, "r5.large=1.5, tmt-0abc=4"));

        assertThat(options.settings().ratings().of("r5.large")).hasValue(1.5);
        assertThat(options.settings().ratings().of("tmt-0abc")).hasValue(4.0);
        assertThat(options.settings().ratings().of("r5.xlarge")).hasValue(2.0); // the guide's, untouched
    }

    @Test
    void everyBadSettingIsReportedAtOnceNamingWhatIsAllowed() {
        var env = Map.of(RebalanceOptions.SHARE, "120", RebalanceOptions.LOW_WATER, "abc", RebalanceOptions.MAX_MOVES, "-3",
                RebalanceOptions.RATINGS, "r5.large=fast,r5.large=2", RebalanceOptions.DEFAULT_GBPS, "NaN",
                RebalanceOptions.FINDINGS, "yes");

        assertThatThrownBy(() -> RebalanceOptions.fromEnvironment(env)).isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).errors()).extracting(err -> err.key())
                        .contains(RebalanceOptions.SHARE, RebalanceOptions.LOW_WATER, RebalanceOptions.MAX_MOVES,
                                RebalanceOptions.RATINGS, RebalanceOptions.DEFAULT_GBPS, RebalanceOptions.FINDINGS));
    }

    @Test
    void aLowWaterMarkAtOrAboveTheShareIsRefused() {
        assertThatThrownBy(() -> RebalanceOptions.fromEnvironment(Map.of(RebalanceOptions.SHARE, "60", RebalanceOptions.LOW_WATER, "60")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("below");
    }

    @Test
    void anOutOfRangeNumberIsSaidSoAndFullWidthDigitsAreNotANumber() {
        var errors = ((InvalidPolicyException) org.assertj.core.api.Assertions.catchThrowable(() -> RebalanceOptions.fromEnvironment(
                Map.of(RebalanceOptions.SHARE, "120", RebalanceOptions.PERCENTILE, "\uff15\uff10")))).errors();

        assertThat(errors).anySatisfy(e -> assertThat(e.toString()).contains(RebalanceOptions.SHARE).contains("out of range"));
        assertThat(errors).anySatisfy(e -> assertThat(e.toString()).contains(RebalanceOptions.PERCENTILE).contains(": not a"));
    }
}
