package dev.mirrorpilot.simulator.ec2;

import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Filtering and pagination shared by every Describe action: filters AND-ed, values inside one
 * filter OR-ed with {@code *} and {@code ?} wildcards, an unknown filter name an error,
 * {@code MaxResults} within the action's bounds and an opaque {@code NextToken}.
 */
final class Describe {
    /** One page of results and the token for the next, if any. */
    record Page<T>(List<T> items, Optional<String> nextToken) {
    }

    /** Values of a named filter for an item, or empty when the filter name is not supported. */
    interface Attributes<T> extends BiFunction<T, String, Optional<List<String>>> {
    }

    private Describe() {
    }

    static <T> List<T> filter(List<T> items, List<QueryRequest.Filter> filters, Attributes<T> attributes,
                              Function<T, Tags> tags) {
        var kept = new ArrayList<T>();
        for (var item : items) {
            boolean all = true;
            for (var filter : filters) {
                if (!matches(item, filter, attributes, tags)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                kept.add(item);
            }
        }
        return kept;
    }

    private static <T> boolean matches(T item, QueryRequest.Filter filter, Attributes<T> attributes, Function<T, Tags> tags) {
        List<String> actual;
        if (filter.name().startsWith("tag:") && tags != null) {
            var value = tags.apply(item).get(filter.name().substring(4));
            actual = value == null ? List.of() : List.of(value);
        } else if (filter.name().equals("tag-key") && tags != null) {
            actual = List.copyOf(tags.apply(item).values().keySet());
        } else {
            actual = attributes.apply(item, filter.name()).orElseThrow(() ->
                    AwsError.invalidParameter("The filter '" + filter.name() + "' is invalid"));
        }
        for (var wanted : filter.values()) {
            var pattern = glob(wanted);
            if (actual.stream().anyMatch(v -> pattern.matcher(v).matches())) {
                return true;
            }
        }
        return false;
    }

    private static Pattern glob(String value) {
        var regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static <T> Page<T> page(List<T> items, QueryRequest request, int minResults, int maxResults) {
        var max = request.integer("MaxResults");
        if (max.isPresent() && (max.getAsInt() < minResults || max.getAsInt() > maxResults)) {
            throw AwsError.invalidParameter("Value (" + max.getAsInt() + ") for parameter maxResults is invalid. "
                    + "Expecting a value between " + minResults + " and " + maxResults + ".");
        }
        int offset = request.string("NextToken").map(Describe::decode).orElse(0);
        if (max.isEmpty()) {
            return new Page<>(items.subList(Math.min(offset, items.size()), items.size()), Optional.empty());
        }
        int end = Math.min(items.size(), offset + max.getAsInt());
        var next = end < items.size() ? Optional.of(encode(end)) : Optional.<String>empty();
        return new Page<>(items.subList(Math.min(offset, items.size()), end), next);
    }

    private static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("mp:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token) {
        try {
            var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("mp:")) {
                return Integer.parseInt(text.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw AwsError.invalidParameter("The token '" + token + "' is invalid.");
    }

    /** Requested ids that do not exist are an error naming them, with the action's NotFound code. */
    static <T> List<T> byIds(List<String> ids, Map<String, T> all, String code, String noun) {
        var missing = ids.stream().filter(id -> !all.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw AwsError.badRequest(code, "The " + noun + " ID" + (missing.size() > 1 ? "s '" : " '")
                    + String.join(", ", missing) + (missing.size() > 1 ? "' do not exist" : "' does not exist"));
        }
        return ids.stream().distinct().map(all::get).toList();
    }

    static Optional<List<String>> one(Object value) {
        return Optional.of(value == null ? List.of() : List.of(String.valueOf(value)));
    }
}
