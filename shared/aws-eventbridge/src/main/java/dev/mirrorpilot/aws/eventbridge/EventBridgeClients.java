package dev.mirrorpilot.aws.eventbridge;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

/** Builds the EventBridge client: standard settings, the light HTTP client, standard retries, calls bounded to 5 s. */
public final class EventBridgeClients {
    private EventBridgeClients() {
    }

    public static EventBridgeClientBuilder configured() {
        return EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(Duration.ofSeconds(5)));
    }

    /** A client for a local endpoint (the simulator): placeholder credentials, since it checks none. */
    public static EventBridgeClient forLocalEndpoint(URI endpoint, String region) {
        return configured().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
