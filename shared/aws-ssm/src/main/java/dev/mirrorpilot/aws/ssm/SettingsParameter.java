package dev.mirrorpilot.aws.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.policy.text.Printable;
import dev.mirrorpilot.events.StrictJson;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.lambda.powertools.parameters.cache.CacheManager;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * The stack's settings, one SSM parameter holding a JSON object of {@code MIRRORPILOT_*} names to
 * string values, read with Powertools Parameters and trusted for {@code maxAge}. Because a function
 * reads it at run time, a changed stack parameter reaches every published version (a per-version
 * environment would not: the {@code live} alias keeps the version it had). Guarantees: a value that
 * is not exactly such an object (duplicate names, trailing data, a value that is not a string, a
 * name outside {@code MIRRORPILOT_*}) is refused with every reason; a parameter that is missing or
 * may not be read is refused naming the parameter and what to do; nothing is ever half read.
 */
public final class SettingsParameter {
    /** Names the parameter may not set: they say where the settings come from and which account runs. */
    public static final List<String> RESERVED = List.of("MIRRORPILOT_SETTINGS_PARAMETER", "MIRRORPILOT_SETTINGS_MAX_AGE_SECONDS",
            "MIRRORPILOT_ACCOUNT_ID");
    private static final Pattern NAME = Pattern.compile("MIRRORPILOT_[A-Z0-9_]{1,64}");
    private static final int MAX_SETTINGS = 200;

    /** The parameter cannot be used; {@link #errors()} says why and what to do, one line each. */
    public static final class UnusableSettingsException extends IllegalArgumentException {
        private final transient List<String> errors;

        UnusableSettingsException(String parameter, List<String> errors) {
            super("settings parameter " + parameter + ": " + String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    private final SsmClient client;
    private final String name;
    private final Duration maxAge;
    private volatile SSMProvider provider;
    /** The last value read and what it parsed to: a warm invocation within the max age parses nothing again. */
    private volatile Parsed last;

    private record Parsed(String raw, Map<String, String> settings) {
    }

    public SettingsParameter(SsmClient client, String name, Duration maxAge) {
        this.client = client;
        this.name = name;
        this.maxAge = maxAge;
        this.provider = newProvider();
    }

    /** The SSM client a function builds: standard settings, the light HTTP client, standard retries, calls bounded to 5 s. */
    public static SsmClient clientFor(String region) {
        return SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build();
    }

    /** A client for a local endpoint (the simulator): placeholder credentials, since it checks none. */
    public static SsmClient clientFor(URI endpoint, String region) {
        return SsmClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region)).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    public String name() {
        return name;
    }

    /**
     * The settings, from the cache while younger than the max age, else read again.
     *
     * @throws UnusableSettingsException when the parameter is missing, unreadable or not a settings object
     * @throws SsmException when SSM fails after the SDK's retries (a transient failure, not a bad setting)
     */
    public Map<String, String> read() {
        String value;
        try {
            value = provider.get(name);
        } catch (ParameterNotFoundException e) {
            throw new UnusableSettingsException(name, List.of("it does not exist; deploy the stack again, or point "
                    + "MIRRORPILOT_SETTINGS_PARAMETER at the stack's SettingsParameter"));
        } catch (SsmException e) {
            if (e.statusCode() == 400 && "AccessDeniedException".equals(e.awsErrorDetails().errorCode())) {
                throw new UnusableSettingsException(name, List.of("the function may not read it; its role needs "
                        + "ssm:GetParameter on this parameter (the stack grants it)"));
            }
            throw e;
        }
        var known = last;
        if (known != null && known.raw().equals(value)) {
            return known.settings();
        }
        var parsed = parse(name, value);
        last = new Parsed(value, parsed);
        return parsed;
    }

    /** Drops what was read (after a SnapStart restore: nothing read before the snapshot is trusted). */
    public void forget() {
        provider = newProvider();
    }

    /** Reads a settings object strictly; the parameter's name only labels the errors. */
    public static Map<String, String> parse(String parameter, String value) {
        JsonNode tree;
        try {
            tree = StrictJson.read(value, "its value");
        } catch (StrictJson.RefusedException e) {
            throw new UnusableSettingsException(parameter, List.of("not one JSON object (" + e.getMessage()
                    + "); the stack writes it, so deploy the stack again rather than editing it by hand"));
        }
        if (tree == null || !tree.isObject()) {
            throw new UnusableSettingsException(parameter, List.of("expected a JSON object of MIRRORPILOT_* names to strings"));
        }
        var errors = new ArrayList<String>();
        var settings = new TreeMap<String, String>();
        if (tree.size() > MAX_SETTINGS) {
            errors.add("holds " + tree.size() + " settings, at most " + MAX_SETTINGS + " are read");
        }
        tree.fields().forEachRemaining(field -> {
            var key = field.getKey();
            if (!NAME.matcher(key).matches()) {
                errors.add("name \"" + Printable.of(key) + "\" is not a MIRRORPILOT_* setting (upper-case ASCII letters, digits and _)");
            } else if (RESERVED.contains(key)) {
                errors.add(key + " may be set only in the function's environment");
            } else if (!field.getValue().isTextual()) {
                errors.add(key + ": expected a string, found " + field.getValue().getNodeType().toString().toLowerCase());
            } else {
                settings.put(key, field.getValue().textValue());
            }
        });
        if (!errors.isEmpty()) {
            throw new UnusableSettingsException(parameter, errors);
        }
        return Map.copyOf(settings);
    }

    private SSMProvider newProvider() {
        var cache = new CacheManager();
        cache.setDefaultExpirationTime(maxAge);
        return SSMProvider.builder().withClient(client).withCacheManager(cache).build();
    }
}
