package dev.mirrorpilot.simulator.ec2;

import dev.mirrorpilot.simulator.AwsError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An EC2 Query API request: form-encoded parameters where lists are flattened as
 * {@code Name.1}, {@code Name.2} and structures as {@code Name.1.Field}.
 */
public final class QueryRequest {
    /** A Describe filter: {@code Filter.N.Name} and its {@code Filter.N.Value.M}. */
    public record Filter(String name, List<String> values) {
    }

    private final Map<String, String> params;

    private QueryRequest(Map<String, String> params) {
        this.params = params;
    }

    public static QueryRequest parse(String body) {
        var params = new LinkedHashMap<String, String>();
        if (body != null && !body.isEmpty()) {
            for (var pair : body.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                var key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                var value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            }
        }
        return new QueryRequest(params);
    }

    public String action() {
        return params.getOrDefault("Action", "");
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    public Optional<String> string(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public String required(String name) {
        var value = params.get(name);
        if (value == null || value.isEmpty()) {
            throw AwsError.missingParameter(name);
        }
        return value;
    }

    public OptionalInt integer(String name) {
        var value = params.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw AwsError.invalidParameter("Value (" + value + ") for parameter " + name + " is invalid. Expected an integer.");
        }
    }

    public boolean bool(String name) {
        return Boolean.parseBoolean(params.getOrDefault(name, "false"));
    }

    /** {@code Name.1}, {@code Name.2}, ... in order. */
    public List<String> list(String name) {
        var values = new ArrayList<String>();
        for (int i = 1; params.containsKey(name + "." + i); i++) {
            values.add(params.get(name + "." + i));
        }
        return values;
    }

    public List<Filter> filters() {
        var filters = new ArrayList<Filter>();
        for (int i = 1; params.containsKey("Filter." + i + ".Name"); i++) {
            filters.add(new Filter(params.get("Filter." + i + ".Name"), list("Filter." + i + ".Value")));
        }
        return filters;
    }

    /** {@code Prefix.N.Key} / {@code Prefix.N.Value} pairs; a missing value is null. */
    public Map<String, String> tags(String prefix) {
        var tags = new LinkedHashMap<String, String>();
        for (int i = 1; params.containsKey(prefix + "." + i + ".Key"); i++) {
            tags.put(params.get(prefix + "." + i + ".Key"), params.get(prefix + "." + i + ".Value"));
        }
        return tags;
    }

    /** Tags from {@code TagSpecification.N} entries for one resource type; other types are an error. */
    public Map<String, String> tagSpecifications(String resourceType) {
        var tags = new HashMap<String, String>();
        for (int i = 1; params.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
            var type = params.get("TagSpecification." + i + ".ResourceType");
            if (!type.equals(resourceType)) {
                throw AwsError.invalidParameter("'" + type + "' is not a valid taggable resource type for this operation.");
            }
            tags.putAll(tags("TagSpecification." + i + ".Tag"));
        }
        return tags;
    }
}
