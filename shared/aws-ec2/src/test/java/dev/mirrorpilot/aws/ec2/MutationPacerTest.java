package dev.mirrorpilot.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pacing arithmetic with a fake clock: the burst goes at once, then one call per interval. */
class MutationPacerTest {
    private long now;
    private final List<Duration> waits = new ArrayList<>();

    private MutationPacer pacer(double perSecond, int burst) {
        return new MutationPacer(perSecond, burst, () -> now, d -> {
            waits.add(d);
            now += d.toNanos();
        });
    }

    @Test
    void burstGoesAtOnceThenCallsAreSpacedByTheRate() {
        var pacer = pacer(2.5, 3);

        for (int i = 0; i < 13; i++) {
            pacer.acquire();
        }

        assertThat(waits).hasSize(10);
        // 3 at once, then 10 more at 2.5 per second: 4 s of waiting in all.
        assertThat(waits.stream().mapToLong(Duration::toMillis).sum()).isBetween(3_900L, 4_100L);
        assertThat(now).isBetween(3_900_000_000L, 4_100_000_000L);
    }

    @Test
    void timeSpentElsewhereCountsTowardsTheInterval() {
        var pacer = pacer(1, 0);
        pacer.acquire();
        now += 2_000_000_000L; // the caller was busy for 2 s

        pacer.acquire();

        assertThat(waits).isEmpty();
    }

    @Test
    void rateMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pacer(0, 1)).hasMessageContaining("above 0");
    }

    @Test
    void throttlingHalvesTheRateAndItClimbsBackToTheConfiguredOne() {
        var pacer = pacer(2.0, 0);

        pacer.throttled();
        pacer.throttled();

        assertThat(pacer.currentPerSecond()).isEqualTo(0.5);
        for (int i = 0; i < 40; i++) {
            pacer.acquire();
        }
        assertThat(pacer.currentPerSecond()).isEqualTo(2.0);
        assertThat(pacer.throttles()).isEqualTo(2);
    }

    @Test
    void throttlingNeverSlowsBelowASixteenthOfTheConfiguredRate() {
        var pacer = pacer(1.6, 5);

        for (int i = 0; i < 10; i++) {
            pacer.throttled();
        }

        assertThat(pacer.currentPerSecond()).isEqualTo(0.1);
        pacer.acquire(); // the burst is gone after a throttle: this call waits
        assertThat(waits).hasSize(1);
    }
}
