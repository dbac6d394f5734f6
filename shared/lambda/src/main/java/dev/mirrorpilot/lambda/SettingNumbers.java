package dev.mirrorpilot.lambda;

import dev.mirrorpilot.policy.config.PolicyError;
import java.util.List;
import java.util.Map;

/** Reads a numeric function setting from the environment: its default when unset, an error naming what is allowed otherwise. */
public final class SettingNumbers {
    private SettingNumbers() {
    }

    /**
     * @param whole   whether only a whole number is allowed
     * @param allowed what to say is expected, e.g. "percent of the bucket, 1..100"
     */
    public static double read(Map<String, String> env, String key, double fallback, double min, double max, boolean whole,
                              String allowed, List<PolicyError> errors) {
        var raw = env.getOrDefault(key, "").trim();
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            double value = whole ? Integer.parseInt(raw) : Double.parseDouble(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new PolicyError(key, raw, "expected " + allowed));
        return fallback;
    }
}
