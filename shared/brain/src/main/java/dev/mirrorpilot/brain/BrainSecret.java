package dev.mirrorpilot.brain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.Set;

/**
 * The Secrets Manager secret that holds a Brain's credentials, as JSON: {@code {"apiToken": "..."}}
 * (v2.5) or {@code {"clientId": "...", "clientSecret": "..."}} (v3.x), with an optional
 * {@code "caBundle"} (PEM) for a Brain's own certificate. Errors name fields, never values.
 */
public record BrainSecret(BrainCredentials credentials, Optional<String> caBundle) {
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> FIELDS = Set.of("apiToken", "clientId", "clientSecret", "caBundle");

    @Override
    public String toString() {
        return "BrainSecret[" + credentials + (caBundle.isPresent() ? ", CA bundle" : "") + "]";
    }

    public static BrainSecret parse(String secretString) {
        JsonNode root;
        try {
            root = JSON.readTree(secretString == null ? "" : secretString);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the Brain secret is not JSON; expected {\"apiToken\": ...} or "
                    + "{\"clientId\": ..., \"clientSecret\": ...}");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the Brain secret must be a JSON object with apiToken, or clientId and clientSecret");
        }
        var unknown = new java.util.ArrayList<String>();
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                unknown.add(f.length() > 40 ? f.substring(0, 40) + "..." : f);
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the Brain secret has unknown fields " + unknown + "; allowed: " + FIELDS);
        }
        var ca = text(root, "caBundle");
        var token = text(root, "apiToken");
        var id = text(root, "clientId");
        var secret = text(root, "clientSecret");
        if (token.isPresent() && (id.isPresent() || secret.isPresent())) {
            throw new IllegalArgumentException("the Brain secret has both apiToken and an OAuth client; keep the one the Brain's API takes");
        }
        if (token.isPresent()) {
            return new BrainSecret(new BrainCredentials.ApiToken(token.get()), ca);
        }
        if (id.isPresent() && secret.isPresent()) {
            return new BrainSecret(new BrainCredentials.OAuthClient(id.get(), secret.get()), ca);
        }
        throw new IllegalArgumentException("the Brain secret needs apiToken (API v2.5), or clientId and clientSecret (v3.x), "
                + "as non-empty text");
    }

    private static Optional<String> text(JsonNode root, String field) {
        var value = root.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("the Brain secret's " + field + " must be non-empty text");
        }
        return Optional.of(value.asText());
    }
}
