package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.Ec2Clients;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Where to reach EC2, as the AWS CLI takes it: region and endpoint options over the standard settings. */
public final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "EC2 endpoint, e.g. the simulator's http://127.0.0.1:PORT (default: AWS_ENDPOINT_URL, else AWS).")
    URI endpoint;

    @Option(names = "--account", paramLabel = "ID", description = "Account id (default: the owner of the account's VPCs).")
    String account;

    String region(Map<String, String> environment) {
        var value = region != null ? region
                : environment.getOrDefault("AWS_REGION", environment.getOrDefault("AWS_DEFAULT_REGION", ""));
        if (value.isBlank()) {
            throw new IllegalArgumentException("no region: pass --region or set AWS_REGION");
        }
        return value;
    }

    /** The simulator on loopback checks no signature; anything else gets the default credential chain. */
    Ec2Client ec2(Map<String, String> environment) {
        var region = region(environment);
        if (endpoint != null && "127.0.0.1".equals(endpoint.getHost()) || endpoint != null && "localhost".equals(endpoint.getHost())) {
            return Ec2Clients.forLocalEndpoint(endpoint, region);
        }
        var builder = Ec2Clients.configured().region(Region.of(region));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
