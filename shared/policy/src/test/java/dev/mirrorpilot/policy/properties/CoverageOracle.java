package dev.mirrorpilot.policy.properties;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The most sources that can be mirrored: a maximum flow from sources through the targets each one
 * reaches, each target carrying at most its free source slots. Written from the problem alone
 * (sources, targets, who reaches whom, free slots), never from the planner, so it can judge it.
 * Augmenting paths by breadth-first search; a target no path got through is not searched again.
 */
public final class CoverageOracle {
    private CoverageOracle() {
    }

    public static int maximum(List<String> sources, List<String> targets, BiPredicate<String, String> reaches,
                              Map<String, Integer> freeSlots) {
        var reachable = new HashMap<String, List<String>>();
        for (var source : sources) {
            reachable.put(source, targets.stream().filter(t -> reaches.test(source, t)).toList());
        }
        var holders = new HashMap<String, List<String>>(); // target -> sources on it
        var closed = new HashSet<String>();
        int flow = 0;
        for (var source : sources) {
            if (augment(source, reachable, holders, freeSlots, closed)) {
                flow++;
            }
        }
        return flow;
    }

    private static boolean augment(String source, Map<String, List<String>> reachable, Map<String, List<String>> holders,
                                   Map<String, Integer> freeSlots, Set<String> closed) {
        var cameFrom = new HashMap<String, String[]>(); // target -> {previous target or null, source that enters it}
        var queue = new ArrayDeque<String>();
        for (var target : reachable.get(source)) {
            if (!closed.contains(target) && !cameFrom.containsKey(target)) {
                cameFrom.put(target, new String[] {null, source});
                queue.add(target);
            }
        }
        while (!queue.isEmpty()) {
            var target = queue.poll();
            var on = holders.computeIfAbsent(target, t -> new ArrayList<>());
            if (on.size() < freeSlots.get(target)) {
                // Walk back: each source on the path enters the target after it and leaves the one before.
                var at = target;
                while (at != null) {
                    var step = cameFrom.get(at);
                    holders.computeIfAbsent(at, t -> new ArrayList<>()).add(step[1]);
                    if (step[0] != null) {
                        holders.get(step[0]).remove(step[1]);
                    }
                    at = step[0];
                }
                return true;
            }
            for (var holder : on) {
                for (var next : reachable.get(holder)) {
                    if (!closed.contains(next) && !cameFrom.containsKey(next)) {
                        cameFrom.put(next, new String[] {target, holder});
                        queue.add(next);
                    }
                }
            }
        }
        closed.addAll(cameFrom.keySet());
        return false;
    }
}
