package dev.mirrorpilot.functions.backfill;

import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.aws.securityhub.SecurityHubClients;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The backfill function's composition root: policy and settings read once from the environment,
 * the EC2 client (watched for throttling) and the Security Hub client, built once per container.
 */
public final class BackfillRuntime {
    /** The configured policy, plus the instance types EC2 refused as sources (learned for the container's life). */
    private volatile MirrorPolicy policy;
    private final BackfillSettings settings;
    private final String account;
    private final String region;
    private final Ec2Client ec2;
    private final ThrottleWatch watch;
    private final Supplier<SecurityHubClient> securityHub;
    private SecurityHubClient securityHubClient;
    private final Supplier<software.amazon.awssdk.services.cloudwatch.CloudWatchClient> cloudWatch;
    private software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatchClient;

    public BackfillRuntime(MirrorPolicy policy, BackfillSettings settings, String account, String region, Ec2Client ec2,
                           ThrottleWatch watch, Supplier<SecurityHubClient> securityHub) {
        this(policy, settings, account, region, ec2, watch, securityHub,
                () -> dev.mirrorpilot.aws.cloudwatch.CloudWatchClients.configured().region(Region.of(region)).build());
    }

    public BackfillRuntime(MirrorPolicy policy, BackfillSettings settings, String account, String region, Ec2Client ec2,
                           ThrottleWatch watch, Supplier<SecurityHubClient> securityHub,
                           Supplier<software.amazon.awssdk.services.cloudwatch.CloudWatchClient> cloudWatch) {
        this.cloudWatch = cloudWatch;
        this.policy = policy;
        this.settings = settings;
        this.account = account;
        this.region = region;
        this.ec2 = ec2;
        this.watch = watch;
        this.securityHub = securityHub;
    }

    /**
     * From the Lambda environment: {@code MIRRORPILOT_*} policy and backfill settings, {@code AWS_REGION},
     * the account from the function ARN, the standard SDK settings ({@code AWS_ENDPOINT_URL}).
     *
     * @throws dev.mirrorpilot.policy.config.InvalidPolicyException listing every bad setting
     */
    public static BackfillRuntime fromEnvironment(Map<String, String> env, String functionArn) {
        var policy = MirrorPolicy.fromSettings(env);
        var settings = BackfillSettings.fromEnvironment(env);
        var region = FunctionRuntime.regionOf(env);
        var watch = new ThrottleWatch();
        var ec2 = Ec2Clients.configured(watch).region(Region.of(region)).build();
        return new BackfillRuntime(policy, settings, FunctionRuntime.accountOf(functionArn), region, ec2, watch,
                () -> SecurityHubClients.configured().region(Region.of(region)).build());
    }

    /** Against a local endpoint (the simulator): the demo, tests and benchmarks. */
    public static BackfillRuntime forEndpoint(URI endpoint, MirrorPolicy policy, BackfillSettings settings, String account,
                                              String region) {
        var watch = new ThrottleWatch();
        return new BackfillRuntime(policy, settings, account, region, Ec2Clients.forLocalEndpoint(endpoint, region, watch), watch,
                () -> SecurityHubClients.forLocalEndpoint(endpoint, region),
                () -> dev.mirrorpilot.aws.cloudwatch.CloudWatchClients.forLocalEndpoint(endpoint, region));
    }

    public MirrorPolicy policy() {
        return policy;
    }

    public BackfillSettings settings() {
        return settings;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public Ec2Client ec2() {
        return ec2;
    }

    public ThrottleWatch throttleWatch() {
        return watch;
    }

    /** Built on first use: a dry run or a run with findings off never needs it. */
    public synchronized SecurityHubClient securityHub() {
        if (securityHubClient == null) {
            securityHubClient = securityHub.get();
        }
        return securityHubClient;
    }

    /** Built on first use: only a whole-account run that verifies delivery reads CloudWatch. */
    public synchronized software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch() {
        if (cloudWatchClient == null) {
            cloudWatchClient = cloudWatch.get();
        }
        return cloudWatchClient;
    }

    /** Keeps what a pass learned from EC2 (refused source types) for the next invocations of this container. */
    void learned(MirrorPolicy after) {
        if (after != null) {
            policy = after;
        }
    }
}
