package dev.mirrorpilot.functions.brainhealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.brain.HealthQuery;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checks and fresh-data settings: what the function asks the Brain, and each bad value named. */
class BrainHealthSettingsTest {
    private static Map<String, String> settings(String api, String checks, String fresh) {
        var env = new HashMap<String, String>();
        env.put(BrainHealthSettings.URL, "https://brain.example.internal");
        env.put(BrainHealthSettings.API, api);
        env.put(BrainHealthSettings.SECRET, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:brain");
        env.put(BrainHealthSettings.CHECKS, checks);
        env.put(BrainHealthSettings.FRESH, fresh);
        return env;
    }

    @Test
    void byDefaultTheWholeDocumentIsAskedFromTheCache() {
        assertThat(BrainHealthSettings.fromEnvironment(settings("v3.4", "", "false")).query()).isEqualTo(HealthQuery.WHOLE);
    }

    @Test
    void namedChecksAndFreshDataReachTheQuery() {
        assertThat(BrainHealthSettings.fromEnvironment(settings("v3.4", "sensors,connectivity,trafficdrop,network", "false"))
                .query().checks()).containsExactly("sensors", "connectivity", "trafficdrop", "network");
        assertThat(BrainHealthSettings.fromEnvironment(settings("v3.3", "", "true")).query().fresh()).isTrue();
    }

    @Test
    void checksWithoutTheSensorStatesFreshOnV25AndNonBooleansAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> BrainHealthSettings.fromEnvironment(settings("v3.4", "cpu", "false")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining(BrainHealthSettings.CHECKS)
                .hasMessageContaining("must include sensors, connectivity, trafficdrop");
        assertThatThrownBy(() -> BrainHealthSettings.fromEnvironment(settings("v2.5", "", "true")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining(BrainHealthSettings.FRESH)
                .hasMessageContaining("v3.3 or later");
        assertThatThrownBy(() -> BrainHealthSettings.fromEnvironment(settings("v3.4", "", "yes")))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("expected true or false");
    }
}
