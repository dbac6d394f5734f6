package dev.mirrorpilot.policy.capacity;

import java.util.Set;

/**
 * Which Sensor instance types take 100 sources on an ENI target; every other type takes 10. The
 * AWS quotas page lists them by name (it is not "the largest size of a family": c5.18xlarge and
 * c5.24xlarge both take 100). Data, not a rule: the policy setting {@code HUNDRED_SOURCE_TYPES}
 * adds types, and a {@code TrafficMirrorSourcesPerTargetLimitExceeded} refusal below 100 takes a
 * type back to 10 for the container's life. Only types read in full on the page are listed:
 * guessing high makes AWS refuse creates, guessing low only leaves room unused.
 */
public final class SourceLimits {
    /** When the list below was read from docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-quotas.html. */
    public static final String LISTED_ON = "2026-11-30";

    public static final Set<String> AWS_LISTED_HUNDRED_SOURCE_TYPES = Set.of(
            "m5.24xlarge", "m5d.24xlarge", "m5dn.24xlarge", "m5zn.12xlarge", "m6i.32xlarge",
            "c5.18xlarge", "c5.24xlarge", "c5n.18xlarge", "c6gn.16xlarge",
            "z1d.12xlarge", "i3en.24xlarge", "g6e.12xlarge", "p5.4xlarge", "hpc7g.4xlarge");

    private SourceLimits() {
    }
}
