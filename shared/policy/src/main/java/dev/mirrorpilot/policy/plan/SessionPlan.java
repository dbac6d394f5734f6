package dev.mirrorpilot.policy.plan;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The ordered actions for one scope: deletes first (they free capacity), then retargets, then
 * creates, then what is kept and skipped. Applying the changes and planning again yields a plan
 * with no changes.
 */
public record SessionPlan(Scope scope, List<Action> actions) {
    public SessionPlan {
        Objects.requireNonNull(scope, "scope");
        actions = List.copyOf(actions);
    }

    public List<Action> changes() {
        return actions.stream().filter(Action::isChange).toList();
    }

    public boolean hasChanges() {
        return actions.stream().anyMatch(Action::isChange);
    }

    public <T extends Action> Stream<T> of(Class<T> kind) {
        return actions.stream().filter(kind::isInstance).map(kind::cast);
    }

    public List<Action.Create> creates() {
        return of(Action.Create.class).toList();
    }

    public List<Action.Delete> deletes() {
        return of(Action.Delete.class).toList();
    }

    /** This plan with only its first {@code max} changes; deletes come first, so capacity is still freed first. */
    public SessionPlan firstChanges(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must be 0 or more");
        }
        var kept = new java.util.ArrayList<Action>();
        int changes = 0;
        for (var action : actions) {
            if (!action.isChange() || changes++ < max) {
                kept.add(action);
            }
        }
        return new SessionPlan(scope, kept);
    }

    /** This plan with its deletes and none of its other changes: what a clean-up may do. */
    public SessionPlan deletesOnly() {
        return new SessionPlan(scope, actions.stream()
                .filter(a -> !a.isChange() || a instanceof Action.Delete).toList());
    }

    /** This plan with its creates and none of its other changes: what a restore after tampering may do (nothing removed or moved). */
    public SessionPlan createsOnly() {
        return new SessionPlan(scope, actions.stream()
                .filter(a -> !a.isChange() || a instanceof Action.Create).toList());
    }

    public List<Action.Retarget> retargets() {
        return of(Action.Retarget.class).toList();
    }
}
