package dev.mirrorpilot.policy.rebalance;

import dev.mirrorpilot.policy.load.SourceTraffic;
import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.load.SensorBudgets;
import dev.mirrorpilot.policy.load.SensorCapacity;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.placement.TargetReach;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.plan.Source;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans moving MirrorPilot sessions off crowded targets. Pure. Guarantees, for any inventory:
 * only MirrorPilot sessions move, in place (target only: number, filter and VNI kept); a
 * destination is filled to its low-water mark at most, in sources and in Gbps of its Sensor's
 * rating (so never above the headroom or the throughput share; an unrated Sensor takes no moves,
 * since its load could not be checked); a source goes
 * only to a selected target reachable from its VPC that can receive from it; a crowded target is
 * drained to its low-water mark and no further; at most the configured number of moves; planning
 * again on the result moves nothing. Destinations are preferred load balancer targets first
 * (no source limit), then in the source's zone, then the least loaded Sensor by Gbps share.
 */
public final class Rebalance {
    /** Sums of Gbps compare with a little slack, so that 0.3 + 0.3 fits under 0.6. */
    private static final double EPSILON = 1e-9;
    /**
     * On a target whose draining the per-run maximum cut short, or that nothing could relieve: the next run drains it on,
     * below the trigger too, and placement sends new sources elsewhere first.
     */
    public static final String DRAINING_TAG = TargetReadiness.REBALANCE_TAG;
    public static final String DRAINING = TargetReadiness.DRAINING;
    private final Inventory inventory;
    private final MirrorPolicy policy;
    private final RebalanceSettings settings;
    private final Map<String, CapacityLimit> limits;
    private final TargetLoads loads;
    private final SensorBudgets budgets;
    private final TargetReadiness readiness;
    private final TargetReach reach;
    private final Map<String, NetworkInterface> interfaces;
    private final List<MirrorTarget> selected;
    /** "eni|target" -> sessions of that ENI on that target: moving one of two frees nothing. */
    private final Map<String, Long> sessionsOnTarget;
    private final java.util.Set<String> drainSources = new java.util.HashSet<>();
    /** NLB target id -> the zone of its one healthy Sensor (cross-AZ bytes are billed). */
    private final Map<String, String> sensorZones = new HashMap<>();
    private final java.util.Set<String> drainGbps = new java.util.HashSet<>();

    private Rebalance(Inventory inventory, MirrorPolicy policy, RebalanceSettings settings, SourceTraffic traffic) {
        this.inventory = inventory;
        this.policy = policy;
        this.settings = settings;
        var hundred = policy.hundredSourceTypes();
        this.limits = inventory.targets().stream().collect(Collectors.toMap(MirrorTarget::id,
                t -> CapacityLimit.of(t, hundred, policy.capacityHeadroomPercent())));
        this.loads = new TargetLoads(inventory.sessions());
        this.budgets = new SensorBudgets(inventory, traffic, new SensorCapacity(inventory, settings.ratings()));
        loads.follow(budgets);
        this.readiness = new TargetReadiness(inventory);
        this.reach = new TargetReach(inventory.connectivity().in(inventory.region()), inventory.accountId(),
                policy.sharedTargetVpcs());
        this.interfaces = inventory.allInterfaces().collect(Collectors.toMap(NetworkInterface::id, Function.identity(), (a, b) -> a));
        this.selected = inventory.targets().stream().filter(t -> policy.targets().selects(t.id(), t.tags()))
                .sorted(Comparator.comparing(MirrorTarget::id)).toList();
        var zoneOf = inventory.workloads().stream().collect(Collectors.toMap(w -> w.instanceId(), w -> w.availabilityZone()));
        for (var lb : inventory.loadBalancers()) {
            var healthy = lb.registered().stream().filter(r -> r.isHealthy()).map(r -> zoneOf.get(r.id())).toList();
            if (healthy.size() == 1 && healthy.get(0) != null) {
                inventory.targets().stream().filter(t -> t.resourceId().equals(lb.arn()))
                        .forEach(t -> sensorZones.put(t.id(), healthy.get(0)));
            }
        }
        this.sessionsOnTarget = inventory.sessions().stream()
                .collect(Collectors.groupingBy(s -> s.sourceEniId() + "|" + s.targetId(), Collectors.counting()));
    }

    public static RebalancePlan plan(Inventory inventory, MirrorPolicy policy, RebalanceSettings settings,
                                     SourceTraffic traffic) {
        return new Rebalance(inventory, policy, settings, traffic).plan();
    }

