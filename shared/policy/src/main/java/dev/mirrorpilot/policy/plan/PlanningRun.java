package dev.mirrorpilot.policy.plan;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.config.VniPolicy;
import dev.mirrorpilot.policy.eligibility.Eligibility;
import dev.mirrorpilot.policy.load.SensorBudgets;
import dev.mirrorpilot.policy.load.SensorCapacity;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.load.SourceTraffic;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.ManagedTags;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.placement.Placement;
import dev.mirrorpilot.policy.placement.SessionNumbers;
import dev.mirrorpilot.policy.placement.SlotChains;
import dev.mirrorpilot.policy.placement.TargetReach;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One planning run: indexes built once, a capacity ledger that follows the plan as it grows. */
final class PlanningRun {
    private static final Comparator<MirrorSession> BY_NUMBER_THEN_ID =
            Comparator.comparingInt(MirrorSession::sessionNumber).thenComparing(MirrorSession::id);

    private final Inventory inventory;
    private final MirrorPolicy policy;
    private final Eligibility eligibility;
    private final Map<String, MirrorTarget> targets;
    private final Map<String, MirrorFilter> filters;
    private final Map<String, CapacityLimit> limits;
    private final Map<String, List<MirrorSession>> sessionsByEni;
    private final Map<String, NetworkInterface> interfaces;
    private final TargetReach reach;
    private final TargetReadiness readiness;
    private final TargetLoads loads;
    private final Placement placement;
    private final FilterChoice filterChoice;
    private final SlotChains chains;
    private final boolean slotChains;
    /** A reconcile reads the account fresh; a launch's plan may read connectivity from a warm container's cache. */
    private boolean reconcile;
    /** Sessions that may yield their slot, built on first need (see takeYieldedSlot). */
    private Map<String, java.util.TreeMap<String, StrandedHolder>> yieldable;
    /** ENIs whose stranded session yielded its slot in this plan, in the order they did. */
    private final java.util.ArrayDeque<String> yielders = new java.util.ArrayDeque<>();

    private final List<Action> deletes = new ArrayList<>();
    private final List<Action> retargets = new ArrayList<>();
    private final List<Action> creates = new ArrayList<>();
    private final List<Action> keeps = new ArrayList<>();
    private final List<Action> skips = new ArrayList<>();
    /** New sessions by source ENI, in the order they were decided; their target can still change (see SlotChains). */
    private final Map<String, NewSession> newSessions = new LinkedHashMap<>();
    /** Our existing sessions a slot chain moved: source ENI -> new target. */
    private final Map<String, MovedForCoverage> moved = new HashMap<>();

    private record NewSession(Pending pending, int number, MirrorTarget target) {
    }

    private record MovedForCoverage(MirrorTarget target, String forEni) {
    }

    /** One of our sessions whose target cannot serve it, and no target with room could take it directly. */
    private record Stranded(Pending pending, Reason problem) {
    }

    /** Stranded sessions by source ENI, waiting for their slot-chain turn; and those that got a target from one. */
    private final Map<String, Stranded> strandedByFullTargets = new LinkedHashMap<>();
    private final Map<String, MirrorTarget> unstranded = new HashMap<>();

    /** The filter new sessions use, or why there is none. */
    private record FilterChoice(Optional<String> filterId, String problem) {
    }

    /** An eligible ENI waiting for placement once every delete has freed its capacity. */
    private record Pending(Workload workload, NetworkInterface eni, Source source, Optional<MirrorSession> keeper,
                           List<MirrorSession> foreign, Optional<Reason> renumber, int sessionNumber) {
        static Pending fresh(Workload workload, NetworkInterface eni, Source source, List<MirrorSession> foreign) {
            return new Pending(workload, eni, source, Optional.empty(), foreign, Optional.empty(), 0);
        }
    }

