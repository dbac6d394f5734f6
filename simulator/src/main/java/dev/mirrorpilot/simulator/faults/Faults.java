package dev.mirrorpilot.simulator.faults;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected faults, per action name (or {@code *} for every action): the next N calls throttled,
 * a share of calls throttled, a share answered 500/503, added latency; and how long a newly launched instance stays invisible
 * to Describe calls (eventual consistency). Randomness is seeded so a failing run can be repeated.
 */
public final class Faults {
    /** The fault settings of one action. */
    public record ActionFaults(int throttleNext, double throttleRate, double errorRate, int errorStatus, int latencyMillis) {
        /** Without a throttling rate. */
        public ActionFaults(int throttleNext, double errorRate, int errorStatus, int latencyMillis) {
            this(throttleNext, 0, errorRate, errorStatus, latencyMillis);
        }

        public ActionFaults {
            if (errorRate < 0 || errorRate > 1 || throttleRate < 0 || throttleRate > 1) {
                throw new IllegalArgumentException("errorRate and throttleRate must be 0..1");
            }
            if (errorStatus != 500 && errorStatus != 503) {
                throw new IllegalArgumentException("errorStatus must be 500 or 503");
            }
            if (throttleNext < 0 || latencyMillis < 0) {
                throw new IllegalArgumentException("throttleNext and latencyMillis must be >= 0");
            }
        }
    }

    /** What to do with one request. */
    public enum Verdict { PASS, THROTTLE, SERVER_ERROR_500, SERVER_ERROR_503, DENIED }

    private final java.util.Set<String> denied = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Refuses every call of {@code action} as a role without the permission would be refused (HTTP 403). */
    public void deny(String action) {
        denied.add(action);
    }

    private final Map<String, ActionFaults> byAction = new ConcurrentHashMap<>();
    private final Map<String, Runnable> onceBefore = new ConcurrentHashMap<>();

    /**
     * Runs {@code what} once, just before the next call of {@code action} is answered: what another
     * client does while a reader is between two of its calls (a race, made deterministic).
     */
    public void onceBefore(String action, Runnable what) {
        onceBefore.put(action, what);
    }

    /** Runs and forgets the hook set for this action, if any. */
    public void runHook(String action) {
        var hook = onceBefore.remove(action);
        if (hook != null) {
            hook.run();
        }
    }
    private final Map<String, AtomicInteger> throttleCredits = new ConcurrentHashMap<>();
    private volatile double invisibleSeconds;
    private Random random = new Random(7);

    public synchronized void set(String action, ActionFaults faults) {
        byAction.put(action, faults);
        throttleCredits.put(action, new AtomicInteger(faults.throttleNext()));
    }

    public synchronized void clear() {
        onceBefore.clear();
        byAction.clear();
        throttleCredits.clear();
        denied.clear();
        invisibleSeconds = 0;
        sessionLagSeconds = 0;
        random = new Random(7);
    }

    private volatile double sessionLagSeconds;

    /** New traffic mirror sessions are missing from DescribeTrafficMirrorSessions for this long (eventual consistency). */
    public void sessionLagSeconds(double seconds) {
        this.sessionLagSeconds = Math.max(0, seconds);
    }

    public double sessionLagSeconds() {
        return sessionLagSeconds;
    }

    public void invisibleSeconds(double seconds) {
        this.invisibleSeconds = Math.max(0, seconds);
    }

    public double invisibleSeconds() {
        return invisibleSeconds;
    }

    public int latencyMillis(String action) {
        return Math.max(of(action).latencyMillis(), of("*").latencyMillis());
    }

    public synchronized Verdict judge(String action) {
        if (denied.contains(action)) {
            return Verdict.DENIED;
        }
        for (var key : new String[] {action, "*"}) {
            var credits = throttleCredits.get(key);
            if (credits != null && credits.get() > 0) {
                credits.decrementAndGet();
                return Verdict.THROTTLE;
            }
        }
        for (var key : new String[] {action, "*"}) {
            var faults = byAction.get(key);
            if (faults != null && faults.throttleRate() > 0 && random.nextDouble() < faults.throttleRate()) {
                return Verdict.THROTTLE;
            }
        }
        for (var key : new String[] {action, "*"}) {
            var faults = byAction.get(key);
            if (faults != null && faults.errorRate() > 0 && random.nextDouble() < faults.errorRate()) {
                return faults.errorStatus() == 500 ? Verdict.SERVER_ERROR_500 : Verdict.SERVER_ERROR_503;
            }
        }
        return Verdict.PASS;
    }

    private ActionFaults of(String action) {
        return byAction.getOrDefault(action, new ActionFaults(0, 0, 0, 503, 0));
    }

    public Map<String, ActionFaults> snapshot() {
        return Map.copyOf(byAction);
    }
}
