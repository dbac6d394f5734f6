package dev.mirrorpilot.brain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What one poll asks the Brain: the whole {@code /health} document, or only some checks, each its own
 * {@code /health/<check>} call (a Brain then computes less); and whether it must compute them afresh
 * ({@code cache=False}). Both as Vectra's own client asks them (vectranetworks/vectra_api_tools,
 * modules/vectra.py {@code get_health_check}: the check names it accepts, and {@code cache} sent only
 * with the whole document, from API v3.3 on).
 *
 * @param checks empty for the whole document; else the checks, which always include the three the
 *               Sensor states are read from
 * @param fresh  ask for data computed now rather than the Brain's cached snapshot
 */
public record HealthQuery(List<String> checks, boolean fresh) {
    /** The sub-paths Vectra's client accepts. */
    public static final List<String> CHECKS = List.of("cpu", "disk", "hostid", "memory", "network", "power", "sensors",
            "system", "connectivity", "trafficdrop");
    /** Sensor states come from these: a subset without them would read every Sensor as unlisted. */
    public static final List<String> REQUIRED = List.of("sensors", "connectivity", "trafficdrop");
    public static final HealthQuery WHOLE = new HealthQuery(List.of(), false);

    public HealthQuery {
        var named = List.copyOf(new LinkedHashSet<>(checks));
        checks = named;
        var unknown = named.stream().filter(c -> !CHECKS.contains(c)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown health check '" + dev.mirrorpilot.policy.text.Printable.of(
                    unknown.get(0)) + "'; expected some of " + String.join(", ", CHECKS));
        }
        if (!named.isEmpty() && fresh) {
            throw new IllegalArgumentException("fresh data (cache=False) is asked with the whole health document only, as "
                    + "Vectra's client does; leave the checks empty to ask for it");
        }
        var missing = REQUIRED.stream().filter(c -> !named.isEmpty() && !named.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the checks must include " + String.join(", ", missing) + " (the Sensor states "
                    + "are read from sensors, connectivity and trafficdrop); add them, or leave the checks empty for all");
        }
    }

    /** From a comma-separated list (blank: the whole document). */
    public static HealthQuery of(String checks, boolean fresh) {
        var names = checks == null || checks.isBlank() ? List.<String>of()
                : java.util.Arrays.stream(checks.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty()).toList();
        return new HealthQuery(names, fresh);
    }

    /** The paths to GET under the API's health path, each with its query string. */
    List<String> paths() {
        if (checks.isEmpty()) {
            return List.of(fresh ? "?cache=False" : "");
        }
        return checks.stream().map(c -> "/" + c).toList();
    }
}
