package dev.mirrorpilot.functions.rebalance;

import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.policy.config.InvalidPolicyException;
import dev.mirrorpilot.policy.config.PolicyError;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.rebalance.RebalanceSettings;
import dev.mirrorpilot.policy.load.SourceTraffic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the rebalance function runs, from its environment: how far it fills and drains, the Sensor
 * ratings, how traffic is estimated, and the share of EC2's mutating bucket, the same settings the
 * backfill paces itself by. Every bad setting is reported at once.
 */
public record RebalanceOptions(RebalanceSettings settings, double defaultGbps, int windowHours, double percentile,
                               double mutatingPerSecond, boolean publishFindings) {
    public static final String SHARE = "MIRRORPILOT_REBALANCE_THROUGHPUT_SHARE";
    public static final String LOW_WATER = "MIRRORPILOT_REBALANCE_LOW_WATER";
    public static final String MAX_MOVES = "MIRRORPILOT_REBALANCE_MAX_MOVES";
    public static final String RATINGS = "MIRRORPILOT_SENSOR_RATINGS";
    public static final String DEFAULT_GBPS = "MIRRORPILOT_TRAFFIC_DEFAULT_GBPS";
    public static final String PERCENTILE = "MIRRORPILOT_TRAFFIC_PERCENTILE";
    public static final String WINDOW_HOURS = "MIRRORPILOT_TRAFFIC_WINDOW_HOURS";
    /** report (default) or move: what becomes of sessions on a Sensor the Brain reports down. */
    public static final String DOWN_SENSORS = "MIRRORPILOT_REBALANCE_DOWN_SENSORS";
    /** The backfill's pacing settings: both functions share EC2's mutating bucket alike. */
    public static final String MUTATING_SHARE = "MIRRORPILOT_MUTATING_SHARE";
    public static final String MUTATING_REFILL = "MIRRORPILOT_MUTATING_REFILL";
    /** The backfill's switch too: write Security Hub findings. */
    public static final String FINDINGS = "MIRRORPILOT_FINDINGS";
    /** Every setting the rebalance reads besides the policy's. */
    public static final java.util.Set<String> KEYS = java.util.Set.of(SHARE, LOW_WATER, MAX_MOVES, RATINGS, DEFAULT_GBPS,
            PERCENTILE, WINDOW_HOURS, DOWN_SENSORS, MUTATING_SHARE, MUTATING_REFILL, FINDINGS);

    public static RebalanceOptions defaults() {
        return fromEnvironment(Map.of());
    }

    public static RebalanceOptions fromEnvironment(Map<String, String> env) {
        var errors = new ArrayList<PolicyError>();
        int share = (int) number(env, SHARE, RebalanceSettings.DEFAULT_THROUGHPUT_SHARE, 2, 100, true,
                "percent of a Sensor's rated Gbps above which it is relieved, 2..100", errors);
        int lowWater = (int) number(env, LOW_WATER, RebalanceSettings.DEFAULT_LOW_WATER, 1, 99, true,
                "percent a crowded target is drained to and a destination filled to, 1..99, below the throughput share", errors);
        if (lowWater >= share) {
            errors.add(new PolicyError(LOW_WATER, Integer.toString(lowWater), "expected a low-water mark below "
                    + SHARE + " (" + share + ")"));
            lowWater = share - 1;
        }
        int maxMoves = (int) number(env, MAX_MOVES, RebalanceSettings.DEFAULT_MAX_MOVES, 0, 10_000, true,
                "sessions moved per run at most, 0..10000", errors);
        var ratings = ratings(env.getOrDefault(RATINGS, ""), errors);
        double defaultGbps = number(env, DEFAULT_GBPS, SourceTraffic.DEFAULT_GBPS, 0, 100, false,
                "Gbps assumed for an instance CloudWatch has no data for, 0..100", errors);
        double percentile = number(env, PERCENTILE, 95, 1, 100, false, "the percentile of 5-minute sums, 1..100", errors);
        int window = (int) number(env, WINDOW_HOURS, 24, 1, 24 * 14, true, "hours of CloudWatch data to read, 1..336", errors);
        int mutatingShare = (int) number(env, MUTATING_SHARE, MutationPacer.DEFAULT_SHARE_PERCENT, 1, 100, true,
                "percent of EC2's mutating bucket to use, 1..100", errors);
        double refill = number(env, MUTATING_REFILL, MutationPacer.EC2_MUTATING_REFILL_PER_SECOND, 0.1, 10_000, false,
                "the account's mutating refill rate per second (5 unless AWS raised it), 0.1..10000", errors);
        var down = env.getOrDefault(DOWN_SENSORS, "report").trim();
        if (!down.equals("report") && !down.equals("move")) {
            errors.add(new PolicyError(DOWN_SENSORS, down, "expected report (keep the sessions of a Sensor the Brain reports "
                    + "down) or move (move them where a target has room)"));
        }
        var findings = env.getOrDefault(FINDINGS, "true").trim();
        if (!findings.equals("true") && !findings.equals("false") && !findings.isEmpty()) {
            errors.add(new PolicyError(FINDINGS, findings, "expected true or false: write Security Hub findings"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        return new RebalanceOptions(new RebalanceSettings(share, lowWater, maxMoves, ratings, down.equals("move")), defaultGbps,
                window, percentile, refill * mutatingShare / 100.0, !findings.equals("false"));
    }

    /** {@code r5.large=1.5,tmt-0abc=4}: Gbps by instance type or target id, over the guide's figures. */
    private static SensorRatings ratings(String raw, List<PolicyError> errors) {
        var overrides = new LinkedHashMap<String, Double>();
        for (var part : raw.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            var pair = part.split("=", 2);
            try {
                double gbps = Double.parseDouble(pair.length == 2 ? pair[1].trim() : "");
                if (pair[0].isBlank() || !(gbps > 0) || gbps > 1000 || overrides.put(pair[0].trim(), gbps) != null) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                errors.add(new PolicyError(RATINGS, part.trim(), "expected TYPE_OR_TARGET=GBPS (above 0, at most 1000), "
                        + "each named once, comma-separated, e.g. r5.large=1.5,tmt-0abc=4"));
            }
        }
        return SensorRatings.withOverrides(overrides);
    }

    private static double number(Map<String, String> env, String key, double fallback, double min, double max, boolean whole,
                                 String allowed, java.util.List<PolicyError> errors) {
        return dev.mirrorpilot.lambda.SettingNumbers.read(env, key, fallback, min, max, whole, allowed, errors);
    }
}
