package dev.mirrorpilot.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The EC2 bucket arithmetic with explicit timestamps: capacity, refill rate, time scale. */
class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    private static int take(TokenBucket bucket, int attempts, long now, double scale) {
        int taken = 0;
        for (int i = 0; i < attempts; i++) {
            if (bucket.tryTake(now, scale)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void mutatingBucketGivesItsFiftyAtOnceThenFivePerSecond() {
        var bucket = new TokenBucket(50, 5, 0);

        assertThat(take(bucket, 60, 0, 1)).isEqualTo(50);
        assertThat(take(bucket, 60, SECOND, 1)).isEqualTo(5);
        assertThat(take(bucket, 60, 3 * SECOND, 1)).isEqualTo(10);
    }

    @Test
    void refillNeverExceedsCapacity() {
        var bucket = new TokenBucket(100, 20, 0);
        take(bucket, 100, 0, 1);

        assertThat(take(bucket, 1000, 3600 * SECOND, 1)).isEqualTo(100);
    }

    @Test
    void timeScaleMultipliesTheRefillRate() {
        var bucket = new TokenBucket(50, 5, 0);
        take(bucket, 50, 0, 10);

        assertThat(take(bucket, 100, SECOND, 10)).isEqualTo(50);
    }

    @Test
    void drainTakesTokensAsAnotherClientWould() {
        var bucket = new TokenBucket(50, 5, 0);
        bucket.drain(25);

        assertThat(take(bucket, 50, 0, 1)).isEqualTo(25);
    }
}
