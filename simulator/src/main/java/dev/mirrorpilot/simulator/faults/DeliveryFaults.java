package dev.mirrorpilot.simulator.faults;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a test can break between a mirrored source and its Sensor, so CloudWatch's numbers show it:
 * a source so busy that it skips a share of what its filter matched ({@code NetworkSkipMirror*}),
 * and a target that receives nothing of what is mirrored to it (a network ACL on the Sensor's subnet
 * that drops UDP 4789, an NLB without a UDP 4789 listener), and a Sensor whose MTU truncates what
 * its sources send (their packets are taken at full size, {@value #SOURCE_PACKET_BYTES} bytes or the
 * session's packet length, plus {@value #VXLAN_BYTES} bytes of VXLAN: bulk traffic, the worst case).
 */
public final class DeliveryFaults {
    /** A source packet at the jumbo MTU every mirroring instance type uses in a VPC. */
    public static final int SOURCE_PACKET_BYTES = 9001;
    /** Outer Ethernet, IPv4, UDP and VXLAN headers that each mirrored packet gains. */
    public static final int VXLAN_BYTES = 54;
    private final Map<String, Double> skippedShare = new HashMap<>();
    private final Set<String> droppingTargets = new HashSet<>();
    private final Map<String, Integer> truncatingTargets = new HashMap<>();

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

    /** The Sensor behind this ENI target runs at this MTU: each mirrored packet above it arrives cut to it. */
    public synchronized void truncateAt(String targetId, int mtu) {
        if (mtu < 576) {
            throw new IllegalArgumentException("an IPv4 MTU is 576 bytes or more");
        }
        truncatingTargets.put(targetId, mtu);
    }

    /** The share of a session's mirrored bytes that arrive whole at its target (1 unless the target truncates). */
    public synchronized double arrivingShare(String targetId, java.util.OptionalInt packetLength) {
        var mtu = truncatingTargets.get(targetId);
        if (mtu == null) {
            return 1;
        }
        int packet = Math.min(SOURCE_PACKET_BYTES, packetLength.orElse(SOURCE_PACKET_BYTES)) + VXLAN_BYTES;
        return Math.min(1.0, (double) mtu / packet);
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
        truncatingTargets.clear();
    }
}