    private RebalancePlan plan() {
        var moves = new ArrayList<Action>();
        var managedByTarget = inventory.sessions().stream().filter(MirrorSession::isManaged)
                .collect(Collectors.groupingBy(MirrorSession::targetId));
        int lowerBound = lowerBound(managedByTarget);
        // A drained target can take sessions of a target still crowded: passes repeat until one moves nothing,
        // so that planning again on the result moves nothing either.
        // A target an earlier run left half drained (the per-run maximum) goes on to its low-water mark.
        inventory.targets().stream().filter(TargetReadiness::isMarkedDraining).forEach(t -> {
            drainSources.add(t.id());
            if (budgets.ratedGbps(t.id()).isPresent()) {
                drainGbps.add(t.id());
            }
        });
        Pass pass;
        do {
            pass = pass(managedByTarget, moves);
        } while (pass.moved() && pass.deferred() == 0);
        var actions = new ArrayList<Action>(moves);
        actions.addAll(pass.keeps());
        // Marked as well: a target nothing could bring to its mark. Placement then sends new sources elsewhere first
        // (the traffic that crowds it is measured here, never by a launch), and the next run tries again.
        var stillDraining = new java.util.HashSet<>(pass.deferredTargets());
        stillDraining.addAll(pass.unrelieved());
        // Unmarked only once at its mark: a target nothing could relieve (a shortfall) stays marked and is tried again.
        var shortOfRoom = pass.shortfalls().stream().map(Shortfall::targetId).collect(Collectors.toSet());
        var drained = inventory.targets().stream().filter(TargetReadiness::isMarkedDraining).map(MirrorTarget::id)
                .filter(id -> !stillDraining.contains(id) && !shortOfRoom.contains(id)).collect(Collectors.toSet());
        return new RebalancePlan(new SessionPlan(new Scope.NearLimitTargets(), actions), pass.shortfalls(), pass.deferred(),
                lowerBound, stillDraining, drained);
    }

    /**
     * The fewest moves that could bring every crowded or marked target to its low-water mark: per target, the
     * sources above its mark, or, when its Sensor is crowded by Gbps, the fewest of its heaviest
     * movable sources whose traffic covers the excess (a Sensor counted once, whatever targets feed it),
     * whichever is more.
     */
    private int lowerBound(Map<String, List<MirrorSession>> managedByTarget) {
        int bound = 0;
        var sensorsCounted = new java.util.HashSet<String>();
        for (var target : inventory.targets()) {
            // A target an earlier run marked is drained on to its mark, below the trigger too: it counts as crowded.
            boolean marked = TargetReadiness.isMarkedDraining(target);
            int bySources = sourcesCrowded(target) || marked ? Math.max(0, loads.of(target.id()) - lowWaterSources(target)) : 0;
            int byGbps = 0;
            if ((gbpsCrowded(target) || marked && needsDraining(target, false, true))
                    && sensorsCounted.add(budgets.budgetOf(target.id()))) {
                double excess = budgets.gbps(target.id())
                        - budgets.ratedGbps(target.id()).getAsDouble() * settings.lowWaterPercent() / 100.0;
                var heaviest = inventory.targets().stream()
                        .filter(t -> budgets.budgetOf(t.id()).equals(budgets.budgetOf(target.id())))
                        .flatMap(t -> managedByTarget.getOrDefault(t.id(), List.of()).stream())
                        .mapToDouble(s -> budgets.trafficOf(s.sourceEniId())).boxed()
                        .sorted(Comparator.reverseOrder()).toList();
                double shed = 0;
                for (var gbps : heaviest) {
                    if (shed >= excess - EPSILON) {
                        break;
                    }
                    shed += gbps;
                    byGbps++;
                }
            }
            bound += Math.max(bySources, byGbps);
        }
        return bound;
    }

    /** One sweep over the targets crowded now; the last sweep's keeps and shortfalls are the plan's. */
    private record Pass(boolean moved, List<Action> keeps, List<Shortfall> shortfalls, int deferred,
                        java.util.Set<String> deferredTargets, java.util.Set<String> unrelieved) {
    }

