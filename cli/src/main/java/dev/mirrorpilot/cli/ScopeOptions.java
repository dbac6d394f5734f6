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
        var bad = vpcs.stream().filter(v -> !dev.mirrorpilot.policy.config.MirrorPolicy.VPC_ID.matcher(v).matches()).toList();
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("--vpc " + String.join(",", bad.stream().map(ScopeOptions::cut).toList())
                    + ": not a VPC id; expected vpc- and 8 or 17 hex digits, for example vpc-0123456789abcdef0");
        }
        if (instance != null && !instance.matches("i-[0-9a-f]{8}([0-9a-f]{9})?")) {
            throw new IllegalArgumentException("--instance " + cut(instance)
                    + ": not an instance id; expected i- and 8 or 17 hex digits, for example i-0123456789abcdef0");
        }
        if (!vpcs.isEmpty()) {
            return new Scope.Vpcs(Set.copyOf(vpcs));
        }
        if (instance != null) {
            return new Scope.Instance(instance);
        }
        return nearLimit ? new Scope.NearLimitTargets() : Scope.everything();
    }

    /** A VPC the scope names that the account does not have: said plainly, rather than an empty report. */
    static void requireKnownVpcs(Scope scope, dev.mirrorpilot.policy.model.Inventory account) {
        if (scope instanceof Scope.Vpcs named) {
            var known = account.vpcs().stream().map(dev.mirrorpilot.policy.model.Vpc::id).collect(java.util.stream.Collectors.toSet());
            var unknown = named.vpcIds().stream().filter(v -> !known.contains(v)).sorted().toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("--vpc " + String.join(",", unknown) + ": no such VPC in account "
                        + account.accountId() + " region " + account.region());
            }
        }
    }

    private static String cut(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "...";
    }
}
