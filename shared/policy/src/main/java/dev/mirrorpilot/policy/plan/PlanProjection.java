package dev.mirrorpilot.policy.plan;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The inventory as it will be once a plan's changes succeed: for "coverage after" reports, and
 * for tests that check a second plan is empty. New sessions get ids {@code tms-planned-N}.
 */
public final class PlanProjection {
    private PlanProjection() {
    }

    public static Inventory apply(Inventory inventory, SessionPlan plan) {
        Set<String> deleted = new HashSet<>();
        Map<String, Action.Retarget> modified = new HashMap<>();
        for (var action : plan.actions()) {
            if (action instanceof Action.Delete delete) {
                deleted.add(delete.session().id());
            } else if (action instanceof Action.Retarget retarget) {
                modified.put(retarget.session().id(), retarget);
            }
        }
        var sessions = new ArrayList<MirrorSession>();
        for (var session : inventory.sessions()) {
            if (deleted.contains(session.id())) {
                continue;
            }
            var change = modified.get(session.id());
            sessions.add(change == null ? session : new MirrorSession(session.id(), session.sourceEniId(),
                    change.targetId(), change.filterId(), change.sessionNumber(), change.virtualNetworkId(),
                    change.packetLength(), session.description(), session.tags(), session.ownerId()));
        }
        var taken = new HashSet<String>();
        inventory.sessions().forEach(s -> taken.add(s.id()));
        int next = 0;
        for (var create : plan.creates()) {
            while (taken.contains("tms-planned-" + next)) {
                next++;
            }
            taken.add("tms-planned-" + next);
            sessions.add(new MirrorSession("tms-planned-" + next, create.source().eniId(), create.targetId(),
                    create.filterId(), create.sessionNumber(), create.virtualNetworkId(), create.packetLength(),
                    "MirrorPilot", create.tags(), inventory.accountId()));
        }
        return inventory.withSessions(sessions);
    }
}
