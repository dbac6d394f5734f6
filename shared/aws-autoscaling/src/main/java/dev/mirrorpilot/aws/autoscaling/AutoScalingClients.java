package dev.mirrorpilot.aws.autoscaling;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClientBuilder;

/** Builds the Auto Scaling client: standard settings, the light HTTP client, standard retries, calls bounded to 5 s. */
public final class AutoScalingClients {
    private AutoScalingClients() {
    }

    public static AutoScalingClientBuilder configured() {
        return AutoScalingClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(Duration.ofSeconds(5)));
    }

    /** A client for a local endpoint (the simulator): placeholder credentials, since it checks none. */
    public static AutoScalingClient forLocalEndpoint(URI endpoint, String region) {
        return configured().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
