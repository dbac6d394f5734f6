package dev.mirrorpilot.policy.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * AWS resource tags. Keys are case-sensitive (as in AWS); {@link #valueIs} compares values
 * case-insensitively, because people write {@code False}, {@code false} and {@code FALSE}.
 */
public record Tags(Map<String, String> values) {
    public static final Tags NONE = new Tags(Map.of());

    public Tags {
        values = Map.copyOf(Objects.requireNonNull(values, "values"));
    }

    public static Tags of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("tags come in key/value pairs");
        }
        var map = new TreeMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new Tags(map);
    }

    public String get(String key) {
        return values.get(key);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public boolean valueIs(String key, String value) {
        var actual = values.get(key);
        return actual != null && actual.trim().equalsIgnoreCase(value);
    }

    /** The Name tag, or the fallback when there is none. */
    public String nameOr(String fallback) {
        var name = values.get("Name");
        return name == null || name.isBlank() ? fallback : name;
    }

    public Tags with(String key, String value) {
        var map = new TreeMap<>(values);
        map.put(key, value);
        return new Tags(map);
    }

    /** A sorted copy, for stable output. */
    public Map<String, String> sorted() {
        return new TreeMap<>(values);
    }
}
