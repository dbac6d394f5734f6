package dev.mirrorpilot.simulator.faults;

import java.util.EnumMap;
import java.util.Map;

/**
 * The EC2 request token buckets of one account and region (aws-facts.md): non-mutating 100 / 20
 * per second, unfiltered and unpaginated DescribeInstances / DescribeNetworkInterfaces 50 / 10,
 * mutating 50 / 5; plus Security Hub BatchImportFindings 30 / 10. Off by default.
 */
public final class Throttling {
    /** Which bucket a request draws from. */
    public enum Bucket {
        NON_MUTATING(100, 20), UNFILTERED(50, 10), MUTATING(50, 5), SECURITY_HUB_IMPORT(30, 10);

        final int capacity;
        final double refill;

        Bucket(int capacity, double refill) {
            this.capacity = capacity;
            this.refill = refill;
        }
    }

    private final Map<Bucket, TokenBucket> buckets = new EnumMap<>(Bucket.class);
    private volatile boolean enabled;
    private volatile double timeScale = 1.0;

    public Throttling() {
        reset();
    }

    public synchronized void reset() {
        long now = System.nanoTime();
        for (var bucket : Bucket.values()) {
            buckets.put(bucket, new TokenBucket(bucket.capacity, bucket.refill, now));
        }
    }

    public void configure(boolean on, double scale) {
        if (scale <= 0) {
            throw new IllegalArgumentException("timeScale must be > 0");
        }
        this.enabled = on;
        this.timeScale = scale;
        reset();
    }

    public boolean enabled() {
        return enabled;
    }

    public double timeScale() {
        return timeScale;
    }

    /** False when the request must be answered with RequestLimitExceeded. */
    public boolean admit(Bucket bucket) {
        return !enabled || buckets.get(bucket).tryTake(System.nanoTime(), timeScale);
    }

    /** Takes tokens as another client of the account would (a second tool sharing the bucket). */
    public void consume(Bucket bucket, int count) {
        buckets.get(bucket).drain(count);
    }
}
