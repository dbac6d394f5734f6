package dev.mirrorpilot.simulator.rules;

import java.util.Optional;
import java.util.Set;

/**
 * The Traffic Mirroring rules AWS enforces, written here from the AWS documentation and not taken
 * from MirrorPilot's policy library, so that a wrong model in the planner fails a test instead of
 * being copied into the oracle. Sources: the Traffic Mirroring guide's quotas page
 * (traffic-mirroring-quotas.html, read 2026-11-30) and its "Limitations" page (source instance
 * types, 2026). A test compares these tables with the policy's and lists every disagreement.
 */
public final class MirroringRules {
    public static final int SESSIONS_PER_SOURCE_INTERFACE = 3;
    public static final int SESSIONS_PER_ACCOUNT = 10_000;
    public static final int SOURCES_PER_TARGET = 10;
    public static final int SOURCES_PER_LISTED_TARGET = 100;
    public static final int MIN_SESSION_NUMBER = 1;
    public static final int MAX_SESSION_NUMBER = 32_766;

    /** Instance types the quotas page lists as taking up to 100 sources per ENI target. */
    public static final Set<String> HUNDRED_SOURCE_INSTANCE_TYPES = Set.of(
            "m5.24xlarge", "m5d.24xlarge", "m5dn.24xlarge", "m5zn.12xlarge", "m6i.32xlarge",
            "c5.18xlarge", "c5.24xlarge", "c5n.18xlarge", "c6gn.16xlarge",
            "z1d.12xlarge", "i3en.24xlarge", "g6e.12xlarge", "p5.4xlarge", "hpc7g.4xlarge");

    /** Non-Nitro (Xen) families that can be sources: C4, D2, G3, G3s, H1, I3, M4, P2, P3, R4, X1, X1e. */
    public static final Set<String> XEN_SOURCE_FAMILIES = Set.of(
            "c4", "d2", "g3", "g3s", "h1", "i3", "m4", "p2", "p3", "r4", "x1", "x1e");

    /** Virtualized Nitro families the limitations page lists as unable to be sources. */
    public static final Set<String> NITRO_FAMILIES_WITHOUT_MIRRORING = Set.of(
            "m8g", "m6a", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7g", "m7gd", "m7i", "m7i-flex",
            "c8g", "c6a", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7a", "c7g", "c7gd", "c7gn", "c7i",
            "r8g", "r6a", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7g", "r7gd", "r7i", "r7iz",
            "x8g", "x2idn", "x2iedn", "x2iezn", "i4g", "i4i", "im4gn", "is4gen",
            "inf2", "p5", "trn1", "trn1n", "hpc6a", "hpc6id", "hpc7a", "hpc7g");

    private MirroringRules() {
    }

    /** Sources an ENI target on a Sensor of this type accepts (unknown type: 10). */
    public static int sourcesPerInterfaceTarget(Optional<String> sensorInstanceType) {
        return sensorInstanceType.filter(HUNDRED_SOURCE_INSTANCE_TYPES::contains).isPresent()
                ? SOURCES_PER_LISTED_TARGET : SOURCES_PER_TARGET;
    }

    /** Why EC2 refuses an ENI of this instance type as a source; empty when it accepts it. */
    public static Optional<String> unsupportedSource(String instanceType, String hypervisor, boolean bareMetal) {
        var family = instanceType.contains(".") ? instanceType.substring(0, instanceType.indexOf('.')) : instanceType;
        if (bareMetal || hypervisor == null || hypervisor.isBlank() || hypervisor.equals("none")) {
            return Optional.of(instanceType + " is a bare metal instance type");
        }
        if (hypervisor.equals("xen") && !XEN_SOURCE_FAMILIES.contains(family)) {
            return Optional.of(instanceType + " is a Xen instance type outside the supported families");
        }
        if (hypervisor.equals("nitro") && NITRO_FAMILIES_WITHOUT_MIRRORING.contains(family)) {
            return Optional.of("instance family " + family + " does not support Traffic Mirroring");
        }
        return Optional.empty();
    }
}
