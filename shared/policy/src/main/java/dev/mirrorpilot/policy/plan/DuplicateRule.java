package dev.mirrorpilot.policy.plan;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Which MirrorPilot session on one ENI stays when there are several: the one with the lowest
 * session id. Every path that removes duplicates (the planner, the launch path's clean-up after a
 * race) uses this rule, and it looks only at what cannot change under a reader's feet (the id; not
 * the number, which a renumber changes, nor the target's health, which two readers may see
 * differently). So two passes that race over the same copies keep the same one, and never both
 * delete the last.
 */
public final class DuplicateRule {
    public static final Comparator<MirrorSession> KEEPER_FIRST = Comparator.comparing(MirrorSession::id);

    private DuplicateRule() {
    }

    /** The copy that stays. */
    public static MirrorSession keeper(Collection<MirrorSession> copies) {
        return copies.stream().min(KEEPER_FIRST).orElseThrow(() -> new IllegalArgumentException("no copies"));
    }

    /** The copies to delete, all but the keeper. */
    public static List<MirrorSession> surplus(Collection<MirrorSession> copies) {
        return copies.stream().sorted(KEEPER_FIRST).skip(1).toList();
    }
}
