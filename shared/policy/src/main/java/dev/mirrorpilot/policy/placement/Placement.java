package dev.mirrorpilot.policy.placement;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.load.SensorBudgets;
import dev.mirrorpilot.policy.load.SensorCapacity;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Chooses the target for a source ENI: only selected targets reachable from its VPC that can
 * receive from it (see {@link TargetReadiness}), never one at its hard limit of distinct sources;
 * among those, targets with headroom first, then those whose Sensor stays within its throughput share,
 * is not reported degraded by its Brain and is not being drained by the rebalance, then (if preferred)
 * the source's Availability Zone, then the fewest hops charged per GB (a load balancer, a transit
 * gateway), then the same VPC, then the lowest share of its limit in use, then the lowest id, so that
 * the same inputs always give the same choice.
 */
public final class Placement {
    private final List<MirrorTarget> selected;
    private final Map<String, CapacityLimit> limits;
    private final TargetReach reach;
    private final TargetReadiness readiness;
    private final TargetLoads loads;
    private final boolean preferSameAz;
    private final SensorBudgets budgets;
    private final Map<String, List<MirrorTarget>> reachableByVpc = new HashMap<>();
    private final Map<List<String>, List<MirrorTarget>> usableByShape = new HashMap<>();
    private final Map<List<String>, List<MirrorTarget>> sameUsable = new HashMap<>();

    public Placement(List<MirrorTarget> selected, Map<String, CapacityLimit> limits, TargetReach reach,
                     TargetReadiness readiness, TargetLoads loads, boolean preferSameAz, SensorBudgets budgets) {
        this.selected = selected.stream().sorted(Comparator.comparing(MirrorTarget::id)).toList();
        this.limits = limits;
        this.reach = reach;
        this.readiness = readiness;
        this.loads = loads;
        this.preferSameAz = preferSameAz;
        this.budgets = budgets;
    }

    /** Either a target, or the reason no target can take the source. */
    public sealed interface Outcome {
        record Placed(MirrorTarget target, Connectivity.Path path) implements Outcome {
        }

        record Unplaced(Reason reason) implements Outcome {
        }
    }

    public Outcome place(NetworkInterface source, Set<String> excludedTargetIds) {
        return choose(source, excludedTargetIds,
                t -> loads.hasSource(t.id(), source.id()) || limits.get(t.id()).admits(loads.of(t.id())));
    }

    /**
     * The targets that could take this source if they had room: selected, reachable from its VPC, able
     * to receive from it; in id order. What {@link #place} chooses among. Sources with the same usable
     * targets get the same list instance.
     */
    public List<MirrorTarget> usable(NetworkInterface source) {
        // What a target admits depends on the source's VPC, address and groups only (TargetReadiness.admits).
        var shape = List.of(source.vpcId(), String.join(",", source.securityGroupIds()), source.privateIpAddress());
        return usableByShape.computeIfAbsent(shape, key -> {
            var usable = reachableFrom(source.vpcId()).stream()
                    .filter(t -> readiness.problem(t).isEmpty() && readiness.admits(t, source)).toList();
            // Sources alike share one list, so a caller can tell by identity that it has seen these targets already.
            return sameUsable.computeIfAbsent(usable.stream().map(MirrorTarget::id).toList(), ids -> usable);
        });
    }

    /** Whether the target can take one more session from this ENI without passing its hard limit of distinct sources. */
    public boolean hasRoom(MirrorTarget target, String eniId) {
        return loads.hasSource(target.id(), eniId) || limits.get(target.id()).admits(loads.of(target.id()));
    }

    /** The path from the source's VPC to a target it reaches. */
    public Connectivity.Path path(NetworkInterface source, MirrorTarget target) {
        return reach.path(source.vpcId(), target);
    }

    private Outcome choose(NetworkInterface source, Set<String> excluded, Predicate<MirrorTarget> hasRoom) {
        var reachable = reachableFrom(source.vpcId());
        if (reachable.isEmpty()) {
            return new Outcome.Unplaced(Reason.of(ReasonCode.NO_REACHABLE_TARGET,
                    selected.isEmpty() ? "no target is selected by policy" : "from " + source.vpcId() + awaitedPaths(source)));
        }
        var usable = new ArrayList<MirrorTarget>();
        var unusable = new ArrayList<String>();
        for (var target : reachable) {
            var problem = readiness.problem(target)
                    .or(() -> readiness.admits(target, source) ? Optional.empty() : Optional.of(readiness.blocked(target, source)));
            if (problem.isPresent()) {
                unusable.add(target.id() + " " + problem.get().code().label()
                        + ": " + problem.get().detail());
            } else {
                usable.add(target);
            }
        }
        if (usable.isEmpty()) {
            return new Outcome.Unplaced(Reason.of(ReasonCode.NO_USABLE_TARGET, String.join("; ", unusable)));
        }
        MirrorTarget best = null;
        for (var target : usable) {
            if (excluded.contains(target.id()) || !hasRoom.test(target)) {
                continue;
            }
            if (best == null || compare(source, target, best) < 0) {
                best = target;
            }
        }
        if (best == null) {
            return new Outcome.Unplaced(Reason.of(ReasonCode.TARGETS_FULL, describeFull(usable)));
        }
        return new Outcome.Placed(best, reach.path(source.vpcId(), best));
    }

