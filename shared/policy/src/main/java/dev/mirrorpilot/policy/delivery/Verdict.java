package dev.mirrorpilot.policy.delivery;

/** How far a workload's mirrored traffic is known to get: the first hop that fails, or verified. */
public enum Verdict {
    VERIFIED("verified", "its source mirrors, little is skipped, and its target received what its sources mirrored"),
    TARGET_NOT_MEASURED("target_not_measured", "its source mirrors; its target has no receive metric to read (shared from another "
            + "account, or no data points listed)"),
    NO_DATA("no_data", "CloudWatch has no data points for it in the window yet"),
    MIRRORS_NOTHING("mirrors_nothing", "it has traffic but mirrors none"),
    SKIPPED_AT_SOURCE("skipped_at_source", "its instance skips mirrored packets under load"),
    LOST_BEFORE_TARGET("lost_before_target", "its target received much less than its sources mirrored"),
    NOT_SEEN_BY_SENSOR("not_seen_by_sensor", "the Brain reports its Sensor down or dropping traffic");

    private final String label;
    private final String meaning;

    Verdict(String label, String meaning) {
        this.label = label;
        this.meaning = meaning;
    }

    public String label() {
        return label;
    }

    public String meaning() {
        return meaning;
    }

    /** Whether the traffic is known to arrive (a target hop nobody measures counts: the source side is proven). */
    public boolean delivered() {
        return this == VERIFIED || this == TARGET_NOT_MEASURED;
    }
}
