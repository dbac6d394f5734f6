package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.rebalance.Rebalance;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Writes the rebalance's one mark on mirror targets: {@code mirrorpilot:rebalance=draining} on a
 * target whose draining the per-run maximum or the deadline cut short, or that nothing could relieve,
 * removed once it reached its low-water mark. Only that tag key (the role may write no other), only the account's own targets.
 */
public final class DrainingMarks {
    private final Ec2Client ec2;

    public DrainingMarks(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** @return the calls made */
    public int write(Set<String> draining, Set<String> drained) {
        int calls = 0;
        if (!draining.isEmpty()) {
            ec2.createTags(b -> b.resources(draining).tags(Tag.builder().key(Rebalance.DRAINING_TAG).value(Rebalance.DRAINING).build()));
            calls++;
        }
        if (!drained.isEmpty()) {
            ec2.deleteTags(b -> b.resources(drained).tags(Tag.builder().key(Rebalance.DRAINING_TAG).build()));
            calls++;
        }
        return calls;
    }
}
