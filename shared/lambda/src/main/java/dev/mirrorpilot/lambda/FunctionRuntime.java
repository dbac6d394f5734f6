package dev.mirrorpilot.lambda;

import dev.mirrorpilot.aws.ec2.AccountContextReader;
import dev.mirrorpilot.aws.ec2.Backoff;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.InstanceMirroring;
import dev.mirrorpilot.aws.ec2.InstanceReader;
import dev.mirrorpilot.aws.ec2.PlanApplier;
import dev.mirrorpilot.aws.ec2.TypeCatalog;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The composition root of a container: the policy read once from the environment, the EC2 client
 * and the caches built once and reused by every warm invocation.
 */
public final class FunctionRuntime {
    /** How long targets, filters, connectivity and target loads are trusted before a reload. */
    public static final Duration CONTEXT_TTL = Duration.ofMinutes(5);

    private final MirrorPolicy policy;
    private final Ec2Client ec2;
    private final String account;
    private final String region;
    private final Backoff backoff;
    private final InstanceMirroring mirroring;

    public FunctionRuntime(MirrorPolicy policy, Ec2Client ec2, String account, String region, Backoff backoff) {
        this.policy = policy;
        this.ec2 = ec2;
        this.account = account;
        this.region = region;
        this.backoff = backoff;
        var types = new TypeCatalog(ec2);
        var context = new AccountContextReader(ec2, types, policy.targets(), true, CONTEXT_TTL, System::nanoTime);
        this.mirroring = new InstanceMirroring(new InstanceReader(ec2, types, context, account, region, backoff),
                new PlanApplier(ec2), policy);
    }

    /**
     * From the Lambda environment: {@code MIRRORPILOT_*} policy settings, {@code AWS_REGION}, the
     * account from the function's ARN, and the standard SDK settings ({@code AWS_ENDPOINT_URL}).
     *
     * @throws dev.mirrorpilot.policy.config.InvalidPolicyException listing every bad setting
     */
    public static FunctionRuntime fromEnvironment(Map<String, String> environment, String functionArn) {
        // The same environment decides the region of the client and of the events it accepts.
        return forAccount(environment, accountOf(functionArn));
    }

    /** As {@link #fromEnvironment}, with the account given (at init, from {@link FunctionContainer#ACCOUNT_ID}). */
    public static FunctionRuntime forAccount(Map<String, String> environment, String account) {
        var policy = MirrorPolicy.fromSettings(environment);
        var region = regionOf(environment);
        var ec2 = Ec2Clients.configured().region(Region.of(region)).build();
        return new FunctionRuntime(policy, ec2, account, region, Backoff.afterLaunch());
    }

    /**
     * The same client, account and region with a policy read from changed settings; what was read
     * under the old policy (targets, filters) is not carried over.
     *
     * @throws dev.mirrorpilot.policy.config.InvalidPolicyException listing every bad setting
     */
    public FunctionRuntime withSettings(Map<String, String> settings) {
        return new FunctionRuntime(MirrorPolicy.fromSettings(settings), ec2, account, region, backoff);
    }

    /** After a SnapStart restore: nothing read before the snapshot is trusted. */
    public void afterRestore() {
        mirroring.forgetAccountContext();
    }

    /** Against a local endpoint (the simulator), as the demo, tests and benchmarks run the functions. */
    public static FunctionRuntime forEndpoint(java.net.URI endpoint, MirrorPolicy policy, String account, String region) {
        return new FunctionRuntime(policy, Ec2Clients.forLocalEndpoint(endpoint, region), account, region, Backoff.afterLaunch());
    }

    /** The region from {@code AWS_REGION} (set by Lambda), else {@code AWS_DEFAULT_REGION}. */
    public static String regionOf(Map<String, String> environment) {
        var region = environment.getOrDefault("AWS_REGION", environment.getOrDefault("AWS_DEFAULT_REGION", ""));
        if (region.isBlank()) {
            throw new IllegalArgumentException("AWS_REGION is not set; Lambda sets it, elsewhere export AWS_REGION=<region>");
        }
        return region;
    }

    /** {@code arn:aws:lambda:eu-west-1:111122223333:function:name} -> {@code 111122223333}. */
    public static String accountOf(String functionArn) {
        var parts = functionArn == null ? new String[0] : functionArn.split(":");
        if (parts.length < 5 || !parts[4].matches("\\d{12}")) {
            throw new IllegalArgumentException("cannot read the account from the function ARN '" + functionArn + "'");
        }
        return parts[4];
    }

    public MirrorPolicy policy() {
        return policy;
    }

    public String account() {
        return account;
    }

    public String region() {
        return region;
    }

    public InstanceMirroring mirroring() {
        return mirroring;
    }

    /** An account-wide reconcile with the event functions' pacing (throttling is thrown for a retry), under the policy in force. */
    public dev.mirrorpilot.aws.ec2.Reconciler reconciler() {
        return new dev.mirrorpilot.aws.ec2.Reconciler(ec2, mirroring.policy(), dev.mirrorpilot.aws.ec2.PlanApplier.Pacing.EVENT,
                dev.mirrorpilot.aws.ec2.Reconciler.Progress.NONE);
    }

    /** Surge mirroring of one instance (see {@link dev.mirrorpilot.policy.surge.Surge}). */
    public InstanceMirroring.SurgeOutcome surge(String instanceId, java.time.Instant until, String reason, boolean optedOutAllowed,
                                                String eventId) {
        return mirroring.surge(instanceId, until, reason, optedOutAllowed, eventId, ec2);
    }

    /** Fresh reads of what a change to mirroring touched. */
    public dev.mirrorpilot.aws.ec2.TouchedInstances touched() {
        return new dev.mirrorpilot.aws.ec2.TouchedInstances(ec2);
    }
}