    PlanningRun(Inventory inventory, MirrorPolicy policy, boolean slotChains) {
        this.inventory = inventory;
        this.policy = policy;
        this.eligibility = new Eligibility(inventory, policy);
        this.targets = inventory.targetsById();
        this.filters = inventory.filtersById();
        var hundredSourceTypes = policy.hundredSourceTypes();
        this.limits = inventory.targets().stream().collect(Collectors.toMap(MirrorTarget::id,
                t -> CapacityLimit.of(t, hundredSourceTypes, policy.capacityHeadroomPercent())));
        this.sessionsByEni = inventory.sessions().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId));
        this.interfaces = inventory.allInterfaces().collect(Collectors.toMap(NetworkInterface::id, Function.identity()));
        this.reach = new TargetReach(inventory.connectivity().in(inventory.region()), inventory.accountId(),
                policy.sharedTargetVpcs());
        this.readiness = new TargetReadiness(inventory);
        this.loads = new TargetLoads(inventory.sessions());
        var selected = inventory.targets().stream().filter(eligibility::isSelected).toList();
        // Rated by instance type (the rebalance's own ratings setting is not the planner's to read).
        var budgets = new SensorBudgets(inventory, SourceTraffic.asGiven(inventory), new SensorCapacity(inventory, SensorRatings.guide()));
        // Every create, move and delete of the plan (chains and yielded slots too) moves the Sensors' throughput with it.
        loads.follow(budgets);
        this.placement = new Placement(selected, limits, reach, readiness, loads, policy.preferSameAz(), budgets);
        this.filterChoice = chooseFilter();
        this.chains = new SlotChains(placement, loads);
        this.slotChains = slotChains;
    }

    SessionPlan plan(Scope scope) {
        if (scope instanceof Scope.NearLimitTargets) {
            throw new IllegalArgumentException("a rebalance is planned by Rebalance, not here");
        }
        this.reconcile = !(scope instanceof Scope.Instance);
        var pending = new ArrayList<Pending>();
        workloadsIn(scope).forEach(workload -> workload.interfaces()
                .forEach(eni -> decide(workload, eni).ifPresent(pending::add)));
        orphansIn(scope).forEach(session ->
                delete(orphanSource(session), session, Reason.of(ReasonCode.SOURCE_GONE, describeGone(session))));
        placeExistingUntilSettled(pending.stream().filter(p -> p.keeper().isPresent()).toList());
        holdMovableKeepers(pending);
        var full = new ArrayList<Pending>();
        pending.stream().filter(p -> p.keeper().isEmpty()).forEach(p -> placeNew(p, full));
        if (slotChains) {
            // Sessions that deliver nothing where they are come first: each is an ENI seen by no Sensor.
            strandedByFullTargets.values().forEach(this::unstrandByChain);
        }
        full.forEach(this::placeByChain);
        if (slotChains && reconcile) {
            coverYielders(pending);
        }
        newSessions.values().forEach(this::create);
        var actions = new ArrayList<Action>(deletes);
        retargets.stream().map(r -> moved.containsKey(r.source().eniId()) ? movedOn((Action.Retarget) r)
                        : isStrandedInPlace(r) && unstranded.containsKey(r.source().eniId())
                        ? unstranded(r.source(), ((Action.Retarget) r).session()) : r)
                .forEach(actions::add);
        keeps.stream().filter(k -> k instanceof Action.Keep keep && moved.containsKey(keep.source().eniId()))
                .map(k -> movedForCoverage((Action.Keep) k)).forEach(actions::add);
        keeps.stream().filter(k -> k instanceof Action.Keep keep && unstranded.containsKey(keep.source().eniId())
                && keep.reason().code() == ReasonCode.STRANDED).map(k -> unstranded(k.source(), ((Action.Keep) k).session())).forEach(actions::add);
        actions.addAll(creates);
        keeps.stream().filter(k -> !(k instanceof Action.Keep keep && (moved.containsKey(keep.source().eniId())
                || unstranded.containsKey(keep.source().eniId()) && keep.reason().code() == ReasonCode.STRANDED)))
                .forEach(actions::add);
        actions.addAll(skips);
        return new SessionPlan(scope, actions);
    }

    /** Our sessions that stay where they are, mirrored: a slot chain may move them to cover a source nothing else can. */
    private void holdMovableKeepers(List<Pending> pending) {
        var keeperByEni = new HashMap<String, Pending>();
        pending.stream().filter(p -> p.keeper().isPresent()).forEach(p -> keeperByEni.put(p.eni().id(), p));
        for (var action : keeps) {
            if (action instanceof Action.Keep keep && (keep.reason().code() == ReasonCode.MIRRORED
                    || keep.reason().code() == ReasonCode.PARTLY_MIRRORED)) {
                hold(keeperByEni.get(keep.source().eniId()), keep.session(), keep.session().targetId());
            }
        }
        // Sessions this plan already modifies (settings, number, or a target that can no longer serve) may move too.
        for (var action : retargets) {
            var retarget = (Action.Retarget) action;
            hold(keeperByEni.get(retarget.source().eniId()), retarget.session(), retarget.targetId());
        }
    }

    private void hold(Pending pending, MirrorSession session, String targetId) {
        var target = targets.get(targetId);
        if (pending != null && target != null && pending.keeper().get().id().equals(session.id())
                && !readiness.isShared(target)) {
            chains.hold(target, pending.eni(), true);
        }
    }

    /**
     * A source every usable target of which was full when its turn came: covered after all if a chain of
     * moves of our own sources frees a slot (the account's source limits allow it), else skipped as before.
     */
    private void placeByChain(Pending pending) {
        if (sessionLimitReached()) {
            skips.add(new Action.Skip(pending.source(), Reason.of(ReasonCode.ACCOUNT_SESSION_LIMIT,
                    CapacityLimit.SESSIONS_PER_ACCOUNT + " sessions after this plan's deletes")));
            return;
        }
        var chain = slotChains ? chains.find(pending.eni()) : Optional.<SlotChains.Chain>empty();
        if (chain.isEmpty()) {
            var outcome = placement.place(pending.eni(), Set.of());
            if (outcome instanceof Placement.Outcome.Placed placed) {
                // Not expected (every usable target was full), but a slot is a slot.
                loads.add(placed.target().id(), pending.eni().id());
                newSessions.put(pending.eni().id(), new NewSession(pending, numberFor(pending.foreign()).getAsInt(),
                        placed.target()));
            } else if (!(slotChains && reconcile && takeYieldedSlot(pending))) {
                skips.add(new Action.Skip(pending.source(), ((Placement.Outcome.Unplaced) outcome).reason()));
            }
            return;
        }
        chains.apply(chain.get(), pending.eni());
        recordMoves(chain.get(), pending);
        newSessions.put(pending.eni().id(), new NewSession(pending, numberFor(pending.foreign()).getAsInt(),
                chain.get().first()));
    }

    /**
     * A full target's slot held by a session of ours that delivers nothing from where it is (its VPC has no
     * path to the target) goes to a source that can deliver and has no other slot: that session is deleted,
     * its ENI reported uncovered as it already was. Only in a reconcile, whose connectivity is read whole and
     * fresh (never on a launch's cached read), only for want of a path (a target that cannot be judged, or whose
     * security groups may be unread, keeps its sessions), never another team's session, never a shared target.
     */
    private boolean takeYieldedSlot(Pending pending) {
        if (yieldable == null) {
            yieldable = yieldableByTarget();
        }
        for (var target : placement.usable(pending.eni())) {
            var holders = yieldable.get(target.id());
            var holder = holders == null ? Optional.<StrandedHolder>empty() : holders.values().stream()
                    .filter(h -> loads.hasOnlyOneSession(target.id(), h.session().sourceEniId())).findFirst();
            if (holder.isPresent()) {
                var stranded = holder.get();
                var detail = stranded.session().id() + " into " + target.id() + " delivered nothing ("
                        + target.id() + " is unreachable from " + stranded.source().vpcId() + "); its slot now covers "
                        + pending.eni().id();
                // Kept, or renumbered in place behind another team's session: either way it leaves the plan as a delete.
                (stranded.verdict() instanceof Action.Retarget ? retargets : keeps).remove(stranded.verdict());
                holders.remove(stranded.source().eniId());
                delete(stranded.source(), stranded.session(), Reason.of(ReasonCode.YIELDED_SLOT, detail));
                skips.add(new Action.Skip(stranded.source(), Reason.of(ReasonCode.YIELDED_SLOT, detail)));
                yielders.addLast(stranded.source().eniId());
                loads.add(target.id(), pending.eni().id());
                chains.hold(target, pending.eni(), false);
                newSessions.put(pending.eni().id(), new NewSession(pending, numberFor(pending.foreign()).getAsInt(), target));
                return true;
            }
        }
        return false;
    }

    /**
     * A source whose stranded session yielded its slot is a source without a session: it takes the slot another
     * stranded session yields on a target it reaches, if there is one, as it would as a new source in the next run.
     */
    private void coverYielders(List<Pending> pending) {
        var byEni = new HashMap<String, Pending>();
        pending.forEach(p -> byEni.put(p.eni().id(), p));
        while (!yielders.isEmpty()) {
            var eni = yielders.pollFirst();
            var keeper = byEni.get(eni);
            if (keeper == null || sessionLimitReached()) {
                continue;
            }
            if (takeYieldedSlot(Pending.fresh(keeper.workload(), keeper.eni(), keeper.source(), keeper.foreign()))) {
                skips.removeIf(skip -> skip instanceof Action.Skip s && s.source().eniId().equals(eni)
                        && s.reason().code() == ReasonCode.YIELDED_SLOT);
            }
        }
    }

    /** A session of ours that stays on a target it cannot reach: kept as it is, or only renumbered in place. */
    private record StrandedHolder(Action verdict, Source source, MirrorSession session) {
    }

    /**
     * Our stranded sessions that deliver nothing, by target, in ENI order; read once, after every chain has had its
     * turn. One renumbered in place counts too: the next run would find it kept, and must not decide otherwise.
     */
    private Map<String, java.util.TreeMap<String, StrandedHolder>> yieldableByTarget() {
        var out = new HashMap<String, java.util.TreeMap<String, StrandedHolder>>();
        var candidates = new ArrayList<StrandedHolder>();
        keeps.stream().filter(a -> a instanceof Action.Keep keep && keep.reason().code() == ReasonCode.STRANDED)
                .map(a -> (Action.Keep) a).forEach(keep -> candidates.add(new StrandedHolder(keep, keep.source(), keep.session())));
        retargets.stream().filter(PlanningRun::isStrandedInPlace).map(a -> (Action.Retarget) a).forEach(r -> candidates.add(new StrandedHolder(r, r.source(), r.session())));
        candidates.stream()
                .filter(h -> !unstranded.containsKey(h.source().eniId()) && deliversNothingFromItsVpc(h.source(), h.session())
                        && foreignOwner(h.session()).isEmpty())
                .filter(h -> Optional.ofNullable(targets.get(h.session().targetId())).map(t -> !readiness.isShared(t)).orElse(false))
                .forEach(h -> out.computeIfAbsent(h.session().targetId(), k -> new java.util.TreeMap<>())
                        .put(h.source().eniId(), h));
        return out;
    }

    private boolean deliversNothingFromItsVpc(Source source, MirrorSession session) {
        var eni = interfaces.get(source.eniId());
        return eni != null && targetProblem(eni, session)
                .map(problem -> problem.code() == ReasonCode.TARGET_UNREACHABLE).orElse(false);
    }

    /** Follows a chain's moves in the plan: ours that stay move (moved_for_coverage), what this plan places changes target. */
    private void recordMoves(SlotChains.Chain chain, Pending forPending) {
        for (var move : chain.moves()) {
            var eni = move.holder().eni().id();
            if (move.holder().existing()) {
                moved.put(eni, new MovedForCoverage(move.to(), forPending.eni().id()));
            } else if (newSessions.containsKey(eni)) {
                newSessions.computeIfPresent(eni, (k, s) -> new NewSession(s.pending(), s.number(), move.to()));
            } else {
                unstranded.put(eni, move.to());
            }
        }
    }

    /** A stranded session gets the slot a chain of moves frees, if one does; its ENI is covered again. */
    private void unstrandByChain(Stranded stranded) {
        var pending = stranded.pending();
        var keeper = pending.keeper().orElseThrow();
        var chain = chains.find(pending.eni());
        if (chain.isEmpty()) {
            return;
        }
        chains.apply(chain.get(), pending.eni());
        loads.remove(keeper.targetId(), pending.eni().id());
        recordMoves(chain.get(), pending);
        unstranded.put(pending.eni().id(), chain.get().first());
    }

    /** A stranded session renumbered in place (behind another team's), still on the target it cannot deliver to. */
    private static boolean isStrandedInPlace(Action action) {
        return action instanceof Action.Retarget retarget && retarget.reason().code() == ReasonCode.STRANDED
                && !retarget.changesTarget();
    }

    private Action.Retarget unstranded(Source source, MirrorSession keeper) {
        var stranded = strandedByFullTargets.get(source.eniId());
        var pending = stranded.pending();
        var target = unstranded.get(source.eniId());
        return new Action.Retarget(pending.source(), keeper, target.id(), filterChoice.filterId().orElse(keeper.filterId()),
                pending.sessionNumber(), wantedVni(pending.eni(), keeper.virtualNetworkId()), policy.packetLength(),
                Reason.of(stranded.problem().code(), keeper.targetId() + " -> " + target.id()
                + (stranded.problem().detail().isEmpty() ? "" : " (" + stranded.problem().detail() + ")")
                + ", a slot freed by moving others of ours"));
    }

    private Action.Retarget movedForCoverage(Action.Keep keep) {
        var to = moved.get(keep.source().eniId());
        var session = keep.session();
        return new Action.Retarget(keep.source(), session, to.target().id(), session.filterId(), session.sessionNumber(),
                session.virtualNetworkId(), session.packetLength(), Reason.of(ReasonCode.MOVED_FOR_COVERAGE,
                session.targetId() + " -> " + to.target().id() + ", making room for " + to.forEni()
                + ", which no other target can take"));
    }

    /** A session this plan already modifies, sent on to the target a slot chain chose. */
    private Action.Retarget movedOn(Action.Retarget retarget) {
        var to = moved.get(retarget.source().eniId());
        return new Action.Retarget(retarget.source(), retarget.session(), to.target().id(), retarget.filterId(),
                retarget.sessionNumber(), retarget.virtualNetworkId(), retarget.packetLength(), Reason.of(
                retarget.reason().code(), retarget.reason().detail() + "; then " + retarget.targetId() + " -> "
                + to.target().id() + ", making room for " + to.forEni() + ", which no other target can take"));
    }

    private boolean sessionLimitReached() {
        return inventory.sessions().size() - deletes.size() + newSessions.size() >= CapacityLimit.SESSIONS_PER_ACCOUNT;
    }

    private List<Workload> workloadsIn(Scope scope) {
        var stream = inventory.workloads().stream();
        if (scope instanceof Scope.Instance instance) {
            stream = stream.filter(w -> w.instanceId().equals(instance.instanceId()));
        } else if (scope instanceof Scope.Vpcs vpcs) {
            stream = stream.filter(w -> vpcs.vpcIds().contains(w.vpcId()));
        }
        return stream.sorted(Comparator.comparing(Workload::vpcId).thenComparing(Workload::instanceId)).toList();
    }

    /**
     * MirrorPilot sessions whose source ENI is known to be attached to nothing, or, when the whole
     * account or whole VPCs were read, is unknown (gone). One instance's inventory has not read every
     * ENI: there an unknown ENI (moved to another instance, say) is not judged. An ENI attached to an
     * instance outside the inventory is never judged.
     */
    private List<MirrorSession> orphansIn(Scope scope) {
        boolean everyEniRead = !(scope instanceof Scope.Instance);
        return inventory.sessions().stream()
                .filter(MirrorSession::isManaged)
                .filter(s -> Optional.ofNullable(interfaces.get(s.sourceEniId()))
                        .map(eni -> eni.attachment().isEmpty()).orElse(everyEniRead))
                .filter(s -> inScope(s, scope))
                .sorted(Comparator.comparing(MirrorSession::sourceEniId).thenComparing(BY_NUMBER_THEN_ID))
                .toList();
    }

    private boolean inScope(MirrorSession session, Scope scope) {
        if (scope instanceof Scope.Instance instance) {
            return instance.instanceId().equals(session.tags().get(ManagedTags.SOURCE_INSTANCE));
        }
        if (scope instanceof Scope.Vpcs vpcs) {
            var eni = interfaces.get(session.sourceEniId());
            var vpc = eni != null ? eni.vpcId() : session.tags().get(ManagedTags.SOURCE_VPC);
            return vpc != null && vpcs.vpcIds().contains(vpc);
        }
        return true;
    }

    /** First pass: eligibility, duplicates and exclusions. Returns the ENI if it needs placing. */
    private Optional<Pending> decide(Workload workload, NetworkInterface eni) {
        var source = new Source(workload.instanceId(), eni.id(), eni.vpcId(), eni.availabilityZone(), eni.deviceIndex());
        var onEni = sessionsByEni.getOrDefault(eni.id(), List.of());
        var managed = onEni.stream().filter(MirrorSession::isManaged).sorted(DuplicateRule.KEEPER_FIRST).toList();
        var foreign = onEni.stream().filter(s -> !s.isManaged()).sorted(BY_NUMBER_THEN_ID).toList();
        var whyNot = eligibility.whyNotWorkload(workload).or(() -> eligibility.whyNotInterface(eni));
        if (whyNot.isPresent()) {
            skips.add(new Action.Skip(source, whyNot.get()));
            retire(workload, eni, source, managed, foreign, whyNot.get());
            return Optional.empty();
        }
        if (managed.isEmpty()) {
            return Optional.of(Pending.fresh(workload, eni, source, foreign));
        }
        var keeper = managed.get(0);
        managed.stream().skip(1).forEach(duplicate ->
                delete(source, duplicate, Reason.of(ReasonCode.DUPLICATE, "keeping " + keeper.id())));
        if (yields()) {
            var preempted = foreign.stream().filter(f -> f.sessionNumber() > keeper.sessionNumber()).findFirst();
            if (preempted.isPresent()) {
                // Ours is evaluated before another team's session and takes what both filters match: step behind it.
                var behind = numberFor(foreign);
                if (behind.isPresent()) {
                    var shadowBehind = SessionNumbers.shadowing(foreign, behind.getAsInt(), filters);
                    if (shadowBehind.isPresent()) {
                        delete(source, keeper, Reason.of(ReasonCode.SESSION_SHADOWED, describeShadow(shadowBehind.get())
                                + "; policy yields to foreign sessions"));
                        skips.add(shadowSkip(source, eni, shadowBehind.get()));
                        return Optional.empty();
                    }
                    return Optional.of(new Pending(workload, eni, source, Optional.of(keeper), foreign,
                            Optional.of(Reason.of(ReasonCode.RENUMBERED, keeper.sessionNumber() + " -> "
                                    + behind.getAsInt() + ", behind " + describeShadow(preempted.get()))),
                            behind.getAsInt()));
                }
            }
        }
        var shadow = SessionNumbers.shadowing(foreign, keeper.sessionNumber(), filters);
        if (shadow.isEmpty()) {
            return Optional.of(new Pending(workload, eni, source, Optional.of(keeper), foreign, Optional.empty(),
                    keeper.sessionNumber()));
        }
        if (yields()) {
            delete(source, keeper, Reason.of(ReasonCode.SESSION_SHADOWED, describeShadow(shadow.get())
                    + "; policy yields to foreign sessions"));
            skips.add(shadowSkip(source, eni, shadow.get()));
            return Optional.empty();
        }
        // A free number ahead of the shadowing session lets ours see traffic again, with no gap.
        var ahead = SessionNumbers.lowestFree(foreign, policy.preferredSessionNumber());
        if (ahead.isPresent() && SessionNumbers.shadowing(foreign, ahead.getAsInt(), filters).isEmpty()) {
            return Optional.of(new Pending(workload, eni, source, Optional.of(keeper), foreign,
                    Optional.of(Reason.of(ReasonCode.RENUMBERED, keeper.sessionNumber() + " -> " + ahead.getAsInt()
                            + ", ahead of " + describeShadow(shadow.get()))), ahead.getAsInt()));
        }
        delete(source, keeper, Reason.of(ReasonCode.SESSION_SHADOWED, describeShadow(shadow.get())));
        skips.add(shadowSkip(source, eni, shadow.get()));
        return Optional.empty();
    }

    /** Sessions of an ENI that is no longer a source: kept while stopped (if asked), else deleted. */
    private void retire(Workload workload, NetworkInterface eni, Source source, List<MirrorSession> managed,
                        List<MirrorSession> foreign, Reason why) {
        if (managed.isEmpty()) {
            return;
        }
        if (why.code() == ReasonCode.UNKNOWN_INSTANCE_TYPE || why.code() == ReasonCode.NOT_OWNER) {
            // Not knowing is no reason to delete; nor is an ENI of another account, whose sessions only its owner
            // can have made: seeing ours there means this read took the wrong account for its own.
            managed.forEach(s -> keeps.add(new Action.Keep(source, s, Reason.of(ReasonCode.KEPT_UNDECIDED, why.detail()))));
            return;
        }
        var state = workload.state();
        boolean notRunning = why.code() == ReasonCode.NOT_RUNNING;
        if (notRunning && state.isGoingAway() && !eni.outlivesInstance()) {
            managed.forEach(s -> keeps.add(new Action.Keep(source, s, Reason.of(ReasonCode.RELEASED_WITH_INTERFACE))));
            return;
        }
        boolean keepWhileStopped = notRunning && !state.isGoingAway()
                && (policy.onStop() == MirrorPolicy.OnStop.KEEP || !state.isStoppedOrStopping());
        if (keepWhileStopped) {
            var keeper = managed.get(0);
            var preempted = foreign.stream().filter(f -> f.sessionNumber() > keeper.sessionNumber()).findFirst();
            var behind = yields() && preempted.isPresent() ? numberFor(foreign) : OptionalInt.empty();
            var shadowBehind = behind.isPresent() ? SessionNumbers.shadowing(foreign, behind.getAsInt(), filters)
                    : Optional.<MirrorSession>empty();
            if (shadowBehind.isPresent()) {
                // Behind the other team's session ours would mirror nothing, ahead it takes their packets: as for a
                // running instance, yielding means letting go of ours.
                delete(source, keeper, Reason.of(ReasonCode.SESSION_SHADOWED, describeShadow(shadowBehind.get())
                        + "; policy yields to foreign sessions (instance " + state.awsName() + ")"));
                managed.stream().skip(1).forEach(duplicate ->
                        delete(source, duplicate, Reason.of(ReasonCode.DUPLICATE, "keeping none")));
                return;
            }
            if (behind.isPresent()) {
                // Kept while stopped, it would take another team's packets first once the instance runs: step behind now.
                retargets.add(new Action.Retarget(source, keeper, keeper.targetId(), keeper.filterId(), behind.getAsInt(),
                        keeper.virtualNetworkId(), keeper.packetLength(), Reason.of(ReasonCode.RENUMBERED_WHILE_STOPPED,
                        keeper.sessionNumber() + " -> " + behind.getAsInt() + ", behind " + describeShadow(preempted.get())
                        + " (instance " + state.awsName() + ")")));
            } else {
                keeps.add(new Action.Keep(source, keeper, Reason.of(state == dev.mirrorpilot.policy.model.InstanceState.PENDING
                        ? ReasonCode.KEPT_WHILE_STARTING : ReasonCode.KEPT_WHILE_STOPPED, state.awsName())));
            }
            managed.stream().skip(1).forEach(duplicate ->
                    delete(source, duplicate, Reason.of(ReasonCode.DUPLICATE, "keeping " + keeper.id())));
            return;
        }
        ReasonCode code = !notRunning ? ReasonCode.SOURCE_EXCLUDED
                : state.isGoingAway() ? ReasonCode.SOURCE_GONE : ReasonCode.SOURCE_STOPPED;
        var detail = notRunning ? "instance " + state.awsName() : why.toString();
        managed.forEach(s -> delete(source, s, Reason.of(code, detail)));
    }

    /**
     * Second pass, existing sessions first: a move can free a slot on a target that a session
     * stranded earlier in the pass could use, so stranded ones are retried until nothing moves.
     * Only then are new sessions placed; those that find every target full get a slot chain's turn last.
     */
    private void placeExistingUntilSettled(List<Pending> existing) {
        var unsettled = existing;
        while (!unsettled.isEmpty()) {
            var stillUnplaced = new ArrayList<Pending>();
            var verdicts = new ArrayList<Action>();
            boolean moved = false;
            for (var pending : unsettled) {
                strandedByFullTargets.remove(pending.eni().id());
                var verdict = placeExisting(pending, pending.keeper().orElseThrow());
                if (verdict instanceof Action.Retarget retarget && retarget.changesTarget()) {
                    moved = true;
                }
                if (verdict instanceof Action.Keep keep && keep.reason().code() == ReasonCode.STRANDED) {
                    stillUnplaced.add(pending);
                }
                verdicts.add(verdict);
            }
            if (!moved || stillUnplaced.isEmpty() || stillUnplaced.size() == unsettled.size()) {
                verdicts.forEach(this::record);
                return;
            }
            verdicts.stream().filter(v -> !(v instanceof Action.Keep k && k.reason().code() == ReasonCode.STRANDED))
                    .forEach(this::record);
            unsettled = stillUnplaced;
        }
    }

    private void record(Action action) {
        (action instanceof Action.Retarget ? retargets : keeps).add(action);
    }

    /** Decides one existing session; the capacity ledger follows, the action is returned for recording. */
    private Action placeExisting(Pending pending, MirrorSession keeper) {
        var problem = targetProblem(pending.eni(), keeper);
        int number = pending.sessionNumber();
        if (problem.isEmpty()) {
            var filterId = filterChoice.filterId().orElse(keeper.filterId());
            var vni = wantedVni(pending.eni(), keeper.virtualNetworkId());
            if (pending.renumber().isPresent()) {
                return new Action.Retarget(pending.source(), keeper, keeper.targetId(), filterId, number, vni,
                        policy.packetLength(), pending.renumber().get());
            }
            if (!filterId.equals(keeper.filterId()) || !vni.equals(keeper.virtualNetworkId())
                    || !policy.packetLength().equals(keeper.packetLength())) {
                return new Action.Retarget(pending.source(), keeper, keeper.targetId(), filterId, number, vni,
                        policy.packetLength(), Reason.of(ReasonCode.SETTINGS_DRIFT, describeDrift(keeper, filterId, vni)));
            }
            return new Action.Keep(pending.source(), keeper, mirrored(pending, keeper, number));
        }
        var outcome = placement.place(pending.eni(), Set.of(keeper.targetId()));
        if (outcome instanceof Placement.Outcome.Placed placed) {
            var target = placed.target();
            loads.move(keeper.targetId(), target.id(), keeper.sourceEniId());
            return new Action.Retarget(pending.source(), keeper, target.id(),
                    filterChoice.filterId().orElse(keeper.filterId()), number, wantedVni(pending.eni(), keeper.virtualNetworkId()),
                    policy.packetLength(), Reason.of(problem.get().code(), keeper.targetId() + " -> " + target.id()
                    + (problem.get().detail().isEmpty() ? "" : " (" + problem.get().detail() + ")")));
        }
        var unplaced = ((Placement.Outcome.Unplaced) outcome).reason();
        if (problem.get().code() == ReasonCode.TARGET_NOT_SELECTED && pending.renumber().isPresent()) {
            return renumberInPlace(pending, keeper, pending.renumber().get());
        }
        if (problem.get().code() == ReasonCode.TARGET_NOT_SELECTED) {
            return new Action.Keep(pending.source(), keeper, Reason.of(ReasonCode.MIRRORED,
                    keeper.targetId() + " is no longer selected but no selected target can take it: " + unplaced));
        }
        var stranded = problem.get() + "; " + unplaced;
        if (unplaced.code() == ReasonCode.TARGETS_FULL) {
            strandedByFullTargets.put(pending.eni().id(), new Stranded(pending, problem.get()));
        }
        if (pending.renumber().isPresent()) {
            // A stranded session still takes the packets it matches first: it must step behind another team's anyway.
            return renumberInPlace(pending, keeper, Reason.of(ReasonCode.STRANDED,
                    stranded + "; renumbered " + pending.renumber().get().detail()));
        }
        return new Action.Keep(pending.source(), keeper, Reason.of(ReasonCode.STRANDED, stranded));
    }

    /** The session keeps its target and settings and only takes its new number. */
    private static Action.Retarget renumberInPlace(Pending pending, MirrorSession keeper, Reason why) {
        return new Action.Retarget(pending.source(), keeper, keeper.targetId(), keeper.filterId(), pending.sessionNumber(),
                keeper.virtualNetworkId(), keeper.packetLength(), why);
    }

    /** Why a kept session counts as mirrored: fully, or partly behind a foreign session; and the ground for a shared target. */
    private Reason mirrored(Pending pending, MirrorSession keeper, int number) {
        var target = targets.get(keeper.targetId());
        var path = reach.path(pending.eni().vpcId(), target);
        var ground = readiness.isShared(target) ? " via " + path.ground() + " (owned by " + target.ownerId()
                + "; what stands behind it cannot be read from this account)" : "";
        var ahead = pending.foreign().stream().filter(f -> f.sessionNumber() < number).toList();
        if (!ahead.isEmpty()) {
            return Reason.of(ReasonCode.PARTLY_MIRRORED, keeper.targetId() + ground + "; first: "
                    + ahead.stream().map(PlanningRun::describeShadow).collect(Collectors.joining(", ")));
        }
        return Reason.of(ReasonCode.MIRRORED, keeper.targetId() + ground);
    }

    private boolean yields() {
        return policy.sessionNumbers() == MirrorPolicy.NumberPolicy.YIELD;
    }

    /** The number a new or yielding session takes: above every foreign one when yielding. */
    private OptionalInt numberFor(List<MirrorSession> foreign) {
        int floor = policy.preferredSessionNumber();
        if (yields()) {
            floor = Math.max(floor, foreign.stream().mapToInt(MirrorSession::sessionNumber).max().orElse(0) + 1);
        }
        return floor > MirrorSession.MAX_SESSION_NUMBER ? OptionalInt.empty() : SessionNumbers.lowestFree(foreign, floor);
    }

    private void placeNew(Pending pending, List<Pending> full) {
        var source = pending.source();
        if (filterChoice.filterId().isEmpty()) {
            skips.add(new Action.Skip(source, Reason.of(ReasonCode.NO_FILTER, filterChoice.problem())));
            return;
        }
        var foreign = pending.foreign();
        if (foreign.size() >= CapacityLimit.SESSIONS_PER_SOURCE_ENI) {
            skips.add(new Action.Skip(source, Reason.of(ReasonCode.SOURCE_SESSION_LIMIT,
                    foreign.stream().map(MirrorSession::id).collect(Collectors.joining(", ")))));
            return;
        }
        var number = numberFor(foreign);
        if (number.isEmpty()) {
            // Not the 3-session limit: the ENI has room, but every number MirrorPilot may take (above foreign ones) is used.
            skips.add(new Action.Skip(source, Reason.of(ReasonCode.NO_SESSION_NUMBER, yields()
                    ? "no free session number above the foreign sessions " + foreign.stream().map(PlanningRun::describeShadow)
                    .collect(Collectors.joining(", ")) : "no free session number")));
            return;
        }
        var shadow = SessionNumbers.shadowing(foreign, number.getAsInt(), filters);
        if (shadow.isPresent()) {
            skips.add(shadowSkip(source, pending.eni(), shadow.get()));
            return;
        }
        // Deletes are all decided by now: what they free counts, and every create takes one.
        if (sessionLimitReached()) {
            skips.add(new Action.Skip(source, Reason.of(ReasonCode.ACCOUNT_SESSION_LIMIT,
                    CapacityLimit.SESSIONS_PER_ACCOUNT + " sessions after this plan's deletes")));
            return;
        }
        var outcome = placement.place(pending.eni(), Set.of());
        if (outcome instanceof Placement.Outcome.Placed placed) {
            var target = placed.target();
            loads.add(target.id(), pending.eni().id());
            newSessions.put(pending.eni().id(), new NewSession(pending, number.getAsInt(), target));
            if (!readiness.isShared(target)) {
                chains.hold(target, pending.eni(), false);
            }
        } else if (((Placement.Outcome.Unplaced) outcome).reason().code() == ReasonCode.TARGETS_FULL) {
            full.add(pending);
        } else {
            skips.add(new Action.Skip(source, ((Placement.Outcome.Unplaced) outcome).reason()));
        }
    }

    private void create(NewSession session) {
        var pending = session.pending();
        var target = session.target();
        var ahead = pending.foreign().stream().filter(f -> f.sessionNumber() < session.number()).toList();
        var detail = target.id() + " via " + placement.path(pending.eni(), target).ground()
                + (readiness.isShared(target) ? " (owned by " + target.ownerId() + ")" : "")
                + (ahead.isEmpty() ? "" : "; partly: first " + ahead.stream().map(PlanningRun::describeShadow)
                .collect(Collectors.joining(", ")));
        creates.add(new Action.Create(pending.source(), target.id(), filterChoice.filterId().get(), session.number(),
                policy.vni().vniFor(pending.eni().vpcId()), policy.packetLength(),
                ManagedTags.forSession(pending.workload().instanceId(), pending.eni().vpcId()),
                Reason.of(ReasonCode.NEW_SOURCE, detail)));
    }

    /** Why a session's target cannot serve this source any more: gone, unselected, unreachable, or unable to receive. */
    private Optional<Reason> targetProblem(NetworkInterface eni, MirrorSession session) {
        var target = targets.get(session.targetId());
        if (target == null) {
            return Optional.of(Reason.of(ReasonCode.TARGET_MISSING, session.targetId()));
        }
        if (!eligibility.isSelected(target)) {
            return Optional.of(Reason.of(ReasonCode.TARGET_NOT_SELECTED, target.id()));
        }
        if (!reach.reaches(eni.vpcId(), target)) {
            return Optional.of(Reason.of(ReasonCode.TARGET_UNREACHABLE, target.id() + " from " + eni.vpcId()));
        }
        var problem = readiness.problem(target);
        if (problem.isPresent() && problem.get().code() != ReasonCode.TARGET_SENSOR_DOWN) {
            return problem;
        }
        // A Sensor reported down takes no new session, but its sessions stay: the Brain's view can be brief (report only).
        return readiness.admits(target, eni) ? Optional.empty() : Optional.of(readiness.blocked(target, eni));
    }

    private OptionalInt wantedVni(NetworkInterface eni, OptionalInt current) {
        return policy.vni() instanceof VniPolicy.AwsChosen ? current : policy.vni().vniFor(eni.vpcId());
    }

    /**
     * Every delete goes through here: a session that another account owns, or whose source ENI another
     * account owns, is kept whatever the reason. Only the account that owns an ENI can mirror it, so
     * seeing such a session means this read took the wrong account for its own (a mistyped --account).
     */
    private void delete(Source source, MirrorSession session, Reason reason) {
        var owner = foreignOwner(session);
        if (owner.isPresent()) {
            keeps.add(new Action.Keep(source, session, Reason.of(ReasonCode.KEPT_UNDECIDED, "not deleted (" + reason.code().label()
                    + "): " + owner.get() + ", not " + inventory.accountId() + ", which this read was told it is")));
            return;
        }
        loads.remove(session.targetId(), session.sourceEniId());
        deletes.add(new Action.Delete(source, session, reason));
    }

    private Optional<String> foreignOwner(MirrorSession session) {
        var account = inventory.accountId();
        if (!session.ownerId().isBlank() && !session.ownerId().equals(account)) {
            return Optional.of("the session is owned by account " + session.ownerId());
        }
        var eni = interfaces.get(session.sourceEniId());
        if (eni != null && eni.ownerId() != null && !eni.ownerId().isBlank() && !eni.ownerId().equals(account)) {
            return Optional.of("its interface is owned by account " + eni.ownerId());
        }
        return Optional.empty();
    }

    private FilterChoice chooseFilter() {
        var selection = policy.filter();
        var chosen = inventory.filters().stream()
                .filter(f -> selection.selects(f.id(), f.tags()))
                .map(MirrorFilter::id)
                .sorted()
                .toList();
        if (chosen.size() == 1) {
            return new FilterChoice(Optional.of(chosen.get(0)), "");
        }
        if (selection instanceof Selection.ByIds byIds) {
            return new FilterChoice(Optional.empty(), "filter " + String.join(",", byIds.ids())
                    + " not found; create it or fix " + "MIRRORPILOT_FILTER_ID");
        }
        var tag = ((Selection.ByTag) selection).tag();
        return new FilterChoice(Optional.empty(), chosen.isEmpty()
                ? "no filter tagged " + tag + "; tag one or set MIRRORPILOT_FILTER_ID"
                : "several filters tagged " + tag + " (" + String.join(", ", chosen) + "); set MIRRORPILOT_FILTER_ID");
    }

    private Source sourceOf(NetworkInterface eni) {
        return new Source(eni.attachment().map(a -> a.instanceId()).orElse(""), eni.id(), eni.vpcId(),
                eni.availabilityZone(), eni.deviceIndex());
    }

    private Source orphanSource(MirrorSession session) {
        var eni = interfaces.get(session.sourceEniId());
        if (eni != null) {
            var source = sourceOf(eni);
            return new Source(session.tags().get(ManagedTags.SOURCE_INSTANCE), source.eniId(), source.vpcId(),
                    source.availabilityZone(), source.deviceIndex());
        }
        return new Source(session.tags().get(ManagedTags.SOURCE_INSTANCE), session.sourceEniId(),
                session.tags().get(ManagedTags.SOURCE_VPC), "", -1);
    }

    private String describeGone(MirrorSession session) {
        return interfaces.containsKey(session.sourceEniId())
                ? session.sourceEniId() + " is not attached to any instance"
                : session.sourceEniId() + " no longer exists";
    }

    /**
     * An ENI another team's accept-all session takes first: covered when that session mirrors into a
     * selected target that can receive from this ENI (its traffic reaches a Sensor), shadowed otherwise.
     */
    private Action.Skip shadowSkip(Source source, NetworkInterface eni, MirrorSession shadow) {
        var target = targets.get(shadow.targetId());
        boolean delivers = target != null && targetProblem(eni, shadow).isEmpty() && readiness.problem(target).isEmpty();
        return delivers
                ? new Action.Skip(source, Reason.of(ReasonCode.MIRRORED_BY_FOREIGN_SESSION, describeShadow(shadow) + " into " + target.name()))
                : new Action.Skip(source, Reason.of(ReasonCode.SHADOWED, describeShadow(shadow)));
    }

    private static String describeShadow(MirrorSession shadow) {
        return shadow.id() + " number " + shadow.sessionNumber() + ", filter " + shadow.filterId();
    }

    private String describeDrift(MirrorSession session, String filterId, OptionalInt vni) {
        var parts = new ArrayList<String>();
        if (!filterId.equals(session.filterId())) {
            parts.add("filter " + session.filterId() + " -> " + filterId);
        }
        if (!vni.equals(session.virtualNetworkId())) {
            parts.add("VNI " + text(session.virtualNetworkId()) + " -> " + text(vni));
        }
        if (!policy.packetLength().equals(session.packetLength())) {
            parts.add("packet length " + text(session.packetLength()) + " -> " + text(policy.packetLength()));
        }
        return String.join(", ", parts);
    }

    private static String text(OptionalInt value) {
        return value.isPresent() ? Integer.toString(value.getAsInt()) : "default";
    }
}
