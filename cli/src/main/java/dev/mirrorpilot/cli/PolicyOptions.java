package dev.mirrorpilot.cli;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.PolicyKey;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Policy settings as the Lambda functions read them: {@code MIRRORPILOT_*} environment variables,
 * overridden by {@code --set KEY=VALUE} (the prefix may be left out).
 */
public final class PolicyOptions {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A policy setting, as the Lambda environment would carry it, e.g. --set MODE=opt-in "
                    + "or --set MIRRORPILOT_TARGET_IDS=tmt-0123456789abcdef0. Repeatable; overrides the environment.")
    Map<String, String> settings = new LinkedHashMap<>();

    MirrorPolicy policy(Map<String, String> environment) {
        return MirrorPolicy.fromSettings(settings(environment, java.util.Set.of()));
    }

    /**
     * The environment with every {@code --set} applied; a key must be a policy setting or one of the
     * command's own ({@code alsoKnown}, such as the rebalance's), else it is refused naming them all.
     */
    Map<String, String> settings(Map<String, String> environment, java.util.Set<String> alsoKnown) {
        var merged = new HashMap<>(environment);
        settings.forEach((key, value) -> {
            var variable = key.startsWith(PolicyKey.PREFIX) ? key : PolicyKey.PREFIX + key;
            if (PolicyKey.fromVariable(variable).isEmpty() && !alsoKnown.contains(variable)) {
                var known = new java.util.ArrayList<>(java.util.Arrays.stream(PolicyKey.values()).map(Enum::name).toList());
                alsoKnown.stream().sorted().map(k -> k.substring(PolicyKey.PREFIX.length())).forEach(known::add);
                throw new IllegalArgumentException("--set " + dev.mirrorpilot.policy.text.Printable.of(key)
                        + ": unknown policy setting; known settings: " + String.join(", ", known));
            }
            merged.put(variable, value);
        });
        return merged;
    }
}
