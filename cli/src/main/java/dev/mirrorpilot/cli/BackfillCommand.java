package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.aws.ec2.PlanApplier;
import dev.mirrorpilot.aws.ec2.Reconciler;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.cli.report.CoverageTable;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.report.RunReport;
import dev.mirrorpilot.policy.report.RunTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot backfill}: one reconcile pass over the live account (or some VPCs), the same
 * code the backfill function runs; a dry run unless {@code --apply}, which makes the changes at a
 * paced rate with a progress line, then reads the account again to say what is left.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Mirror every eligible ENI of a live account (or the simulator) and remove what should not be mirrored.",
                "A dry run unless --apply. Changes are paced to a share of EC2's mutating bucket, which the whole account shares,",
                "and slow down further when EC2 throttles."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing left to change",
                "1:failed (see the message)",
                "2:bad input",
                "3:changes are pending (dry run, or --max-changes stopped the run)",
                "4:some changes were refused for good (see the report)"})
public final class BackfillCommand implements Callable<Integer> {
    static final int EXIT_PENDING = ExitCodes.PENDING;
    static final int EXIT_REFUSED = ExitCodes.REFUSED;

    @Spec
    CommandSpec spec;

    @Option(names = "--apply", description = "Make the changes (default: only show them).")
    boolean apply;

    @Option(names = "--max-changes", paramLabel = "N", description = "Stop after N changes (default: no limit).")
    Integer maxChanges;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "2.5",
            description = "Mutating calls per second (default ${DEFAULT-VALUE}: half of EC2's refill of 5 per second).")
    double rate;

    @Option(names = "--actions", paramLabel = "N", defaultValue = "40",
            description = "Changes to list in a dry run (default ${DEFAULT-VALUE}).")
    int actions;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Option(names = "--vpc", paramLabel = "VPC_ID", split = ",", description = "Only these VPCs (repeatable or comma-separated).")
    List<String> vpcs = new ArrayList<>();

    private final Map<String, String> environment;

    public BackfillCommand() {
        this(System.getenv());
    }

    public BackfillCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** A VPC the user names that the account does not have is said plainly, before anything is read or changed. */
    private void requireVpcsExist(software.amazon.awssdk.services.ec2.Ec2Client ec2) {
        if (vpcs.isEmpty()) {
            return;
        }
        var found = ec2.describeVpcs(b -> b.filters(software.amazon.awssdk.services.ec2.model.Filter.builder()
                .name("vpc-id").values(vpcs).build())).vpcs().stream().map(v -> v.vpcId()).collect(java.util.stream.Collectors.toSet());
        var missing = vpcs.stream().filter(v -> !found.contains(v)).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--vpc " + String.join(",", missing) + ": no such VPC in this account and region");
        }
    }

    @Override
    public Integer call() {
        if (maxChanges != null && maxChanges < 0) {
            throw new IllegalArgumentException("--max-changes must be 0 or more");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be above 0 calls per second");
        }
        var policy = policyOptions.policy(environment);
        var scopeOptions = new ScopeOptions();
        scopeOptions.vpcs = vpcs;
        Scope scope = scopeOptions.scope(); // validates the VPC ids

        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var watch = new ThrottleWatch();
        var pacer = MutationPacer.of(rate);
        var account = aws.account(environment); // who the credentials are, before anything is read
        try (var ec2 = aws.ec2(environment, watch); var slowing = watch.slowing(pacer)) {
            requireVpcsExist(ec2);
            long start = System.nanoTime();
            var reconciler = new Reconciler(ec2, policy, PlanApplier.Pacing.bulk(pacer, 3),
                    (done, total) -> progress(err, done, total, start, pacer));
            AwsOptions.reading(err);
            var pass = reconciler.pass(account, aws.region(environment), scope,
                    "backfill-" + UUID.randomUUID(), !apply, maxChanges == null ? Integer.MAX_VALUE : maxChanges, () -> true);
            AwsOptions.read(err, pass.inventory(), pass.readTime());
            var applied = pass.applied();
            var report = RunReport.of(pass.inventory(), policy, pass.plan(), pass.createdEnis(), pass.sessionsAfter(), Map.of(),
                    !apply, apply && pass.finished(), 1, pass.changes());
            out.print(RunTable.render(report));
            if (!apply) {
                var table = new CoverageTable(pass.inventory(), CoverageReport.of(pass.inventory(), policy, pass.plan()),
                        pass.plan(), policy);
                out.print(table.renderChanges(actions));
                out.println(pass.plan().hasChanges() ? "Dry run: nothing was changed; run again with --apply to make these changes."
                        : "Nothing to change.");
                out.flush();
                return pass.plan().hasChanges() ? EXIT_PENDING : 0;
            }
            out.printf(Locale.ROOT, "%nApplied: %d created, %d retargeted, %d deleted (%d already gone), %d refused for capacity, "
                            + "%d failed; EC2 throttled %d attempts%n", applied.createdSessions().size(),
                    applied.retargetedSessions().size(), applied.deleted().size(), applied.alreadyGone().size(),
                    applied.refusedForCapacity().size(), applied.failures().size(), watch.throttledAttempts());
            applied.failures().forEach(f -> out.printf("  failed: %s %s: %s (%s)%n",
                    f.action().getClass().getSimpleName().toLowerCase(Locale.ROOT), f.action().source().eniId(), f.code(),
                    f.message()));
            var after = Planner.plan(aws.readAccount(ec2, policy.targets(), environment, err), policy, scope);
            int left = after.changes().size();
            out.printf("Left to change: %d%n", left);
            out.flush();
            if (!applied.failures().isEmpty()) {
                return EXIT_REFUSED;
            }
            return left == 0 ? 0 : EXIT_PENDING;
        }
    }

    private static void progress(java.io.PrintWriter err, int done, int total, long startNanos, MutationPacer pacer) {
        if (done == total || done % 10 == 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double perSecond = done / Math.max(seconds, 1e-3);
            err.printf(Locale.ROOT, "mirrorpilot: applied %d/%d changes (%.1f/s, pacing at %.2f/s, about %.0f s left)%n", done,
                    total, perSecond, pacer.currentPerSecond(), (total - done) / Math.max(perSecond, 1e-3));
            err.flush();
        }
    }
}
