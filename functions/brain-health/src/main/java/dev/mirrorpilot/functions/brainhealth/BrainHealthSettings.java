package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.brain.BrainClient;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.PolicyError;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The brain-health function's settings, from its environment; every bad one reported at once.
 * The credentials are not here: only the secret's ARN (their values never reach a setting or log).
 */
public record BrainHealthSettings(URI brainUrl, BrainClient.Api api, String secretArn, Optional<String> caBundle,
                                  String logGroup, int retentionDays, Duration secretTtl, boolean publishFindings,
                                  dev.mirrorpilot.brain.HealthQuery query) {
    public static final String URL = "MIRRORPILOT_BRAIN_URL";
    public static final String API = "MIRRORPILOT_BRAIN_API";
    public static final String SECRET = "MIRRORPILOT_BRAIN_SECRET_ARN";
    public static final String CA_BUNDLE = "MIRRORPILOT_BRAIN_CA_BUNDLE";
    public static final String LOG_GROUP = "MIRRORPILOT_BRAIN_LOG_GROUP";
    public static final String RETENTION = "MIRRORPILOT_BRAIN_LOG_RETENTION_DAYS";
    public static final String SECRET_TTL = "MIRRORPILOT_BRAIN_SECRET_TTL_SECONDS";
    public static final String FINDINGS = "MIRRORPILOT_FINDINGS";
    /** Checks to ask one by one ({@code /health/<check>}); empty for the whole document. */
    public static final String CHECKS = "MIRRORPILOT_BRAIN_CHECKS";
    /** Ask the Brain for data computed now ({@code cache=False}; v3.3 and later). */
    public static final String FRESH = "MIRRORPILOT_BRAIN_FRESH";
    /** CloudWatch Logs accepts only these retention periods. */
    static final Set<Integer> RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
            1827, 2192, 2557, 2922, 3288, 3653);

    public static BrainHealthSettings fromEnvironment(Map<String, String> env) {
        var errors = new ArrayList<PolicyError>();
        URI url = null;
        var rawUrl = env.getOrDefault(URL, "").trim();
        try {
            url = URI.create(rawUrl);
            if (!"https".equals(url.getScheme()) || url.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            errors.add(new PolicyError(URL, rawUrl, "expected the Brain's https:// URL, e.g. https://brain.example.internal"));
        }
        var rawApi = env.getOrDefault(API, "v2.5").trim().toLowerCase(Locale.ROOT);
        var api = switch (rawApi) {
            case "v2.5" -> BrainClient.Api.V2_5;
            case "v3.3" -> BrainClient.Api.V3_3;
            case "v3.4" -> BrainClient.Api.V3_4;
            default -> {
                errors.add(new PolicyError(API, rawApi, "expected v2.5 (Detect / Quadrant UX), v3.3 or v3.4 (Respond UX)"));
                yield BrainClient.Api.V2_5;
            }
        };
        var secret = env.getOrDefault(SECRET, "").trim();
        if (!secret.matches("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+")) {
            errors.add(new PolicyError(SECRET, secret, "expected the ARN of the Secrets Manager secret holding the Brain's credentials"));
        }
        var ca = env.getOrDefault(CA_BUNDLE, "").trim();
        if (!ca.isEmpty() && !ca.contains("-----BEGIN CERTIFICATE-----")) {
            errors.add(new PolicyError(CA_BUNDLE, "(" + ca.length() + " characters)", "expected PEM certificates, or nothing"));
        }
        var group = env.getOrDefault(LOG_GROUP, "/mirrorpilot/brain-health").trim();
        if (!group.matches("[.\\-_/#A-Za-z0-9]{1,512}")) {
            errors.add(new PolicyError(LOG_GROUP, group, "expected a CloudWatch Logs group name (letters, digits, . - _ / #)"));
        }
        int retention = number(env, RETENTION, 30, errors, "one of CloudWatch Logs' retention periods " + RETENTION_DAYS.stream().sorted().toList());
        if (!RETENTION_DAYS.contains(retention)) {
            errors.add(new PolicyError(RETENTION, Integer.toString(retention), "expected one of " + RETENTION_DAYS.stream().sorted().toList()));
        }
        int ttl = number(env, SECRET_TTL, 300, errors, "seconds to keep the secret, 0..86400");
        if (ttl < 0 || ttl > 86_400) {
            errors.add(new PolicyError(SECRET_TTL, Integer.toString(ttl), "expected seconds to keep the secret, 0..86400"));
        }
        var findings = env.getOrDefault(FINDINGS, "true").trim();
        if (!findings.equals("true") && !findings.equals("false") && !findings.isEmpty()) {
            errors.add(new PolicyError(FINDINGS, findings, "expected true or false"));
        }
        var fresh = env.getOrDefault(FRESH, "false").trim();
        if (!fresh.equals("true") && !fresh.equals("false") && !fresh.isEmpty()) {
            errors.add(new PolicyError(FRESH, fresh, "expected true or false"));
        }
        if (fresh.equals("true") && api == BrainClient.Api.V2_5) {
            errors.add(new PolicyError(FRESH, fresh, "fresh data (cache=False) needs API v3.3 or later; set it false for v2.5"));
        }
        var query = dev.mirrorpilot.brain.HealthQuery.WHOLE;
        var checks = env.getOrDefault(CHECKS, "");
        try {
            query = dev.mirrorpilot.brain.HealthQuery.of(checks, fresh.equals("true"));
        } catch (IllegalArgumentException e) {
            errors.add(new PolicyError(CHECKS, checks, e.getMessage()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new BrainHealthSettings(url, api, secret, ca.isEmpty() ? Optional.empty() : Optional.of(ca), group, retention,
                Duration.ofSeconds(ttl), !findings.equals("false"), query);
    }

    private static int number(Map<String, String> env, String key, int fallback, java.util.List<PolicyError> errors, String allowed) {
        var raw = env.getOrDefault(key, "").trim();
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            errors.add(new PolicyError(key, raw, "expected " + allowed));
            return fallback;
        }
    }
}
