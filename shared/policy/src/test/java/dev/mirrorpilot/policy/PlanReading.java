package dev.mirrorpilot.policy;

import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.List;

/** Lookups that let tests say "the skip for this ENI" instead of filtering lists. */
public final class PlanReading {
    private PlanReading() {
    }

    public static List<Action> forEni(SessionPlan plan, String eniId) {
        return plan.actions().stream().filter(a -> a.source().eniId().equals(eniId)).toList();
    }

    public static ReasonCode skipReason(SessionPlan plan, String eniId) {
        return plan.of(Action.Skip.class).filter(s -> s.source().eniId().equals(eniId))
                .map(s -> s.reason().code()).findFirst()
                .orElseThrow(() -> new AssertionError("no skip for " + eniId + " in " + plan.actions()));
    }

    public static Action.Skip skip(SessionPlan plan, String eniId) {
        return plan.of(Action.Skip.class).filter(s -> s.source().eniId().equals(eniId)).findFirst()
                .orElseThrow(() -> new AssertionError("no skip for " + eniId + " in " + plan.actions()));
    }

    public static Action.Create create(SessionPlan plan, String eniId) {
        return plan.of(Action.Create.class).filter(c -> c.source().eniId().equals(eniId)).findFirst()
                .orElseThrow(() -> new AssertionError("no create for " + eniId + " in " + plan.actions()));
    }

    public static boolean hasCreate(SessionPlan plan, String eniId) {
        return plan.of(Action.Create.class).anyMatch(c -> c.source().eniId().equals(eniId));
    }
}
