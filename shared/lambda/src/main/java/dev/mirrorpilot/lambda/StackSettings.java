package dev.mirrorpilot.lambda;

import dev.mirrorpilot.aws.ssm.SettingsParameter;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.PolicyError;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;

/**
 * The settings a function runs with: its environment, overlaid by the stack's settings parameter
 * when {@value #PARAMETER} names one. The parameter is read at run time and trusted for
 * {@value #MAX_AGE} seconds (default 60), so a changed stack parameter reaches the function that the
 * {@code live} alias calls, whatever version that is; after a SnapStart restore it is read again. A
 * parameter that cannot be used is an {@link InvalidPolicyException} (a bad setting, alarmed), and no
 * setting is ever taken from a half-read parameter.
 */
public final class StackSettings implements Resource {
    /** The name of the stack's settings parameter; the stack sets it, unset means the environment alone. */
    public static final String PARAMETER = "MIRRORPILOT_SETTINGS_PARAMETER";
    /** Seconds a read of the parameter is trusted. */
    public static final String MAX_AGE = "MIRRORPILOT_SETTINGS_MAX_AGE_SECONDS";
    private static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(60);

    private final Map<String, String> environment;
    private final Optional<SettingsParameter> parameter;
    private final Optional<InvalidPolicyException> invalid;
    /** The stored settings last merged and the result: the same instance each time the parameter is unchanged. */
    private volatile Map.Entry<Map<String, String>, Map<String, String>> lastMerge;

    private StackSettings(Map<String, String> environment, Optional<SettingsParameter> parameter, Optional<InvalidPolicyException> invalid) {
        this.environment = Map.copyOf(environment);
        this.parameter = parameter;
        this.invalid = invalid;
    }

    /** From the Lambda environment; registered for SnapStart when a parameter is read. */
    public static StackSettings of(Map<String, String> environment) {
        var name = environment.getOrDefault(PARAMETER, "").trim();
        if (name.isEmpty()) {
            return new StackSettings(environment, Optional.empty(), Optional.empty());
        }
        Duration maxAge;
        try {
            maxAge = maxAge(environment);
        } catch (InvalidPolicyException e) {
            // Init goes on; every event reports the bad setting.
            return new StackSettings(environment, Optional.empty(), Optional.of(e));
        }
        var region = FunctionRuntime.regionOf(environment);
        var settings = new StackSettings(environment,
                Optional.of(new SettingsParameter(SettingsParameter.clientFor(region), name, maxAge)), Optional.empty());
        Core.getGlobalContext().register(settings);
        return settings;
    }

    /** With a parameter a test or a harness built (not registered for SnapStart). */
    public static StackSettings of(Map<String, String> environment, SettingsParameter parameter) {
        return new StackSettings(environment, Optional.of(parameter), Optional.empty());
    }

    /** The environment alone, without a read: what a snapshot may be primed with. */
    public Map<String, String> environment() {
        return environment;
    }

    /**
     * The environment overlaid by the parameter (read again once older than the max age).
     *
     * @throws InvalidPolicyException when the parameter is missing, may not be read, or is not a settings object
     */
    public Map<String, String> current() {
        if (invalid.isPresent()) {
            throw invalid.get();
        }
        if (parameter.isEmpty()) {
            return environment;
        }
        Map<String, String> stored;
        try {
            stored = parameter.get().read();
        } catch (SettingsParameter.UnusableSettingsException e) {
            throw new InvalidPolicyException(e.errors().stream()
                    .map(message -> new PolicyError(PARAMETER, parameter.get().name(), message)).toList());
        }
        var known = lastMerge;
        if (known != null && known.getKey() == stored) {
            return known.getValue(); // the container compares it with what its runtime was built from: identity first
        }
        var merged = new HashMap<>(environment);
        merged.putAll(stored);
        var result = Map.copyOf(merged);
        lastMerge = Map.entry(stored, result);
        return result;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // Nothing is read before a snapshot.
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        parameter.ifPresent(SettingsParameter::forget);
    }

    private static Duration maxAge(Map<String, String> environment) {
        var raw = environment.getOrDefault(MAX_AGE, "").trim();
        if (raw.isEmpty()) {
            return DEFAULT_MAX_AGE;
        }
        if (!raw.matches("\\d{1,5}")) {
            throw new InvalidPolicyException(List.of(new PolicyError(MAX_AGE, raw, "expected whole seconds from 0 to 99999, such as 60")));
        }
        return Duration.ofSeconds(Long.parseLong(raw));
    }
}
