package dev.mirrorpilot.functions.tamper;

import dev.mirrorpilot.lambda.SettingNumbers;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.PolicyError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the tamper-watch function reacts, from its settings: whose calls are MirrorPilot's own (role
 * ARN prefixes: the stack's roles all start with {@code arn:<partition>:iam::<account>:role/<stack>-}),
 * how many instances and restores one batch of events may take on, and whether it writes findings.
 * Every bad setting is reported at once.
 */
public record TamperWatchSettings(Set<String> ownRolePrefixes, int maxInstances, int maxRestores, boolean publishFindings,
                                  double surgeMinSeverity, int surgeMinutes, boolean surgeOptedOut) {
    public static final String SURGE_MIN_SEVERITY = "MIRRORPILOT_SURGE_MIN_SEVERITY";
    public static final String SURGE_MINUTES = "MIRRORPILOT_SURGE_MINUTES";
    public static final String SURGE_OPTED_OUT = "MIRRORPILOT_SURGE_OPTED_OUT";

    public static final String OWN_ROLES = "MIRRORPILOT_OWN_ROLE_PREFIXES";
    public static final String MAX_INSTANCES = "MIRRORPILOT_TAMPER_MAX_INSTANCES";
    public static final String MAX_RESTORES = "MIRRORPILOT_TAMPER_MAX_RESTORES";
    public static final String FINDINGS = "MIRRORPILOT_FINDINGS";
    private static final String ROLE_PREFIX = "arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,64}";

    public TamperWatchSettings {
        ownRolePrefixes = Set.copyOf(ownRolePrefixes);
    }

    /** @param account the function's account: the default prefix is this account's roles named {@code mirrorpilot-*} */
    public static TamperWatchSettings fromEnvironment(Map<String, String> env, String account, String partition) {
        var errors = new ArrayList<PolicyError>();
        var raw = env.getOrDefault(OWN_ROLES, "").trim();
        var prefixes = new LinkedHashSet<String>();
        if (raw.isEmpty()) {
            prefixes.add("arn:" + partition + ":iam::" + account + ":role/mirrorpilot-");
        } else {
            Arrays.stream(raw.split(",")).map(String::trim).filter(p -> !p.isEmpty()).forEach(prefixes::add);
            var bad = prefixes.stream().filter(p -> !p.matches(ROLE_PREFIX)).sorted().toList();
            if (!bad.isEmpty() || prefixes.isEmpty()) {
                errors.add(new PolicyError(OWN_ROLES, raw, "expected comma-separated IAM role ARN prefixes such as "
                        + "arn:aws:iam::111122223333:role/mirrorpilot- (MirrorPilot's own calls are recognised by them); not: " + bad));
            }
        }
        int instances = (int) SettingNumbers.read(env, MAX_INSTANCES, 50, 1, 1000, true,
                "instances one batch of events may reconcile, 1..1000 (the rest wait for the scheduled reconcile)", errors);
        int restores = (int) SettingNumbers.read(env, MAX_RESTORES, 50, 0, 1000, true,
                "sessions one batch may re-create after deletes, 0..1000 (0: report only)", errors);
        var findings = env.getOrDefault(FINDINGS, "true").trim();
        if (!findings.equals("true") && !findings.equals("false") && !findings.isEmpty()) {
            errors.add(new PolicyError(FINDINGS, findings, "expected true or false: write Security Hub findings"));
        }
        double severity = SettingNumbers.read(env, SURGE_MIN_SEVERITY, 7, 0, 10.1, false,
                "the lowest GuardDuty severity that surges an instance, 0..10 (7: high); above 10 turns GuardDuty surges off", errors);
        int minutes = (int) SettingNumbers.read(env, SURGE_MINUTES, 60, 1, 1440, true,
                "minutes a surge lasts when the request names none, 1..1440", errors);
        var optedOut = env.getOrDefault(SURGE_OPTED_OUT, "false").trim();
        if (!optedOut.equals("true") && !optedOut.equals("false") && !optedOut.isEmpty()) {
            errors.add(new PolicyError(SURGE_OPTED_OUT, optedOut, "expected true or false: whether an instance tagged "
                    + "mirrorpilot:mirror=false may be surged"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new TamperWatchSettings(prefixes, instances, restores, !findings.equals("false"), severity, minutes,
                optedOut.equals("true"));
    }
}
