package dev.mirrorpilot.simulator.model;

import java.util.Map;
import java.util.TreeMap;

/** A resource's tags, key to value, sorted by key (as DescribeTags lists them). */
public record Tags(Map<String, String> values) {
    public static final Tags NONE = new Tags(Map.of());

    public Tags {
        values = java.util.Collections.unmodifiableMap(new TreeMap<>(values));
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

    /** The Name tag, or the fallback when there is none. */
    public String nameOr(String fallback) {
        var name = values.get("Name");
        return name == null || name.isBlank() ? fallback : name;
    }

    /** Sorted, for stable output. */
    public Map<String, String> sorted() {
        return values;
    }
}