    private Pass pass(Map<String, List<MirrorSession>> managedByTarget, List<Action> moves) {
        var keeps = new ArrayList<Action>();
        var shortfalls = new ArrayList<Shortfall>();
        var deferredTargets = new java.util.HashSet<String>();
        var unrelieved = new java.util.HashSet<String>();
        int deferred = 0;
        int movesBefore = moves.size();
        // A target once crowded is drained to its low-water mark, also when it dipped below the trigger meanwhile.
        inventory.targets().forEach(t -> {
            if (sourcesCrowded(t)) {
                drainSources.add(t.id());
            }
            if (gbpsCrowded(t)) {
                drainGbps.add(t.id());
            }
        });
        var crowded = inventory.targets().stream()
                .filter(t -> isDownToLeave(t) || needsDraining(t, drainSources.contains(t.id()), drainGbps.contains(t.id())))
                .sorted(Comparator.comparingDouble((MirrorTarget t) -> -utilisation(t)).thenComparing(MirrorTarget::id))
                .toList();
        var moved = moves.stream().map(a -> ((Action.Retarget) a).session().id()).collect(Collectors.toSet());
        for (var target : crowded) {
            boolean bySources = drainSources.contains(target.id());
            boolean byGbps = drainGbps.contains(target.id());
            var candidates = managedByTarget.getOrDefault(target.id(), List.of()).stream()
                    .filter(s -> !moved.contains(s.id()))
                    .filter(s -> interfaces.containsKey(s.sourceEniId()))
                    .filter(s -> interfaces.get(s.sourceEniId()).attachment().isPresent())
                    .filter(s -> sessionsOnTarget.get(s.sourceEniId() + "|" + target.id()) == 1)
                    .sorted(byGbps ? heaviestFirst() : lightestFirst())
                    .toList();
            boolean deferredHere = false;
            boolean leaving = isDownToLeave(target);
            for (var session : candidates) {
                if (!leaving && !needsDraining(target, bySources, byGbps)) {
                    break;
                }
                var eni = interfaces.get(session.sourceEniId());
                var source = new Source(eni.attachment().get().instanceId(), eni.id(), eni.vpcId(), eni.availabilityZone(),
                        eni.deviceIndex());
                if (moves.size() >= settings.maxMoves()) {
                    // The next run continues; count what is left to drain here (at least one move).
                    deferred += bySources ? Math.max(1, loads.of(target.id()) - lowWaterSources(target)) : 1;
                    deferredHere = true;
                    deferredTargets.add(target.id());
                    keeps.add(new Action.Keep(source, session, Reason.of(ReasonCode.NO_BETTER_TARGET,
                            "deferred to the next run: at most " + settings.maxMoves() + " moves per run")));
                    break;
                }
                var destination = destinationFor(eni, target);
                if (destination.isEmpty()) {
                    keeps.add(new Action.Keep(source, session, Reason.of(ReasonCode.NO_BETTER_TARGET, describe(target))));
                    continue;
                }
                var to = destination.get();
                var detail = describe(target) + " -> " + to.id() + " (" + describe(to) + " before)";
                loads.move(target.id(), to.id(), eni.id());
                moved.add(session.id());
                moves.add(new Action.Retarget(source, session, to.id(), session.filterId(), session.sessionNumber(),
                        session.virtualNetworkId(), session.packetLength(), Reason.of(ReasonCode.REBALANCE, detail)));
            }
            boolean left = leaving && candidates.stream().anyMatch(c -> !moved.contains(c.id()));
            boolean stillCrowded = needsDraining(target, bySources, byGbps);
            if ((left || stillCrowded) && !deferredHere) {
                shortfalls.add(shortfall(target, bySources, byGbps));
                if (stillCrowded) {
                    unrelieved.add(target.id());
                }
            }
        }
        return new Pass(moves.size() > movesBefore, keeps, shortfalls, deferred, deferredTargets, unrelieved);
    }

    /** Fewest moves to shed Gbps: the heaviest sources first. */
    private Comparator<MirrorSession> heaviestFirst() {
        return Comparator.comparingDouble((MirrorSession s) -> -budgets.trafficOf(s.sourceEniId())).thenComparing(MirrorSession::id);
    }

    /** Shedding sources only: the lightest first, which fit most destinations' throughput. */
    private Comparator<MirrorSession> lightestFirst() {
        return Comparator.comparingDouble((MirrorSession s) -> budgets.trafficOf(s.sourceEniId())).thenComparing(MirrorSession::id);
    }

    /** A target whose Sensor the Brain reports down, to be left when the settings say so. */
    private boolean isDownToLeave(MirrorTarget target) {
        return settings.moveOffDownSensors() && readiness.problem(target)
                .filter(p -> p.code() == ReasonCode.TARGET_SENSOR_DOWN).isPresent();
    }

    private boolean sourcesCrowded(MirrorTarget target) {
        return limits.get(target.id()).isAboveHeadroom(loads.of(target.id()));
    }

    private boolean gbpsCrowded(MirrorTarget target) {
        var rated = budgets.ratedGbps(target.id());
        return rated.isPresent() && budgets.gbps(target.id()) > rated.getAsDouble() * settings.throughputSharePercent() / 100.0;
    }