    /** The selected targets a peering or attachment on its way would let this source reach, and what to do. */
    private String awaitedPaths(NetworkInterface source) {
        var parts = new ArrayList<String>();
        for (var target : selected) {
            reach.awaiting(source.vpcId(), target).ifPresent(what -> parts.add(target.id() + " once " + what));
            if (parts.size() == 3) {
                break;
            }
        }
        return parts.isEmpty() ? "" : "; reachable: " + String.join(", ", parts);
    }

    private String describeFull(List<MirrorTarget> reachable) {
        var parts = new ArrayList<String>();
        for (var target : reachable) {
            parts.add(target.id() + " " + loads.of(target.id()) + "/" + limits.get(target.id()));
            if (parts.size() == 5) {
                parts.add("...");
                break;
            }
        }
        return String.join(", ", parts);
    }

    private List<MirrorTarget> reachableFrom(String vpcId) {
        return reachableByVpc.computeIfAbsent(vpcId,
                vpc -> selected.stream().filter(t -> reach.reaches(vpc, t)).toList());
    }

    private int compare(NetworkInterface source, MirrorTarget a, MirrorTarget b) {
        int byHeadroom = Boolean.compare(!hasHeadroom(a), !hasHeadroom(b));
        if (byHeadroom != 0) {
            return byHeadroom;
        }
        // A Sensor that this source would take past its throughput share is the rebalance's next move; one its Brain
        // reports dropping traffic, or a target the rebalance is draining (measured), has none to spare: avoid them,
        // never to the point of no session.
        int byThroughput = Boolean.compare(!hasThroughputToSpare(source, a), !hasThroughputToSpare(source, b));
        if (byThroughput != 0) {
            return byThroughput;
        }
        if (preferSameAz) {
            int byZone = Boolean.compare(!sameZone(source, a), !sameZone(source, b));
            if (byZone != 0) {
                return byZone;
            }
        }
        int byCost = Integer.compare(chargedHops(source, a), chargedHops(source, b));
        if (byCost != 0) {
            return byCost;
        }
        int byVpc = Boolean.compare(!source.vpcId().equals(a.vpcId()), !source.vpcId().equals(b.vpcId()));
        if (byVpc != 0) {
            return byVpc;
        }
        int byShare = compareShare(a, b);
        if (byShare != 0) {
            return byShare;
        }
        int byLoad = Integer.compare(loads.of(a.id()), loads.of(b.id()));
        return byLoad != 0 ? byLoad : a.id().compareTo(b.id());
    }

    /**
     * The hops on the way to a target that AWS charges per GB processed: a load balancer in front of the
     * Sensor (NLB capacity units, GWLB endpoint data processing) and a transit gateway (data processing).
     */
    private int chargedHops(NetworkInterface source, MirrorTarget target) {
        var path = reach.path(source.vpcId(), target);
        int viaGateway = path == Connectivity.Path.TRANSIT_GATEWAY || path == Connectivity.Path.SHARED_VIA_TRANSIT_GATEWAY ? 1 : 0;
        return viaGateway + (target.kind() == TargetKind.NETWORK_INTERFACE ? 0 : 1);
    }

    private boolean hasThroughputToSpare(NetworkInterface source, MirrorTarget target) {
        return !TargetReadiness.reportsDegraded(target) && !TargetReadiness.isMarkedDraining(target)
                && budgets.staysWithinShare(target.id(), source.id(), SensorCapacity.DEFAULT_SHARE_PERCENT);
    }

    private boolean hasHeadroom(MirrorTarget target) {
        return limits.get(target.id()).hasHeadroomFor(loads.of(target.id()));
    }

    /** Load balancers span zones, so they count as in every zone. */
    private static boolean sameZone(NetworkInterface source, MirrorTarget target) {
        return target.availabilityZone().map(source.availabilityZone()::equals).orElse(true);
    }

    /** Compares load/limit without floating point; an unlimited target's share is zero. */
    private int compareShare(MirrorTarget a, MirrorTarget b) {
        var limitA = limits.get(a.id());
        var limitB = limits.get(b.id());
        long shareA = limitA.isUnlimited() ? 0 : (long) loads.of(a.id()) * (limitB.isUnlimited() ? 1 : limitB.hardLimit());
        long shareB = limitB.isUnlimited() ? 0 : (long) loads.of(b.id()) * (limitA.isUnlimited() ? 1 : limitA.hardLimit());
        return Long.compare(shareA, shareB);
    }
}
