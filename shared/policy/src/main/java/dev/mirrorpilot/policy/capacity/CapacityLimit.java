package dev.mirrorpilot.policy.capacity;

import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.TargetKind;
import java.util.Set;

/**
 * How many distinct source ENIs a target may take: 10 for an ENI target, 100 when its Sensor's
 * instance type is one AWS lists (see {@link SourceLimits}), no limit for NLB and GWLB endpoint
 * targets. An ENI target whose Sensor type is unknown gets 10: guessing high would make AWS
 * refuse creates. {@code headroom} is the share of the limit to fill before other targets are preferred.
 */
public record CapacityLimit(int hardLimit, int headroomLimit) {
    public static final int ENI_TARGET_SOURCES = 10;
    public static final int LISTED_TYPE_ENI_TARGET_SOURCES = 100;
    public static final int SESSIONS_PER_SOURCE_ENI = 3;
    /** Traffic mirror sessions per account and region, ours and everyone else's (not adjustable). */
    public static final int SESSIONS_PER_ACCOUNT = 10_000;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    public static CapacityLimit of(MirrorTarget target, Set<String> hundredSourceTypes, int headroomPercent) {
        if (target.kind() != TargetKind.NETWORK_INTERFACE) {
            return new CapacityLimit(UNLIMITED, UNLIMITED);
        }
        boolean listed = target.sensorInstanceType().map(hundredSourceTypes::contains).orElse(false);
        int hard = listed ? LISTED_TYPE_ENI_TARGET_SOURCES : ENI_TARGET_SOURCES;
        return new CapacityLimit(hard, Math.max(1, hard * headroomPercent / 100));
    }

    public boolean isUnlimited() {
        return hardLimit == UNLIMITED;
    }

    public boolean admits(int load) {
        return load < hardLimit;
    }

    /** True when one more source still stays within the headroom share. */
    public boolean hasHeadroomFor(int load) {
        return load < headroomLimit;
    }

    public boolean isAboveHeadroom(int load) {
        return load > headroomLimit;
    }

    @Override
    public String toString() {
        return isUnlimited() ? "unlimited" : Integer.toString(hardLimit);
    }
}
