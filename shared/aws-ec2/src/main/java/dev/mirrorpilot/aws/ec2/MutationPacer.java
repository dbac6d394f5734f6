package dev.mirrorpilot.aws.ec2;

import java.util.function.LongSupplier;

/**
 * A client-side token bucket for mutating calls, so a bulk run takes only its share of the
 * account's mutating bucket (5 tokens per second, shared with everything else in the account):
 * an initial burst, then one permit every {@code 1 / rate} seconds. When EC2 throttles anyway
 * (someone else is using the bucket) the rate halves, down to a sixteenth of the configured one,
 * and climbs back by a twentieth of it per call. Blocking; one per run.
 */
public final class MutationPacer {
    /** EC2's refill rate of the mutating bucket, per account and region (aws-facts.md). */
    public static final double EC2_MUTATING_REFILL_PER_SECOND = 5.0;
    /** Half of EC2's mutating refill rate: leaves the other half to the rest of the account. */
    public static final int DEFAULT_SHARE_PERCENT = 50;
    static final int DEFAULT_BURST = 5;

    private final double configuredPerSecond;
    private final LongSupplier clock;
    private final Backoff.Sleeper sleeper;
    private double perSecond;
    private long nextFree;
    private int burstLeft;
    private int throttles;

    public MutationPacer(double perSecond, int burst, LongSupplier nanoClock, Backoff.Sleeper sleeper) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("the rate must be above 0 calls per second");
        }
        this.configuredPerSecond = perSecond;
        this.perSecond = perSecond;
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.burstLeft = burst;
        this.nextFree = nanoClock.getAsLong();
    }

    public static MutationPacer of(double perSecond) {
        return new MutationPacer(perSecond, DEFAULT_BURST, System::nanoTime, MutationPacer::park);
    }

    /** Sleeps to the microsecond: Thread.sleep rounds to whole milliseconds, which at 100 calls/s is 10% of the rate. */
    private static void park(java.time.Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
            java.util.concurrent.locks.LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Waits until the next mutating call may go. */
    public synchronized void acquire() {
        long now = clock.getAsLong();
        if (burstLeft > 0) {
            burstLeft--;
            nextFree = now + interval(); // burst calls are free: the steady rate starts after the last one
            return;
        }
        if (nextFree > now) {
            try {
                sleeper.sleep(java.time.Duration.ofNanos(nextFree - now));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing mutating calls", e);
            }
        }
        perSecond = Math.min(configuredPerSecond, perSecond + configuredPerSecond / 20);
        // A late wake-up may be made up for, by one interval at most: the rate holds without bursts.
        nextFree = Math.max(nextFree, clock.getAsLong() - interval()) + interval();
    }

    /** EC2 throttled a mutating call: someone else is using the bucket too, so slow down. */
    public synchronized void throttled() {
        throttles++;
        burstLeft = 0;
        perSecond = Math.max(configuredPerSecond / 16, perSecond / 2);
        nextFree = Math.max(nextFree, clock.getAsLong() + interval());
    }

    /** The rate now, after any slowing down for throttling. */
    public synchronized double currentPerSecond() {
        return perSecond;
    }

    public synchronized int throttles() {
        return throttles;
    }

    private long interval() {
        return (long) (1e9 / perSecond);
    }
}
