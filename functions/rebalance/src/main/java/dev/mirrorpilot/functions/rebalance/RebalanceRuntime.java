package dev.mirrorpilot.functions.rebalance;

import dev.mirrorpilot.aws.cloudwatch.CloudWatchClients;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.aws.securityhub.SecurityHubClients;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The rebalance function's composition root: policy and options read once from the environment,
 * the EC2 client (watched for throttling), the CloudWatch client and (on first use) the Security Hub
 * client, built once per container.
 */
public record RebalanceRuntime(MirrorPolicy policy, RebalanceOptions options, String account, String region, Ec2Client ec2,
                               ThrottleWatch throttleWatch, CloudWatchClient cloudWatch, Supplier<SecurityHubClient> securityHub) {

    public RebalanceRuntime {
        securityHub = once(securityHub);
    }

    /** Built on first use: a dry run, or a run with nothing crowded beyond relief, never needs Security Hub. */
    private static <T> Supplier<T> once(Supplier<T> build) {
        var held = new java.util.concurrent.atomic.AtomicReference<T>();
        return () -> held.updateAndGet(v -> v != null ? v : build.get());
    }

    /**
     * From the Lambda environment: {@code MIRRORPILOT_*} policy and rebalance settings, {@code AWS_REGION},
     * the account from the function ARN, the standard SDK settings ({@code AWS_ENDPOINT_URL}).
     *
     * @throws dev.mirrorpilot.policy.config.InvalidPolicyException listing every bad setting
     */
    public static RebalanceRuntime fromEnvironment(Map<String, String> env, String functionArn) {
        var policy = MirrorPolicy.fromSettings(env);
        var options = RebalanceOptions.fromEnvironment(env);
        var region = FunctionRuntime.regionOf(env);
        var watch = new ThrottleWatch();
        return new RebalanceRuntime(policy, options, FunctionRuntime.accountOf(functionArn), region,
                Ec2Clients.configured(watch).region(Region.of(region)).build(), watch,
                CloudWatchClients.configured().region(Region.of(region)).build(),
                () -> SecurityHubClients.configured().region(Region.of(region)).build());
    }

    /** Against a local endpoint (the simulator): the demo, tests and benchmarks. */
    public static RebalanceRuntime forEndpoint(URI endpoint, MirrorPolicy policy, RebalanceOptions options, String account,
                                               String region) {
        var watch = new ThrottleWatch();
        return new RebalanceRuntime(policy, options, account, region, Ec2Clients.forLocalEndpoint(endpoint, region, watch), watch,
                CloudWatchClients.forLocalEndpoint(endpoint, region), () -> SecurityHubClients.forLocalEndpoint(endpoint, region));
    }
}
