package dev.mirrorpilot.policy.eligibility;

import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an instance type can be a Traffic Mirroring source, decided from its facts (hypervisor,
 * bare metal, family) rather than from a list of every type name. Source: the Traffic Mirroring
 * guide, "Traffic mirror sessions" / "Limitations" (instance types), as published in 2026.
 */
public final class SourceSupport {

    /** The only non-Nitro (Xen) families that can be sources; T2 is not among them. */
    static final Set<String> XEN_FAMILIES = Set.of(
            "c4", "d2", "g3", "g3s", "h1", "i3", "m4", "p2", "p3", "r4", "x1", "x1e");

    /** Virtualized Nitro families the guide lists as not supported. */
    static final Set<String> UNSUPPORTED_NITRO_FAMILIES = Set.of(
            "m8g", "m6a", "m6i", "m6id", "m6idn", "m6in", "m7a", "m7g", "m7gd", "m7i", "m7i-flex",
            "c8g", "c6a", "c6gd", "c6gn", "c6i", "c6id", "c6in", "c7a", "c7g", "c7gd", "c7gn", "c7i",
            "r8g", "r6a", "r6i", "r6id", "r6idn", "r6in", "r7a", "r7g", "r7gd", "r7i", "r7iz",
            "x8g", "x2idn", "x2iedn", "x2iezn",
            "i4g", "i4i", "im4gn", "is4gen",
            "inf2", "p5", "trn1", "trn1n",
            "hpc6a", "hpc6id", "hpc7a", "hpc7g");

    private SourceSupport() {
    }

    /** Empty when the type can be a source; otherwise why not, naming the type. */
    public static Optional<String> whyUnsupported(InstanceTypeFacts type) {
        var family = type.family();
        if (type.bareMetal()) {
            return Optional.of(type.name() + ": bare metal instances cannot be mirror sources");
        }
        if (type.hypervisor() == Hypervisor.XEN && !XEN_FAMILIES.contains(family)) {
            return Optional.of(type.name() + ": Xen family " + family
                    + " is not among the supported non-Nitro families (C4, D2, G3, G3s, H1, I3, M4, P2, P3, R4, X1, X1e)");
        }
        if (type.hypervisor() == Hypervisor.NITRO && UNSUPPORTED_NITRO_FAMILIES.contains(family)) {
            return Optional.of(type.name() + ": Nitro family " + family + " does not support Traffic Mirroring");
        }
        if (type.hypervisor() == Hypervisor.NONE) {
            return Optional.of(type.name() + ": no hypervisor reported (bare metal)");
        }
        return Optional.empty();
    }
}
