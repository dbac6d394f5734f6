package dev.mirrorpilot.policy.surge;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Threat-reactive surge mirroring, pure: every interface of one instance mirrored whole (the policy's
 * filter, no packet length) until a time, whatever the normal policy's scope (VPCs, subnets, primary
 * interfaces only, opt-in), marked on the session by {@link #UNTIL_TAG}. Targets, capacity and session
 * numbers are the planner's, and numbers always yield: another team's session is never pre-empted.
 * A session of ours already on the instance that cuts packets short is modified in place to mirror them
 * whole. Until the expiry no plan deletes a surge session or cuts its packets again ({@link #hold}); after
 * it the normal policy decides.
 */
public final class Surge {
    /** When the surge ends, ISO-8601 UTC; the scheduled reconcile reverts to the policy after it. */
    public static final String UNTIL_TAG = "mirrorpilot:surge-until";
    /** Why (the GuardDuty finding or the request), for a person reading the session. */
    public static final String REASON_TAG = "mirrorpilot:surge-reason";
    static final int TAG_VALUE_LIMIT = 256;

    private Surge() {
    }

    /** The normal policy widened for one instance: all interfaces, every VPC and subnet, whole packets, yielding numbers. */
    public static MirrorPolicy policy(MirrorPolicy normal) {
        return normal.toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).mode(MirrorPolicy.Mode.OPT_OUT).includeVpcs(Set.of())
                .excludeVpcs(Set.of()).includeSubnets(Set.of()).excludeSubnets(Set.of()).packetLength(OptionalInt.empty())
                .sessionNumbers(MirrorPolicy.NumberPolicy.YIELD).build();
    }

    /** Whether the instance opted out by tag (a surge then needs {@code optedOutAllowed}). */
    public static boolean optedOut(Workload workload) {
        return "false".equals(workload.tags().get(MirrorPolicy.MIRROR_TAG));
    }

    /**
     * The creates that mirror every interface of {@code instanceId} not yet mirrored by MirrorPilot,
     * each carrying the surge tags. Empty when the instance opted out and that is not allowed.
     */
    public static SessionPlan plan(Inventory inventory, MirrorPolicy normal, String instanceId, Instant until, String reason,
                                   boolean optedOutAllowed) {
        var workload = inventory.workload(instanceId);
        var scope = new Scope.Instance(instanceId);
        if (workload.isEmpty() || optedOut(workload.get()) && !optedOutAllowed) {
            return new SessionPlan(scope, List.of());
        }
        var surgeInventory = inventory;
        if (optedOut(workload.get())) {
            var w = workload.get();
            var opened = new Workload(w.instanceId(), w.instanceType(), w.state(), w.vpcId(), w.subnetId(), w.availabilityZone(),
                    w.tags().with(MirrorPolicy.MIRROR_TAG, "true"), w.interfaces(), w.networkGbps());
            var workloads = new ArrayList<>(inventory.workloads());
            workloads.replaceAll(x -> x.instanceId().equals(instanceId) ? opened : x);
            surgeInventory = new Inventory(inventory.accountId(), inventory.region(), inventory.vpcs(), inventory.subnets(), workloads,
                    inventory.otherInterfaces(), inventory.targets(), inventory.filters(), inventory.sessions(),
                    inventory.connectivity(), inventory.instanceTypes(), inventory.securityGroups(), inventory.loadBalancers(),
                    inventory.vpcEndpoints());
        }
        var plan = Planner.plan(surgeInventory, policy(normal), scope).createsOnly();
        var actions = new ArrayList<Action>();
        for (var action : plan.actions()) {
            if (action instanceof Action.Create c) {
                actions.add(new Action.Create(c.source(), c.targetId(), c.filterId(), c.sessionNumber(), c.virtualNetworkId(),
                        c.packetLength(), c.tags().with(UNTIL_TAG, until.toString()).with(REASON_TAG, limit(reason)), c.reason()));
            } else {
                actions.add(action);
            }
        }
        actions.addAll(wholePackets(inventory, workload.get(), until));
        return new SessionPlan(scope, actions);
    }

    /** MirrorPilot's sessions of the instance that cut packets short: modified in place to mirror them whole. */
    private static List<Action> wholePackets(Inventory inventory, Workload workload, Instant until) {
        var out = new ArrayList<Action>();
        for (var eni : workload.interfaces()) {
            for (var session : inventory.sessions()) {
                if (session.isManaged() && session.sourceEniId().equals(eni.id()) && session.packetLength().isPresent()) {
                    var source = new dev.mirrorpilot.policy.plan.Source(workload.instanceId(), eni.id(), eni.vpcId(),
                            eni.availabilityZone(), eni.deviceIndex());
                    out.add(new Action.Retarget(source, session, session.targetId(), session.filterId(), session.sessionNumber(),
                            session.virtualNetworkId(), OptionalInt.empty(), Reason.of(ReasonCode.SETTINGS_DRIFT,
                            "packet length " + session.packetLength().getAsInt() + " -> whole until " + until + " (surge)")));
                }
            }
        }
        return out;
    }

    /**
     * The plan with every delete of a session still under surge turned into a keep, and every change that would cut
     * its packets short again left without that part: the surge outlives any policy change.
     */
    public static SessionPlan hold(SessionPlan plan, Instant now) {
        var actions = new ArrayList<Action>();
        for (var action : plan.actions()) {
            if (action instanceof Action.Delete d && until(d.session()).filter(now::isBefore).isPresent()) {
                actions.add(new Action.Keep(d.source(), d.session(), Reason.of(ReasonCode.KEPT_FOR_SURGE, d.session().tags()
                        .get(UNTIL_TAG))));
            } else if (action instanceof Action.Retarget r && r.packetLength().isPresent() && r.session().packetLength().isEmpty()
                    && until(r.session()).filter(now::isBefore).isPresent()) {
                var whole = new Action.Retarget(r.source(), r.session(), r.targetId(), r.filterId(), r.sessionNumber(),
                        r.virtualNetworkId(), OptionalInt.empty(), r.reason());
                boolean changesMore = !whole.targetId().equals(r.session().targetId()) || !whole.filterId().equals(r.session().filterId())
                        || whole.sessionNumber() != r.session().sessionNumber()
                        || !whole.virtualNetworkId().equals(r.session().virtualNetworkId());
                actions.add(changesMore ? whole : new Action.Keep(r.source(), r.session(), Reason.of(ReasonCode.KEPT_FOR_SURGE,
                        r.session().tags().get(UNTIL_TAG) + "; whole packets until then")));
            } else {
                actions.add(action);
            }
        }
        return new SessionPlan(plan.scope(), actions);
    }

    /** A session's surge expiry; empty when it has none (or an unreadable one, which holds nothing). */
    public static Optional<Instant> until(MirrorSession session) {
        var value = session.tags().get(UNTIL_TAG);
        if (value == null || !session.isManaged()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** MirrorPilot's sessions whose surge has ended: their surge tags come off, and the policy alone decides them. */
    public static List<MirrorSession> expired(List<MirrorSession> sessions, Instant now) {
        return sessions.stream().filter(s -> s.isManaged() && s.tags().get(UNTIL_TAG) != null)
                .filter(s -> until(s).map(u -> !now.isBefore(u)).orElse(true)).toList();
    }

    /** A reason as a tag value may hold it. */
    public static String tagValue(String reason) {
        return limit(reason);
    }

    static String limit(String reason) {
        var printable = dev.mirrorpilot.policy.text.Printable.of(reason).replaceAll("[^\\p{L}\\p{N} _.:/=+@-]", "_");
        return printable.length() <= TAG_VALUE_LIMIT ? printable : printable.substring(0, TAG_VALUE_LIMIT);
    }
}
