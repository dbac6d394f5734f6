package dev.mirrorpilot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.ec2.AccountReader;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.report.TextTable;
import dev.mirrorpilot.policy.text.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * {@code mirrorpilot coverage --org}: the organization's coverage in one table. Lists the accounts
 * (Organizations ListAccounts), assumes a read-only role in each (STS AssumeRole), reads each
 * account and region with the same paginated, filtered reads as {@code plan --live}, a bounded
 * number at a time, and plans them. Read-only. An account that cannot be read is a row saying why.
 */
@Command(name = "coverage", mixinStandardHelpOptions = true,
        description = {"Show the coverage of every account and region of the organization.",
                "Eligible, mirrored, partly mirrored, uncovered by reason, targets near their limit. Read-only: assumes",
                "a read-only role in each account."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every account read", "1:failed", "2:bad input", ExitCodes.L_UNREAD})
public final class CoverageCommand implements Callable<Integer> {
    static final int EXIT_UNREAD = ExitCodes.UNREAD;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--org", required = true, description = "Every account of the organization (from its management or "
            + "delegated administrator account).")
    boolean org;

    @Option(names = "--role-name", required = true, paramLabel = "ROLE",
            description = "The read-only role to assume in each account (the stack's MirrorPilotCoverageRole, say).")
    String roleName;

    @Option(names = "--regions", split = ",", paramLabel = "REGION", description = "Regions to read (default: --region or AWS_REGION).")
    List<String> regions = new ArrayList<>();

    @Option(names = "--accounts", split = ",", paramLabel = "ID", description = "Only these accounts.")
    List<String> only = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "8", description = "Accounts and regions read at once "
            + "(default ${DEFAULT-VALUE}; each read is paced by EC2's per-account buckets).")
    int concurrency;

    @Option(names = "--json", description = "One JSON document, for scripts.")
    boolean json;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    private final Map<String, String> environment;

    public CoverageCommand() {
        this(System.getenv());
    }

    public CoverageCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** One account and region: its coverage, or why it could not be read. */
    record Row(String account, String name, String region, int eligible, int mirrored, int partly, int uncovered,
               Map<String, Integer> uncoveredByReason, int targetsNearLimit, String error) {
    }

    @Override
    public Integer call() throws Exception {
        if (!roleName.matches("[\\w+=,.@/-]{1,64}")) {
            throw new IllegalArgumentException("--role-name must be an IAM role name (letters, digits, +=,.@_-), was " + roleName);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("--concurrency must be 1..64");
        }
        // A region or an account named twice is read once (it would count twice in the totals).
        var inRegions = regions.isEmpty() ? List.of(aws.region(environment)) : List.copyOf(new java.util.LinkedHashSet<>(regions));
        for (var region : inRegions) {
            if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d")) {
                throw new IllegalArgumentException("--regions: '" + region + "' is not a region name such as eu-west-1");
            }
        }
        for (var id : only) {
            if (!id.matches("\\d{12}")) {
                throw new IllegalArgumentException("--accounts: '" + id + "' is not a 12-digit account id");
            }
        }
        var policy = policyOptions.policy(environment);
        var err = spec.commandLine().getErr();
        var management = aws.credentials();
        var accounts = new TreeMap<String, String>();
        var notMembers = new TreeMap<String, String>();
        try (var organizations = organizations(management)) {
            var statuses = new java.util.HashMap<String, String>();
            organizations.listAccountsPaginator(b -> { }).forEach(page -> page.accounts().forEach(a -> {
                statuses.put(a.id(), a.statusAsString());
                if (a.status() == AccountStatus.ACTIVE && (only.isEmpty() || only.contains(a.id()))) {
                    accounts.put(a.id(), a.name());
                }
            }));
            // An account asked for by --accounts that the organization does not list as active is a row that says so.
            new java.util.TreeSet<>(only).stream().filter(id -> !accounts.containsKey(id)).forEach(id -> notMembers.put(id,
                    statuses.containsKey(id) ? "not read: the account is " + statuses.get(id) + " in the organization"
                            : "not read: not an account of this organization"));
        }
        err.printf("mirrorpilot: %d account(s) x %d region(s), %d at a time%n", accounts.size(), inRegions.size(), concurrency);
        err.flush();
        var done = new AtomicInteger();
        int total = accounts.size() * inRegions.size();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        var futures = new ArrayList<Future<Row>>();
        try (var sts = sts(management, inRegions.get(0))) {
            // The partition of the caller's own ARN (aws, aws-us-gov, aws-cn), never assumed.
            var partition = sts.getCallerIdentity().arn().split(":")[1];
            for (var entry : accounts.entrySet()) {
                for (var region : inRegions) {
                    futures.add(pool.submit(() -> {
                        var row = read(sts, partition, entry.getKey(), entry.getValue(), region, policy);
                        err.printf("mirrorpilot: %d/%d read (%s %s%s)%n", done.incrementAndGet(), total, entry.getKey(), region,
                                row.error().isEmpty() ? "" : ": " + row.error());
                        err.flush();
                        return row;
                    }));
                }
            }
            var rows = new ArrayList<Row>();
            notMembers.forEach((id, why) -> inRegions.forEach(region -> rows.add(new Row(id, "", region, 0, 0, 0, 0, Map.of(), 0, why))));
            for (var future : futures) {
                rows.add(future.get());
            }
            var out = spec.commandLine().getOut();
            out.print(json ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("rows", rows)) + "\n" : render(rows));
            out.flush();
            return rows.stream().anyMatch(r -> !r.error().isEmpty()) ? EXIT_UNREAD : 0;
        } finally {
            pool.shutdownNow();
        }
    }

    private Row read(StsClient sts, String partition, String account, String name, String region, MirrorPolicy policy) {
        // Refreshed before they expire, so a long read of a large account does not fail at the 15th minute.
        try (var provider = software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(b -> b.roleArn("arn:" + partition + ":iam::" + account + ":role/" + roleName)
                        .roleSessionName("mirrorpilot-coverage").durationSeconds(900))
                .asyncCredentialUpdateEnabled(false).build()) {
            provider.resolveCredentials();
            try (var ec2 = aws.build(Ec2Clients.configured(new ThrottleWatch()), region, provider)) {
                var inventory = new AccountReader(ec2, policy.targets()).read(account, region);
                var report = CoverageReport.of(inventory, policy, Planner.plan(inventory, policy, Scope.everything()));
                var total = report.total();
                var reasons = new TreeMap<String, Integer>();
                report.problems().forEach((code, n) -> reasons.put(code.label(), n));
                int near = (int) report.targets().stream().filter(t -> t.nearLimitAfter() || t.atLimitAfter()).count();
                return new Row(account, name, region, total.eligible(), total.mirrored(), total.partlyMirrored(), total.uncovered(),
                        reasons, near, "");
            }
        } catch (SdkException e) {
            var code = e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                    && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                    ? service.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            var detail = e.getMessage() == null ? "" : ": " + Printable.of(e.getMessage().lines().findFirst().orElse(""));
            var why = "AccessDenied".equals(code) ? "cannot assume " + roleName + " (AccessDenied): deploy the stack's read-only "
                    + "coverage role there, trusting this account" : "cannot be read (" + code + detail + ")";
            return new Row(account, name, region, 0, 0, 0, 0, Map.of(), 0, why);
        }
    }

    private static String render(List<Row> rows) {
        var table = new TextTable(List.of("account", "name", "region", "eligible", "mirrored", "partly", "uncovered", "by reason",
                "near limit"), false, false, false, true, true, true, true, false, true);
        int eligible = 0;
        int mirrored = 0;
        int uncovered = 0;
        for (var r : rows) {
            if (!r.error().isEmpty()) {
                table.row(r.account(), r.name(), r.region(), "-", "-", "-", "-", r.error(), "-");
                continue;
            }
            eligible += r.eligible();
            mirrored += r.mirrored();
            uncovered += r.uncovered();
            table.row(r.account(), r.name(), r.region(), r.eligible(), r.mirrored(), r.partly(), r.uncovered(),
                    r.uncoveredByReason().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).reduce((a, b) -> a + ", " + b)
                            .orElse(""), r.targetsNearLimit());
        }
        long unread = rows.stream().filter(r -> !r.error().isEmpty()).count();
        // A share of nothing is no share: with no eligible ENI read, the coverage is not known, never 100 %.
        var share = eligible == 0 ? "coverage not known" : String.format(Locale.ROOT, "%.1f %%", 100.0 * mirrored / eligible);
        return table.render("") + String.format(Locale.ROOT, "Organization: %d eligible ENIs, %d mirrored (%s), %d uncovered; "
                + "%d account-region(s) not read%n", eligible, mirrored, share, uncovered, unread);
    }

    private OrganizationsClient organizations(AwsCredentialsProvider credentials) {
        // Organizations is a global service served from us-east-1.
        return aws.build(OrganizationsClient.builder().httpClient(UrlConnectionHttpClient.create()), "us-east-1", credentials);
    }

    private StsClient sts(AwsCredentialsProvider credentials, String region) {
        return aws.build(StsClient.builder().httpClient(UrlConnectionHttpClient.create()), region, credentials);
    }
}
