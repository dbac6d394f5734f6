package dev.mirrorpilot.simulator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.SourceLimits;
import dev.mirrorpilot.policy.eligibility.SourceSupport;
import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator is an oracle only while it decides AWS's rules on its own: no policy class (rule or
 * record) in its code, and its tables compared with the policy's so that every disagreement is listed.
 */
class OracleIndependenceTest {
    private static final List<String> POLICY_RULE_PACKAGES = List.of(
            "dev.mirrorpilot.policy.capacity", "dev.mirrorpilot.policy.eligibility", "dev.mirrorpilot.policy.placement",
            "dev.mirrorpilot.policy.plan", "dev.mirrorpilot.policy.readiness", "dev.mirrorpilot.policy.coverage",
            "dev.mirrorpilot.policy.config");

    private static final Path SIMULATOR = Path.of("../simulator");

    @Test
    void theSimulatorKeepsItsOwnStateModelAndImportsNothingOfThePolicyOrTheInventoryFormat() throws IOException {
        var offenders = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(SIMULATOR.resolve("src/main/java"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var text = Files.readString(file);
                for (var foreign : List.of("dev.mirrorpilot.policy", "dev.mirrorpilot.inventory")) {
                    if (text.contains(foreign)) {
                        offenders.add(file + " names " + foreign);
                    }
                }
            }
        }
        var pom = Files.readString(SIMULATOR.resolve("pom.xml"));
        for (var artifact : List.of("mirrorpilot-policy", "mirrorpilot-inventory")) {
            if (pom.contains("<artifactId>" + artifact + "</artifactId>")) {
                offenders.add("simulator/pom.xml depends on " + artifact);
            }
        }

        assertThat(offenders).isEmpty();
    }

    @Test
    void noSimulatorSourceUsesThePolicysRules() throws IOException {
        var offenders = new ArrayList<String>();
        try (Stream<Path> files = Files.walk(SIMULATOR.resolve("src/main/java"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var text = Files.readString(file);
                POLICY_RULE_PACKAGES.stream().filter(text::contains).forEach(p -> offenders.add(file + " uses " + p));
                if (text.contains(".in(region)") || text.contains("Connectivity.Reach")) {
                    offenders.add(file + " uses the policy's reachability");
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theSimulatorsHundredSourceTypesAreThePolicysListWithNoDisagreement() {
        var disagreements = new TreeSet<String>();
        MirroringRules.HUNDRED_SOURCE_INSTANCE_TYPES.stream()
                .filter(t -> !SourceLimits.AWS_LISTED_HUNDRED_SOURCE_TYPES.contains(t))
                .forEach(t -> disagreements.add(t + ": simulator 100 sources, policy 10"));
        SourceLimits.AWS_LISTED_HUNDRED_SOURCE_TYPES.stream()
                .filter(t -> !MirroringRules.HUNDRED_SOURCE_INSTANCE_TYPES.contains(t))
                .forEach(t -> disagreements.add(t + ": policy 100 sources, simulator 10"));

        assertThat(disagreements).isEmpty();
        assertThat(MirroringRules.SESSIONS_PER_SOURCE_INTERFACE).isEqualTo(CapacityLimit.SESSIONS_PER_SOURCE_ENI);
        assertThat(MirroringRules.SESSIONS_PER_ACCOUNT).isEqualTo(CapacityLimit.SESSIONS_PER_ACCOUNT);
    }

    @Test
    void theSimulatorAndThePolicyAgreeOnWhichTypesCanBeSources() {
        var families = new TreeSet<String>();
        families.addAll(MirroringRules.XEN_SOURCE_FAMILIES);
        families.addAll(MirroringRules.NITRO_FAMILIES_WITHOUT_MIRRORING);
        families.addAll(List.of("t2", "t3", "m5", "c5", "r5", "m3", "c3"));
        var disagreements = new ArrayList<String>();
        for (var family : families) {
            for (var hypervisor : List.of(Hypervisor.NITRO, Hypervisor.XEN)) {
                var type = family + ".large";
                boolean simulator = MirroringRules.unsupportedSource(type, hypervisor.awsName(), false).isEmpty();
                boolean policy = SourceSupport.whyUnsupported(new InstanceTypeFacts(type, hypervisor, false)).isEmpty();
                if (simulator != policy) {
                    disagreements.add(type + " on " + hypervisor.awsName() + ": simulator " + simulator + ", policy " + policy);
                }
            }
        }
        boolean metalSimulator = MirroringRules.unsupportedSource("m5.metal", "", true).isEmpty();
        boolean metalPolicy = SourceSupport.whyUnsupported(new InstanceTypeFacts("m5.metal", Hypervisor.NONE, true)).isEmpty();
        if (metalSimulator != metalPolicy) {
            disagreements.add("m5.metal: simulator " + metalSimulator + ", policy " + metalPolicy);
        }

        assertThat(disagreements).isEmpty();
    }

    @Test
    void anEniTargetOnAListedTypeTakesOneHundredAndAnyOtherTen() {
        assertThat(MirroringRules.sourcesPerInterfaceTarget(Optional.of("c5.18xlarge"))).isEqualTo(100);
        assertThat(MirroringRules.sourcesPerInterfaceTarget(Optional.of("r5n.24xlarge"))).isEqualTo(10);
        assertThat(MirroringRules.sourcesPerInterfaceTarget(Optional.empty())).isEqualTo(10);
    }
}
