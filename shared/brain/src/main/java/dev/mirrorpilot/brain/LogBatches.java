package dev.mirrorpilot.brain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits log events into PutLogEvents calls by the CloudWatch Logs limits: at most 10,000 events
 * and 1,048,576 bytes a call, each event counted as its UTF-8 message plus 26 bytes. Order is kept
 * (the caller gives them in time order). An event larger than one call could carry is cut, and
 * says so, rather than failing the whole run.
 */
public final class LogBatches {
    public static final int MAX_EVENTS = 10_000;
    public static final int MAX_BYTES = 1_048_576;
    public static final int EVENT_OVERHEAD = 26;
    static final String CUT = "...[cut: event above the CloudWatch Logs size limit]";

    private LogBatches() {
    }

    public static List<List<String>> of(List<String> messages) {
        var batches = new ArrayList<List<String>>();
        var current = new ArrayList<String>();
        long bytes = 0;
        for (var message : messages) {
            var fitted = fit(message);
            int size = fitted.getBytes(StandardCharsets.UTF_8).length + EVENT_OVERHEAD;
            if (!current.isEmpty() && (current.size() == MAX_EVENTS || bytes + size > MAX_BYTES)) {
                batches.add(List.copyOf(current));
                current.clear();
                bytes = 0;
            }
            current.add(fitted);
            bytes += size;
        }
        if (!current.isEmpty()) {
            batches.add(List.copyOf(current));
        }
        return List.copyOf(batches);
    }

    private static String fit(String message) {
        int max = MAX_BYTES - EVENT_OVERHEAD;
        var bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= max) {
            return message;
        }
        int keep = max - CUT.getBytes(StandardCharsets.UTF_8).length;
        var cut = new String(bytes, 0, keep, StandardCharsets.UTF_8);
        // A multi-byte character split at the cut decodes to a replacement char; drop it to stay within bounds.
        while (cut.getBytes(StandardCharsets.UTF_8).length > keep) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + CUT;
    }
}
