package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.MutationPacer;
import dev.mirrorpilot.aws.ec2.PlanApplier;
import dev.mirrorpilot.cli.report.CoverageTable;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot backfill}: plans the live account (or some VPCs) and, with {@code --apply},
 * makes the changes at a paced rate, then reads the account again to say what is left.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Mirror every eligible ENI of a live account (or the simulator) and remove what should not be mirrored.",
                "A dry run unless --apply. Creates are paced to a share of EC2's mutating bucket, which the whole account shares."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing left to change",
                "1:failed (see the message)",
                "2:bad input",
                "3:changes are pending (dry run, or --max-changes stopped the run)",
                "4:some changes were refused for good (see the report)"})
public final class BackfillCommand implements Callable<Integer> {
    static final int EXIT_PENDING = 3;
    static final int EXIT_REFUSED = 4;

    @Spec
    CommandSpec spec;

    @Option(names = "--apply", description = "Make the changes (default: only show them).")
    boolean apply;

    @Option(names = "--max-changes", paramLabel = "N", description = "Stop after N changes (default: no limit).")
    Integer maxChanges;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "2.5",
            description = "Mutating calls per second (default ${DEFAULT-VALUE}: half of EC2's refill of 5 per second).")
    double rate;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    @Option(names = "--vpc", paramLabel = "VPC_ID", split = ",", description = "Only these VPCs (repeatable or comma-separated).")
    java.util.List<String> vpcs = new ArrayList<>();

    private final Map<String, String> environment;

    public BackfillCommand() {
        this(System.getenv());
    }

    public BackfillCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        var policy = policyOptions.policy(environment);
        var scope = vpcs.isEmpty() ? dev.mirrorpilot.policy.plan.Scope.everything()
                : new dev.mirrorpilot.policy.plan.Scope.Vpcs(java.util.Set.copyOf(vpcs));
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        try (var ec2 = aws.ec2(environment)) {
            var account = aws.readAccount(ec2, policy.targets(), environment, err);
            var plan = Planner.plan(account, policy, scope);
            out.print(new CoverageTable(account, CoverageReport.of(account, policy, plan), plan, policy).render(apply ? 0 : 40));
            if (!apply) {
                out.println(plan.hasChanges() ? "Dry run: nothing was changed; run again with --apply to make these changes."
                        : "Nothing to change.");
                out.flush();
                return plan.hasChanges() ? EXIT_PENDING : 0;
            }
            var chosen = firstChanges(plan, maxChanges == null ? Integer.MAX_VALUE : maxChanges);
            int total = chosen.changes().size();
            var done = new AtomicInteger();
            long start = System.nanoTime();
            var pacer = MutationPacer.of(rate);
            var applier = new PlanApplier(ec2, PlanApplier.Pacing.bulk(pacer, 3), action -> progress(err, done.incrementAndGet(), total, start));
            var report = applier.apply(chosen, "backfill-" + UUID.randomUUID());
            out.printf(Locale.ROOT, "%nApplied: %d created, %d retargeted, %d deleted (%d already gone), %d refused for capacity, "
                            + "%d failed%n", report.createdSessions().size(), report.retargetedSessions().size(),
                    report.deleted().size(), report.alreadyGone().size(), report.refusedForCapacity().size(), report.failures().size());
            report.failures().forEach(f -> out.printf("  failed: %s %s: %s (%s)%n", f.action().getClass().getSimpleName().toLowerCase(Locale.ROOT),
                    f.action().source().eniId(), f.code(), f.message()));
            aws.account = account.accountId(); // the same account, without inferring it again
            var after = Planner.plan(aws.readAccount(ec2, policy.targets(), environment, err), policy, scope);
            int left = after.changes().size();
            out.printf("Left to change: %d%n", left);
            out.flush();
            if (!report.failures().isEmpty()) {
                return EXIT_REFUSED;
            }
            return left == 0 ? 0 : EXIT_PENDING;
        }
    }

    /** The plan with only its first {@code max} changes (deletes come first, so capacity is freed first). */
    static SessionPlan firstChanges(SessionPlan plan, int max) {
        var kept = new ArrayList<Action>();
        int changes = 0;
        for (var action : plan.actions()) {
            if (!action.isChange() || changes++ < max) {
                kept.add(action);
            }
        }
        return new SessionPlan(plan.scope(), kept);
    }

    private static void progress(java.io.PrintWriter err, int done, int total, long startNanos) {
        if (done == total || done % 10 == 0) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            double perSecond = done / Math.max(seconds, 1e-3);
            err.printf(Locale.ROOT, "mirrorpilot: applied %d/%d changes (%.1f/s, about %.0f s left)%n", done, total, perSecond,
                    (total - done) / Math.max(perSecond, 1e-3));
            err.flush();
        }
    }
}
