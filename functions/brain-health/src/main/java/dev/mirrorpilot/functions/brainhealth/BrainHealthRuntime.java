package dev.mirrorpilot.functions.brainhealth;

import dev.mirrorpilot.aws.securityhub.SecurityHubClients;
import dev.mirrorpilot.brain.BrainClient;
import dev.mirrorpilot.brain.BrainSecret;
import dev.mirrorpilot.brain.HealthDocument;
import dev.mirrorpilot.brain.TrustedCertificates;
import dev.mirrorpilot.lambda.FunctionRuntime;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/**
 * The brain-health function's composition root: settings, the Secrets Manager, CloudWatch Logs and
 * (on first use) Security Hub clients, built once per container; the Brain's secret kept for its
 * TTL and the Brain client (with its bearer token) kept while the secret does not change.
 */
public final class BrainHealthRuntime {
    private final BrainHealthSettings settings;
    private final String account;
    private final String region;
    private final SecretsManagerClient secrets;
    private final CloudWatchLogsClient logs;
    private final Supplier<SecurityHubClient> securityHub;
    private final software.amazon.awssdk.services.ec2.Ec2Client ec2;
    private final Clock clock;
    private SecurityHubClient securityHubClient;
    private BrainSecret secret;
    private String secretString;
    private Instant secretFetched = Instant.MIN;
    private BrainClient client;

    public BrainHealthRuntime(BrainHealthSettings settings, String account, String region, SecretsManagerClient secrets,
                              CloudWatchLogsClient logs, Supplier<SecurityHubClient> securityHub,
                              software.amazon.awssdk.services.ec2.Ec2Client ec2, Clock clock) {
        this.settings = settings;
        this.account = account;
        this.region = region;
        this.secrets = secrets;
        this.logs = logs;
        this.securityHub = securityHub;
        this.ec2 = ec2;
        this.clock = clock;
    }

    public static BrainHealthRuntime fromEnvironment(Map<String, String> env, String functionArn) {
        var settings = BrainHealthSettings.fromEnvironment(env);
        var region = FunctionRuntime.regionOf(env);
        var http = UrlConnectionHttpClient.create();
        return new BrainHealthRuntime(settings, FunctionRuntime.accountOf(functionArn), region,
                SecretsManagerClient.builder().httpClient(http).region(Region.of(region))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())).build(),
                CloudWatchLogsClient.builder().httpClient(http).region(Region.of(region))
                        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())).build(),
                () -> SecurityHubClients.configured().region(Region.of(region)).build(),
                dev.mirrorpilot.aws.ec2.Ec2Clients.configured(new dev.mirrorpilot.aws.ec2.ThrottleWatch()).region(Region.of(region)).build(),
                Clock.systemUTC());
    }

    /** Against a local endpoint (the simulator) for AWS; the Brain is wherever the settings say. */
    public static BrainHealthRuntime forEndpoint(URI endpoint, BrainHealthSettings settings, String account, String region) {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        var http = UrlConnectionHttpClient.create();
        return new BrainHealthRuntime(settings, account, region,
                SecretsManagerClient.builder().httpClient(http).endpointOverride(endpoint).region(Region.of(region))
                        .credentialsProvider(credentials).build(),
                CloudWatchLogsClient.builder().httpClient(http).endpointOverride(endpoint).region(Region.of(region))
                        .credentialsProvider(credentials).build(),
                () -> SecurityHubClients.forLocalEndpoint(endpoint, region),
                dev.mirrorpilot.aws.ec2.Ec2Clients.forLocalEndpoint(endpoint, region, new dev.mirrorpilot.aws.ec2.ThrottleWatch()),
                Clock.systemUTC());
    }

    BrainHealthSettings settings() {
        return settings;
    }

    String account() {
        return account;
    }

    String region() {
        return region;
    }

    CloudWatchLogsClient logs() {
        return logs;
    }

    software.amazon.awssdk.services.ec2.Ec2Client ec2() {
        return ec2;
    }

    Clock clock() {
        return clock;
    }

    synchronized SecurityHubClient securityHub() {
        if (securityHubClient == null) {
            securityHubClient = securityHub.get();
        }
        return securityHubClient;
    }

    /** The Brain client for the current secret: read again once its TTL is over; rebuilt only when it changed. */
    synchronized BrainClient client() throws java.security.GeneralSecurityException {
        var now = clock.instant();
        if (secret == null || !now.isBefore(secretFetched.plus(settings.secretTtl()))) {
            var value = secrets.getSecretValue(b -> b.secretId(settings.secretArn())).secretString();
            secretFetched = now;
            if (!value.equals(secretString)) {
                secret = BrainSecret.parse(value);
                secretString = value;
                client = null;
            }
        }
        if (client == null) {
            var pem = secret.caBundle().or(settings::caBundle);
            var trust = pem.isPresent() ? TrustedCertificates.fromPem(pem.get()) : TrustedCertificates.jdkDefault();
            client = new BrainClient(settings.brainUrl(), settings.api(), secret.credentials(), trust, clock,
                    d -> Thread.sleep(d.toMillis()), HealthDocument.DEFAULT_MAX_BYTES, settings.query());
        }
        return client;
    }
}
