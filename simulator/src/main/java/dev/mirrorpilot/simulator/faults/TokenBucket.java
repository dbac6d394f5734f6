package dev.mirrorpilot.simulator.faults;

/**
 * A token bucket as EC2 throttles requests: a capacity that refills at a fixed rate. The time
 * scale multiplies the refill rate, so a long run keeps the same ratios in less wall time.
 */
final class TokenBucket {
    private final int capacity;
    private final double refillPerSecond;
    private double tokens;
    private long lastNanos;

    TokenBucket(int capacity, double refillPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.tokens = capacity;
        this.lastNanos = nowNanos;
    }

    synchronized boolean tryTake(long nowNanos, double timeScale) {
        double elapsed = (nowNanos - lastNanos) / 1e9;
        tokens = Math.min(capacity, tokens + elapsed * refillPerSecond * timeScale);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    synchronized void drain(int count) {
        tokens = Math.max(0, tokens - count);
    }
}
