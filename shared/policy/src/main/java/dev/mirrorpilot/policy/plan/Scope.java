package dev.mirrorpilot.policy.plan;

import java.util.Objects;
import java.util.Set;

/** What part of the account a plan covers; capacity is always counted account-wide. */
public sealed interface Scope {

    /** One instance: its interfaces, and MirrorPilot sessions created for it (launch, terminate). */
    record Instance(String instanceId) implements Scope {
        public Instance {
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    /** Every source in these VPCs, and orphaned MirrorPilot sessions known to be from them. */
    record Vpcs(Set<String> vpcIds) implements Scope {
        public Vpcs {
            vpcIds = Set.copyOf(vpcIds);
        }
    }

    /** The whole account and region: backfill and drift reconcile. */
    record Everything() implements Scope {
    }

    /** MirrorPilot sessions on targets above their capacity headroom: rebalance. */
    record NearLimitTargets() implements Scope {
    }

    static Scope everything() {
        return new Everything();
    }
}
