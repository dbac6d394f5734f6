package dev.mirrorpilot.policy.capacity;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The targets that new sessions took from within their headroom to above it: the moment to ask
 * for a rebalance. Only the crossing counts, so a target that stays crowded asks once, not on
 * every launch (the scheduled reconcile asks again). Pure.
 */
public final class HeadroomCrossing {
    /** A target that crossed its headroom, with its sources before and after. */
    public record Crossed(String targetId, String name, int before, int after, int headroom, int limit) {
    }

    private HeadroomCrossing() {
    }

    /**
     * @param inventory the account as the plan saw it, before the creates
     * @param created   the sessions the plan's creates made
     */
    public static List<Crossed> of(Inventory inventory, List<MirrorSession> created, MirrorPolicy policy) {
        var before = TargetLoads.count(inventory.sessions());
        var all = new ArrayList<>(inventory.sessions());
        all.addAll(created);
        var after = TargetLoads.count(all);
        var out = new ArrayList<Crossed>();
        var targets = inventory.targetsById();
        created.stream().map(MirrorSession::targetId).distinct().sorted().forEach(id -> {
            var target = targets.get(id);
            if (target == null) {
                return;
            }
            var limit = CapacityLimit.of(target, policy.hundredSourceTypes(), policy.capacityHeadroomPercent());
            int was = before.getOrDefault(id, 0);
            int now = after.getOrDefault(id, 0);
            if (!limit.isUnlimited() && !limit.isAboveHeadroom(was) && limit.isAboveHeadroom(now)) {
                out.add(new Crossed(id, target.name(), was, now, limit.headroomLimit(), limit.hardLimit()));
            }
        });
        out.sort(Comparator.comparing(Crossed::targetId));
        return List.copyOf(out);
    }
}
