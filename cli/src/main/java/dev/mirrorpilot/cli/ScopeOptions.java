package dev.mirrorpilot.cli;

import dev.mirrorpilot.policy.plan.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Which part of the account to plan for; the whole account when none is given. */
public final class ScopeOptions {
    @Option(names = "--vpc", paramLabel = "VPC_ID", split = ",", description = "Only these VPCs (repeatable or comma-separated).")
    List<String> vpcs = new ArrayList<>();

    @Option(names = "--instance", paramLabel = "INSTANCE_ID", description = "Only this instance and the sessions created for it.")
    String instance;

    @Option(names = "--near-limit", description = "Only MirrorPilot sessions on targets above their capacity headroom (rebalance).")
    boolean nearLimit;

    Scope scope() {
        int chosen = (vpcs.isEmpty() ? 0 : 1) + (instance == null ? 0 : 1) + (nearLimit ? 1 : 0);
        if (chosen > 1) {
            throw new IllegalArgumentException("choose one of --vpc, --instance and --near-limit");
        }
        if (!vpcs.isEmpty()) {
            return new Scope.Vpcs(Set.copyOf(vpcs));
        }
        if (instance != null) {
            return new Scope.Instance(instance);
        }
        return nearLimit ? new Scope.NearLimitTargets() : Scope.everything();
    }
}
