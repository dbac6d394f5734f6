package dev.mirrorpilot.simulator;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/** Real AWS SDK v2 clients pointed at a simulator, as a Lambda would build them with AWS_ENDPOINT_URL. */
final class Clients {
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR", "simulator-secret"));

    private Clients() {
    }

    static Ec2Client ec2(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD)).build();
    }

    static Ec2Client ec2WithoutRetries(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static RetryStrategy noRetries() {
        return software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry();
    }

    static CloudWatchLogsClient logs(URI endpoint) {
        return CloudWatchLogsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static SecurityHubClient securityHub(URI endpoint) {
        return SecurityHubClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client elb(URI endpoint) {
        return software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client.builder()
                .endpointOverride(endpoint).region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static software.amazon.awssdk.services.sts.StsClient sts(URI endpoint) {
        return software.amazon.awssdk.services.sts.StsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch(URI endpoint) {
        return software.amazon.awssdk.services.cloudwatch.CloudWatchClient.builder().endpointOverride(endpoint)
                .region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }

    static software.amazon.awssdk.services.eventbridge.EventBridgeClient events(URI endpoint) {
        return software.amazon.awssdk.services.eventbridge.EventBridgeClient.builder().endpointOverride(endpoint)
                .region(Region.EU_WEST_1).credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(noRetries())).build();
    }
}
