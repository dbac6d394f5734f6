package dev.mirrorpilot.aws.ec2;

import java.util.function.LongSupplier;

/**
 * Spaces mutating calls so a bulk run takes only its share of the account's mutating bucket
 * (5 tokens per second, shared with everything else in the account): one permit every
 * {@code 1 / perSecond} seconds, after an initial burst. Blocking; one per run.
 */
public final class MutationPacer {
    /** Half of EC2's mutating refill rate: leaves the other half to the rest of the account. */
    public static final double DEFAULT_PER_SECOND = 2.5;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Backoff.Sleeper sleeper;
    private long nextFree;
    private int burstLeft;

    public MutationPacer(double perSecond, int burst, LongSupplier nanoClock, Backoff.Sleeper sleeper) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("the rate must be above 0 calls per second");
        }
        this.intervalNanos = (long) (1e9 / perSecond);
        this.clock = nanoClock;
        this.sleeper = sleeper;
        this.burstLeft = burst;
        this.nextFree = nanoClock.getAsLong();
    }

    public static MutationPacer of(double perSecond) {
        return new MutationPacer(perSecond, 5, System::nanoTime, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /** Waits until the next mutating call may go. */
    public synchronized void acquire() {
        long now = clock.getAsLong();
        if (burstLeft > 0) {
            burstLeft--;
            nextFree = now + intervalNanos; // burst calls are free: the steady rate starts after the last one
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
        nextFree = Math.max(nextFree, clock.getAsLong()) + intervalNanos;
    }

}
