package dev.mirrorpilot.aws.ec2;

import java.time.Duration;
import java.util.List;

/** Waits between attempts; AWS advises exponential backoff from a couple of seconds after launch. */
public record Backoff(List<Duration> delays, Sleeper sleeper) {
    /** Sleeps; tests pass one that records instead. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    public Backoff {
        delays = List.copyOf(delays);
    }

    /** For reads after one's own writes: quick at first, about 8 s in all. */
    public static Backoff afterWrite() {
        return new Backoff(List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4)), d -> Thread.sleep(d.toMillis()));
    }

    public static Backoff afterLaunch() {
        return new Backoff(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                d -> Thread.sleep(d.toMillis()));
    }
}
