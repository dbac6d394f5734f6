package dev.mirrorpilot.aws.cloudwatch;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;

/** Builds the CloudWatch client: standard settings, the light HTTP client, standard retries, calls bounded to 10 s. */
public final class CloudWatchClients {
    private CloudWatchClients() {
    }

    public static CloudWatchClientBuilder configured() {
        return CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(Duration.ofSeconds(10)));
    }

    /** A client for a local endpoint (the simulator): placeholder credentials, since it checks none. */
    public static CloudWatchClient forLocalEndpoint(URI endpoint, String region) {
        return configured().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
