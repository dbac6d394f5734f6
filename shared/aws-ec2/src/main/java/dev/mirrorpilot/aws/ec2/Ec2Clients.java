package dev.mirrorpilot.aws.ec2;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * Builds the EC2 client once per container: region, credentials and endpoint from the standard
 * settings (so {@code AWS_ENDPOINT_URL} points it at the simulator), the SDK's standard retry
 * strategy with backoff for throttling and 5xx, and the light URL-connection HTTP client.
 */
public final class Ec2Clients {
    /** Attempts per call, the first included; throttling and 5xx are retried with jittered backoff. */
    public static final int MAX_ATTEMPTS = 5;
    /**
     * The most one call may take, its retries included: a backfill stops 60 s before its deadline, and
     * what it still does then (a change retried 3 times, the visibility wait, the findings) must fit.
     */
    public static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(10);

    private Ec2Clients() {
    }

    /** A client for a local endpoint (the simulator): fixed placeholder credentials, since it checks none. */
    public static Ec2Client forLocalEndpoint(URI endpoint, String region) {
        return forLocalEndpoint(endpoint, region, new ThrottleWatch());
    }

    /** As {@link #forLocalEndpoint(URI, String)}, with every attempt reported to {@code watch}. */
    public static Ec2Client forLocalEndpoint(URI endpoint, String region, ThrottleWatch watch) {
        return configured(watch).endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    /**
     * An Elastic Load Balancing v2 client configured like {@code ec2}: same region, credentials
     * and endpoint override (the simulator serves both), the same retry strategy.
     */
    public static software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client loadBalancingLike(Ec2Client ec2) {
        var config = ec2.serviceClientConfiguration();
        var builder = software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(config.region())
                .credentialsProvider(config.credentialsProvider())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS).build()).apiCallTimeout(CALL_TIMEOUT));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The configured builder, for callers that add an endpoint or credentials. */
    public static Ec2ClientBuilder configured() {
        return configured(new ThrottleWatch());
    }

    /** The configured builder, with every HTTP attempt reported to {@code watch} (bulk runs slow down on throttling). */
    public static Ec2ClientBuilder configured(ThrottleWatch watch) {
        return Ec2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS).build()).addExecutionInterceptor(watch).apiCallTimeout(CALL_TIMEOUT));
    }
}