    /** The sources a crowded target is drained to: the low-water share of its limit, and never above its headroom. */
    private int lowWaterSources(MirrorTarget target) {
        var limit = limits.get(target.id());
        return limit.isUnlimited() ? Integer.MAX_VALUE
                : Math.min(limit.headroomLimit(), limit.hardLimit() * settings.lowWaterPercent() / 100);
    }

    private boolean needsDraining(MirrorTarget target, boolean bySources, boolean byGbps) {
        if (bySources && loads.of(target.id()) > lowWaterSources(target)) {
            return true;
        }
        var rated = budgets.ratedGbps(target.id());
        return byGbps && rated.isPresent()
                && budgets.gbps(target.id()) > rated.getAsDouble() * settings.lowWaterPercent() / 100.0;
    }

    private double utilisation(MirrorTarget target) {
        var limit = limits.get(target.id());
        double bySources = limit.isUnlimited() ? 0 : (double) loads.of(target.id()) / limit.hardLimit();
        var rated = budgets.ratedGbps(target.id());
        double byGbps = rated.isPresent() ? budgets.gbps(target.id()) / rated.getAsDouble() : 0;
        return Math.max(bySources, byGbps);
    }

    private Optional<MirrorTarget> destinationFor(NetworkInterface eni, MirrorTarget from) {
        double traffic = budgets.trafficOf(eni.id());
        // A source limit belongs to a target, a throughput to the Sensor: a target crowded by sources only may drain
        // onto another target of the same Sensor (its NLB, say); one whose Sensor needs relief, or is down, may not.
        // Judged on the Sensor's load now, against the trigger (not the low-water mark, which a later run would not
        // remember): a heavy source moved off earlier in this run may have relieved it.
        boolean sensorNeedsRelief = gbpsCrowded(from) || isDownToLeave(from);
        // Only sources crowding the target itself are relieved by another target of its Sensor: a target drained by
        // Gbps alone (marked, below the trigger) would hand the same throughput back and forth.
        boolean targetNeedsRelief = needsDraining(from, drainSources.contains(from.id()), false);
        MirrorTarget best = null;
        for (var candidate : selected) {
            boolean sameSensor = budgets.budgetOf(candidate.id()).equals(budgets.budgetOf(from.id()));
            // A target still above its low-water mark takes nothing (within one Sensor, only its source mark counts).
            // A Sensor its Brain reports dropping traffic takes no one else's throughput.
            if (candidate.id().equals(from.id())
                    || sameSensor && (sensorNeedsRelief || !targetNeedsRelief)
                    || !sameSensor && TargetReadiness.reportsDegraded(candidate)
                    || needsDraining(candidate, drainSources.contains(candidate.id()),
                            !sameSensor && drainGbps.contains(candidate.id()))
                    || !reach.reaches(eni.vpcId(), candidate) || readiness.problem(candidate).isPresent()
                    || !readiness.admits(candidate, eni)) {
                continue;
            }
            // Destinations fill to the low-water mark only: what a run fills, the next does not find crowded.
            int load = loads.of(candidate.id());
            if (load > lowWaterSources(candidate) || !loads.hasSource(candidate.id(), eni.id()) && load >= lowWaterSources(candidate)) {
                continue;
            }
            var rated = budgets.ratedGbps(candidate.id());
            // Within one Sensor a move changes nothing of its throughput.
            if (!sameSensor && (rated.isEmpty() || budgets.gbps(candidate.id()) + traffic
                    > rated.getAsDouble() * settings.lowWaterPercent() / 100.0 + EPSILON)) {
                continue;
            }
            if (best == null || compare(eni, candidate, best, traffic) < 0) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }

    private int compare(NetworkInterface eni, MirrorTarget a, MirrorTarget b, double traffic) {
        int byKind = Boolean.compare(a.kind() == TargetKind.NETWORK_INTERFACE, b.kind() == TargetKind.NETWORK_INTERFACE);
        if (byKind != 0) {
            return byKind;
        }
        int byZone = Boolean.compare(!sameZone(eni, a), !sameZone(eni, b));
        if (byZone != 0) {
            return byZone;
        }
        int byShare = Double.compare(shareAfter(a, traffic), shareAfter(b, traffic));
        return byShare != 0 ? byShare : a.id().compareTo(b.id());
    }

    private double shareAfter(MirrorTarget target, double traffic) {
        var rated = budgets.ratedGbps(target.id());
        // Only a target on the moving source's own Sensor can be unrated here: its load does not change.
        return rated.isEmpty() ? 0 : (budgets.gbps(target.id()) + traffic) / rated.getAsDouble();
    }

    /** Same zone as the Sensor that receives: an NLB's one Sensor's zone when known; other load balancers count as any zone. */
    private boolean sameZone(NetworkInterface eni, MirrorTarget target) {
        return target.availabilityZone().or(() -> Optional.ofNullable(sensorZones.get(target.id())))
                .map(eni.availabilityZone()::equals).orElse(true);
    }

    private String describe(MirrorTarget target) {
        var rated = budgets.ratedGbps(target.id());
        return target.id() + " " + loads.of(target.id()) + "/" + limits.get(target.id()) + " sources, "
                + String.format(Locale.ROOT, "%.2f", budgets.gbps(target.id())) + "/"
                + (rated.isPresent() ? String.format(Locale.ROOT, "%.1f", rated.getAsDouble()) : "unrated") + " Gbps";
    }

    private Shortfall shortfall(MirrorTarget target, boolean bySources, boolean byGbps) {
        var limit = limits.get(target.id());
        var rated = budgets.ratedGbps(target.id());
        var advice = new ArrayList<String>();
        var sourceVpcs = budgets.instancesOn(target.id()).isEmpty() ? target.vpcId() : sourceVpcs(target);
        // Already behind its own NLB target: advising one would be advice it has followed.
        boolean hasOwnNlb = selected.stream().anyMatch(t -> t.kind() == TargetKind.NETWORK_LOAD_BALANCER && !t.id().equals(target.id())
                && budgets.budgetOf(t.id()).equals(budgets.budgetOf(target.id())));
        if (bySources && target.kind() == TargetKind.NETWORK_INTERFACE && !hasOwnNlb) {
            advice.add("put Sensor " + target.name() + " behind a Network Load Balancer (templates/sensor-nlb.yaml; an NLB "
                    + "target has no source limit) or add a Sensor reachable from " + sourceVpcs);
        } else if (bySources && target.kind() == TargetKind.NETWORK_INTERFACE) {
            advice.add("Sensor " + target.name() + " already stands behind its own Network Load Balancer target, which has no "
                    + "source limit; sources move onto it only while the Sensor has throughput to spare and the NLB can receive "
                    + "from them: add a Sensor reachable from " + sourceVpcs);
        }
        double excess = rated.isPresent()
                ? budgets.gbps(target.id()) - rated.getAsDouble() * settings.lowWaterPercent() / 100.0 : 0;
        // Drained below its mark by this run's moves, the Sensor needs no more throughput (only its target more slots).
        if (byGbps && excess > 0) {
            advice.add("add a Sensor of size " + sizeFor(excess) + " reachable from " + sourceVpcs + " (about "
                    + String.format(Locale.ROOT, "%.1f", excess) + " Gbps above the low-water mark)");
        }
        if (isDownToLeave(target)) {
            advice.add("the Brain reports Sensor " + target.name() + " down and no reachable target can take its sessions: "
                    + "restore the Sensor, or add one reachable from " + sourceVpcs);
        }
        long unrated = selected.stream().filter(t -> budgets.ratedGbps(t.id()).isEmpty()).count();
        if (unrated > 0) {
            advice.add(unrated + " selected target(s) have no Sensor rating and take no moves: rate them "
                    + "(MIRRORPILOT_SENSOR_RATINGS) if they can");
        }
        if (advice.isEmpty()) {
            advice.add("add a Sensor reachable from " + sourceVpcs);
        }
        return new Shortfall(target.id(), target.name(), target.vpcId(), loads.of(target.id()),
                limit.isUnlimited() ? -1 : limit.hardLimit(), budgets.gbps(target.id()), rated, String.join("; ", advice));
    }

    private String sourceVpcs(MirrorTarget target) {
        return inventory.sessions().stream().filter(s -> s.targetId().equals(target.id()))
                .map(s -> interfaces.get(s.sourceEniId())).filter(e -> e != null).map(NetworkInterface::vpcId)
                .distinct().sorted().limit(3).collect(Collectors.joining(", "));
    }

    /** The smallest Sensor in the guide that takes this much within the throughput share. */
    private String sizeFor(double gbps) {
        return SensorRatings.VECTRA_GUIDE.entrySet().stream()
                .filter(e -> e.getKey().startsWith("r5n.") || e.getKey().startsWith("c5n."))
                .filter(e -> e.getValue() * settings.throughputSharePercent() / 100.0 >= gbps)
                .min(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse("c5n.18xlarge (or several)");
    }
}
