package dev.mirrorpilot.policy.config;

import dev.mirrorpilot.policy.model.Tags;
import java.util.Objects;

/** A {@code key=value} tag condition; the value is matched case-insensitively. */
public record TagMatch(String key, String value) {
    public TagMatch {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** Parses {@code key=value}; the key may itself contain colons, as in {@code mirrorpilot:role}. */
    public static TagMatch parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new IllegalArgumentException("expected key=value");
        }
        return new TagMatch(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
    }

    public boolean matches(Tags tags) {
        return tags.valueIs(key, value);
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }
}
