package dev.mirrorpilot.simulator.faults;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a test can break between a mirrored source and its Sensor, so CloudWatch's numbers show it:
 * a source so busy that it skips a share of what its filter matched ({@code NetworkSkipMirror*}),
 * and a target that receives nothing of what is mirrored to it (a network ACL on the Sensor's subnet
 * that drops UDP 4789, an NLB without a UDP 4789 listener, an MTU that truncates everything).
 */
public final class DeliveryFaults {
    private final Map<String, Double> skippedShare = new HashMap<>();
    private final Set<String> droppingTargets = new HashSet<>();

    /** The instance skips this share (0..1) of the bytes its sessions' filters match. */
    public synchronized void saturate(String instanceId, double share) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("a share is between 0 and 1");
        }
        skippedShare.put(instanceId, share);
    }

    /** Nothing mirrored to this target arrives (its own traffic still does). */
    public synchronized void dropAt(String targetId) {
        droppingTargets.add(targetId);
    }

    public synchronized double skippedShare(String instanceId) {
        return skippedShare.getOrDefault(instanceId, 0.0);
    }

    public synchronized boolean drops(String targetId) {
        return droppingTargets.contains(targetId);
    }

    public synchronized void clear() {
        skippedShare.clear();
        droppingTargets.clear();
    }
}
