package dev.mirrorpilot.aws.securityhub;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.SecurityHubClientBuilder;

/**
 * Builds the Security Hub client: standard settings (so {@code AWS_ENDPOINT_URL} reaches the
 * simulator), the light URL-connection HTTP client, and the SDK's adaptive retry strategy, whose
 * client-side rate limiter slows down when BatchImportFindings (10 per second) throttles.
 */
public final class SecurityHubClients {
    static final int MAX_ATTEMPTS = 8;

    private SecurityHubClients() {
    }

    public static SecurityHubClientBuilder configured() {
        return SecurityHubClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS).build()).apiCallTimeout(java.time.Duration.ofSeconds(10)));
    }

    /** A client for a local endpoint (the simulator): placeholder credentials, since it checks none. */
    public static SecurityHubClient forLocalEndpoint(URI endpoint, String region) {
        return configured().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
