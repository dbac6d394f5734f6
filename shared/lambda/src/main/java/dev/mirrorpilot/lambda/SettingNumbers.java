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
        // ASCII digits only: Java's parsers also take full-width digits, exponents, hex floats, NaN and Infinity.
        if (!raw.matches(whole ? "-?[0-9]{1,18}" : "-?[0-9]{1,18}(\\.[0-9]{1,18})?")) {
            errors.add(new PolicyError(key, dev.mirrorpilot.policy.text.Printable.of(raw),
                    "not " + (whole ? "a whole number" : "a number") + "; expected " + allowed));
            return fallback;
        }
        double value = Double.parseDouble(raw);
        if (value >= min && value <= max) {
            return value;
        }
        errors.add(new PolicyError(key, raw, "out of range; expected " + allowed));
        return fallback;
    }
}
