package dev.mirrorpilot.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests received per action, and how many of them were throttled or failed by injection. */
public final class CallCounters {
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> throttled = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> injectedErrors = new ConcurrentHashMap<>();

    void called(String action) {
        calls.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    void throttled(String action) {
        throttled.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    void failed(String action) {
        injectedErrors.computeIfAbsent(action, a -> new AtomicLong()).incrementAndGet();
    }

    public long calls(String action) {
        return calls.getOrDefault(action, new AtomicLong()).get();
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long throttledCalls(String action) {
        return throttled.getOrDefault(action, new AtomicLong()).get();
    }

    public Map<String, Long> calls() {
        return snapshot(calls);
    }

    public Map<String, Long> throttled() {
        return snapshot(throttled);
    }

    public Map<String, Long> injectedErrors() {
        return snapshot(injectedErrors);
    }

    public void reset() {
        calls.clear();
        throttled.clear();
        injectedErrors.clear();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> counters) {
        var out = new TreeMap<String, Long>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
