package dev.mirrorpilot.policy.report;

/**
 * What a backfill or drift-reconcile run changed, summed over its invocations: sessions created,
 * retargeted and deleted (or found already deleted), creates refused for capacity and changes
 * refused for good.
 */
public record RunChanges(int created, int retargeted, int deleted, int alreadyGone, int refusedForCapacity, int failed) {
    public static final RunChanges NONE = new RunChanges(0, 0, 0, 0, 0, 0);

    public RunChanges {
        if (created < 0 || retargeted < 0 || deleted < 0 || alreadyGone < 0 || refusedForCapacity < 0 || failed < 0) {
            throw new IllegalArgumentException("change counts cannot be negative");
        }
    }

    public RunChanges plus(RunChanges other) {
        return new RunChanges(created + other.created, retargeted + other.retargeted, deleted + other.deleted,
                alreadyGone + other.alreadyGone, refusedForCapacity + other.refusedForCapacity, failed + other.failed);
    }

    public int made() {
        return created + retargeted + deleted + alreadyGone;
    }
}
