package dev.mirrorpilot.aws.ssm;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stack's settings parameter read with the real SSM client from the simulated Parameter Store. */
class SettingsParameterTest {
    private static final String NAME = "MirrorPilot-settings-AbCdEf";

    @Test
    void theSettingsTheStackWroteAreReadAsStrings() {
        try (var simulator = SeededSimulator.start(SyntheticAccount.generate(SyntheticSpec.of(1, 1), 1));
             var ssm = SettingsParameter.clientFor(simulator.endpoint(), "eu-west-1")) {
            simulator.parameters().put(NAME, "{\"MIRRORPILOT_TARGET_TAG\":\"team=ndr\",\"MIRRORPILOT_EXCLUDE_VPCS\":\"\"}");

            var settings = new SettingsParameter(ssm, NAME, Duration.ofMinutes(1)).read();

            assertThat(settings).isEqualTo(Map.of("MIRRORPILOT_TARGET_TAG", "team=ndr", "MIRRORPILOT_EXCLUDE_VPCS", ""));
        }
    }

    @Test
    void aChangedParameterIsReadOnceTheMaxAgeHasPassedOrTheCacheIsForgotten() {
        try (var simulator = SeededSimulator.start(SyntheticAccount.generate(SyntheticSpec.of(1, 1), 1));
             var ssm = SettingsParameter.clientFor(simulator.endpoint(), "eu-west-1")) {
            simulator.parameters().put(NAME, "{\"MIRRORPILOT_MODE\":\"opt-out\"}");
            var trusted = new SettingsParameter(ssm, NAME, Duration.ofHours(1));
            var fresh = new SettingsParameter(ssm, NAME, Duration.ZERO);
            trusted.read();
            fresh.read();

            simulator.parameters().put(NAME, "{\"MIRRORPILOT_MODE\":\"opt-in\"}");

            assertThat(trusted.read()).containsEntry("MIRRORPILOT_MODE", "opt-out");
            assertThat(fresh.read()).containsEntry("MIRRORPILOT_MODE", "opt-in");
            trusted.forget();
            assertThat(trusted.read()).containsEntry("MIRRORPILOT_MODE", "opt-in");
        }
    }

    @Test
    void aMissingParameterIsRefusedNamingItAndWhatToDo() {
        try (var simulator = SeededSimulator.start(SyntheticAccount.generate(SyntheticSpec.of(1, 1), 1));
             var ssm = SettingsParameter.clientFor(simulator.endpoint(), "eu-west-1")) {
            assertThatThrownBy(() -> new SettingsParameter(ssm, NAME, Duration.ofMinutes(1)).read())
                    .isInstanceOf(SettingsParameter.UnusableSettingsException.class)
                    .hasMessageContaining(NAME).hasMessageContaining("does not exist").hasMessageContaining("deploy the stack");
        }
    }

    @Test
    void aValueThatIsNotExactlyOneObjectOfStringSettingsIsRefusedWithEveryReason() {
        assertThatThrownBy(() -> SettingsParameter.parse(NAME, "{\"MIRRORPILOT_MODE\":\"opt-in\"}{\"MIRRORPILOT_MODE\":\"opt-out\"}"))
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> SettingsParameter.parse(NAME, "{\"MIRRORPILOT_MODE\":\"opt-in\",\"MIRRORPILOT_MODE\":\"opt-out\"}"))
                .hasMessageContaining("has a key twice");
        assertThatThrownBy(() -> SettingsParameter.parse(NAME, "[]")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> SettingsParameter.parse(NAME, "")).hasMessageContaining("its value is empty");

        var refused = (SettingsParameter.UnusableSettingsException) org.assertj.core.api.Assertions.catchThrowable(() ->
                SettingsParameter.parse(NAME, "{\"MIRRORPILOT_VNI\":7,\"JAVA_TOOL_OPTIONS\":\"-Xmx1m\",\"MIRRORPILOT_ACCOUNT_ID\":"
                        + "\"111122223333\",\"MIRRORPILOT_MODE\\u001b[2J\":\"x\",\"MIRRORPILOT_MODE\":\"opt-in\"}"));

        assertThat(refused.errors()).containsExactly(
                "MIRRORPILOT_VNI: expected a string, found number",
                "name \"JAVA_TOOL_OPTIONS\" is not a MIRRORPILOT_* setting (upper-case ASCII letters, digits and _)",
                "MIRRORPILOT_ACCOUNT_ID may be set only in the function's environment",
                "name \"MIRRORPILOT_MODE\\u001b[2J\" is not a MIRRORPILOT_* setting (upper-case ASCII letters, digits and _)");
    }
}
