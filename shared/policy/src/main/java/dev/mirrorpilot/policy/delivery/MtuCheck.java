package dev.mirrorpilot.policy.delivery;

import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The static MTU check: whether a session's mirrored packets fit every hop to its target. A mirrored
 * packet is the source's packet (or its first packet-length bytes) plus 54 bytes of VXLAN over IPv4.
 * An ENI target (a standalone instance) truncates what passes its MTU; a Gateway Load Balancer
 * endpoint takes at most 8500 bytes; a transit gateway drops packets above 8500. No EC2 API gives an
 * interface's MTU: a source's or a Sensor's is the tag {@value #MTU_TAG} on the instance (or, for a
 * Sensor, on its target), else 9001, what every instance type that can mirror or capture uses in a
 * VPC. A Network Load Balancer's own limit is not documented for mirrored traffic and is not judged.
 * Reported once per target and hop, with the sources concerned. Pure.
 */
public final class MtuCheck {
    public static final String MTU_TAG = "mirrorpilot:mtu";
    public static final int VXLAN_OVERHEAD = 54;
    public static final int JUMBO_MTU = 9001;
    public static final int GATEWAY_MTU = 8500;
    private static final int LOWEST_MTU = 576;

    /**
     * Sources whose largest mirrored packets do not fit one hop to a target.
     *
     * @param hop           what limits: the target ENI's MTU, the GWLB endpoint's, or a transit gateway's
     * @param limit         that hop's MTU in bytes
     * @param dropped       whether a packet above it is dropped (transit gateway) rather than truncated
     * @param largestIntact the largest source packet that passes whole: {@code limit - 54}
     * @param sourceMtu     the largest MTU among the sources concerned
     * @param instanceIds   the sources' instances, sorted
     */
    public record Oversize(String targetId, String targetName, String hop, int limit, boolean dropped, int largestIntact,
                           int sourceMtu, List<String> instanceIds) {
        public Oversize {
            instanceIds = List.copyOf(instanceIds);
        }

        public String text() {
            return "source packets above " + largestIntact + " bytes are " + (dropped ? "dropped" : "truncated") + " at " + hop
                    + " (MTU " + limit + "): source MTU " + sourceMtu + " + " + VXLAN_OVERHEAD + " bytes of VXLAN";
        }

        public String fix() {
            return "set the sources' MTU to " + largestIntact + " or less (tag them " + MTU_TAG + "=<MTU> once done), or the "
                    + "packet length setting to " + largestIntact + " (the next reconcile modifies MirrorPilot's sessions in place)";
        }
    }

    private MtuCheck() {
    }

    public static List<Oversize> of(Inventory inventory) {
        var instanceByEni = new HashMap<String, Workload>();
        inventory.workloads().forEach(w -> w.interfaces().forEach(e -> instanceByEni.put(e.id(), w)));
        var targets = inventory.targetsById();
        var reach = inventory.connectivity().in(inventory.region());
        var enis = new HashMap<String, NetworkInterface>();
        inventory.allInterfaces().forEach(e -> enis.put(e.id(), e));
        var groups = new TreeMap<String, Group>();
        for (var session : inventory.sessions()) {
            var workload = instanceByEni.get(session.sourceEniId());
            var target = targets.get(session.targetId());
            var source = enis.get(session.sourceEniId());
            if (!session.isManaged() || workload == null || target == null || source == null) {
                continue;
            }
            int sourceMtu = declared(workload.tags()).orElse(JUMBO_MTU);
            int largestPacket = session.packetLength().isPresent() ? Math.min(sourceMtu, session.packetLength().getAsInt()) : sourceMtu;
            int mirrored = largestPacket + VXLAN_OVERHEAD;
            for (var hop : hops(target, reach.path(source.vpcId(), target.vpcId()), instanceByEni)) {
                if (mirrored > hop.limit()) {
                    groups.computeIfAbsent(target.id() + "|" + hop.name(), k -> new Group(target, hop))
                            .add(workload.instanceId(), sourceMtu);
                }
            }
        }
        return groups.values().stream().map(Group::oversize).toList();
    }

    private record Hop(String name, int limit, boolean drops) {
    }

    /** The hops that bound a mirrored packet on its way to the target, in path order. */
    private static List<Hop> hops(MirrorTarget target, Connectivity.Path path, Map<String, Workload> instanceByEni) {
        var hops = new ArrayList<Hop>();
        // A shared target's path is not readable from this account: its transit gateway is not judged.
        if (path == Connectivity.Path.TRANSIT_GATEWAY) {
            hops.add(new Hop("the transit gateway", GATEWAY_MTU, true));
        }
        if (target.kind() == TargetKind.NETWORK_INTERFACE) {
            var sensor = instanceByEni.get(target.resourceId());
            int mtu = declared(target.tags()).or(() -> sensor == null ? Optional.empty() : declared(sensor.tags()))
                    .orElse(JUMBO_MTU);
            hops.add(new Hop("the target ENI " + target.resourceId(), mtu, false));
        } else if (target.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT) {
            hops.add(new Hop("the Gateway Load Balancer endpoint", GATEWAY_MTU, false));
        }
        return hops;
    }

    /** The MTU a tag declares; a value that is no MTU (not a whole number 576..9216) declares nothing. */
    static Optional<Integer> declared(Tags tags) {
        var value = tags.get(MTU_TAG);
        if (value == null || !value.strip().matches("[0-9]{3,5}")) {
            return Optional.empty();
        }
        int mtu = Integer.parseInt(value.strip());
        return mtu >= LOWEST_MTU && mtu <= 9216 ? Optional.of(mtu) : Optional.empty();
    }

    private static final class Group {
        private final MirrorTarget target;
        private final Hop hop;
        private final TreeSet<String> instances = new TreeSet<>();
        private int sourceMtu;

        Group(MirrorTarget target, Hop hop) {
            this.target = target;
            this.hop = hop;
        }

        void add(String instanceId, int mtu) {
            instances.add(instanceId);
            sourceMtu = Math.max(sourceMtu, mtu);
        }

        Oversize oversize() {
            return new Oversize(target.id(), target.name(), hop.name(), hop.limit(), hop.drops(), hop.limit() - VXLAN_OVERHEAD,
                    sourceMtu, List.copyOf(instances));
        }
    }
}
