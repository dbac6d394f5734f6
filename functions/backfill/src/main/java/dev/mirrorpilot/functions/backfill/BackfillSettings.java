package dev.mirrorpilot.functions.backfill;

import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.PolicyError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

/**
 * How the backfill function runs, from its environment: the share of EC2's mutating bucket it may
 * use, how early it stops before the Lambda deadline, how many invocations a run may take, and
 * whether it writes Security Hub findings. Every bad setting is reported at once.
 */
public record BackfillSettings(int mutatingSharePercent, double mutatingRefillPerSecond, Duration stopMargin,
                               int maxInvocations, boolean publishFindings, boolean verifyDelivery) {
    public static final String VERIFY = "MIRRORPILOT_VERIFY_DELIVERY";

    /** With delivery verified after each whole-account run (the default). */
    public BackfillSettings(int mutatingSharePercent, double mutatingRefillPerSecond, Duration stopMargin, int maxInvocations,
                            boolean publishFindings) {
        this(mutatingSharePercent, mutatingRefillPerSecond, stopMargin, maxInvocations, publishFindings, true);
    }

    public static final String SHARE = "MIRRORPILOT_MUTATING_SHARE";
    public static final String REFILL = "MIRRORPILOT_MUTATING_REFILL";
    public static final String STOP_MARGIN = "MIRRORPILOT_STOP_MARGIN_SECONDS";
    public static final String MAX_INVOCATIONS = "MIRRORPILOT_MAX_INVOCATIONS";
    public static final String FINDINGS = "MIRRORPILOT_FINDINGS";

    public static BackfillSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** Mutating calls per second this function may make. */
    public double mutatingPerSecond() {
        return mutatingRefillPerSecond * mutatingSharePercent / 100.0;
    }

    public static BackfillSettings fromEnvironment(Map<String, String> env) {
        var errors = new ArrayList<PolicyError>();
        int share = (int) number(env, SHARE, MutationPacer.DEFAULT_SHARE_PERCENT, 1, 100, true,
                "percent of EC2's mutating bucket (refill " + MutationPacer.EC2_MUTATING_REFILL_PER_SECOND + "/s) to use, 1..100", errors);
        double refill = number(env, REFILL, MutationPacer.EC2_MUTATING_REFILL_PER_SECOND, 0.1, 10_000, false,
                "the account's mutating refill rate per second (5 unless AWS raised it), 0.1..10000", errors);
        int margin = (int) number(env, STOP_MARGIN, 60, 1, 600, true,
                "seconds to stop before the Lambda deadline, 1..600", errors);
        int invocations = (int) number(env, MAX_INVOCATIONS, 50, 1, 1000, true,
                "invocations one run may take before it gives up, 1..1000", errors);
        var findings = env.getOrDefault(FINDINGS, "true").trim();
        if (!findings.equals("true") && !findings.equals("false") && !findings.isEmpty()) {
            errors.add(new PolicyError(FINDINGS, findings, "expected true or false: write Security Hub findings"));
        }
        var verify = env.getOrDefault(VERIFY, "true").trim();
        if (!verify.equals("true") && !verify.equals("false") && !verify.isEmpty()) {
            errors.add(new PolicyError(VERIFY, verify, "expected true or false: measure delivery (CloudWatch) after each run"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new BackfillSettings(share, refill, Duration.ofSeconds(margin), invocations, !findings.equals("false"),
                !verify.equals("false"));
    }

    private static double number(Map<String, String> env, String key, double fallback, double min, double max, boolean whole,
                                 String allowed, java.util.List<PolicyError> errors) {
        return dev.mirrorpilot.lambda.SettingNumbers.read(env, key, fallback, min, max, whole, allowed, errors);
    }
}
