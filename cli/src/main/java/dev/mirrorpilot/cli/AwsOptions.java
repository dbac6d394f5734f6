package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.AccountReader;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.Inventory;
import java.io.PrintWriter;
import java.util.Optional;
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

    /** Reads the whole account through the EC2 API, with a line on stderr before and after (it can take a while). */
    Inventory readAccount(Ec2Client ec2, Selection targets, Map<String, String> environment, PrintWriter err) {
        reading(err);
        long start = System.nanoTime();
        var inventory = new AccountReader(ec2, targets).read(Optional.ofNullable(account), region(environment));
        read(err, inventory, java.time.Duration.ofNanos(System.nanoTime() - start));
        return inventory;
    }

    /** The line before a whole-account read, which can take a while. */
    static void reading(PrintWriter err) {
        err.println("mirrorpilot: reading the account through the EC2 API ...");
        err.flush();
    }

    /** The line after it: what was read, and how long it took. */
    static void read(PrintWriter err, Inventory inventory, java.time.Duration took) {
        err.printf(java.util.Locale.ROOT, "mirrorpilot: read %d instances, %d sessions, %d targets in %.1f s%n",
                inventory.workloads().size(), inventory.sessions().size(), inventory.targets().size(), took.toMillis() / 1000.0);
        err.flush();
    }

    /** The simulator on loopback checks no signature; anything else gets the default credential chain. */
    Ec2Client ec2(Map<String, String> environment) {
        return ec2(environment, new ThrottleWatch());
    }

    /** As {@link #ec2(Map)}, with every attempt reported to {@code watch}. */
    Ec2Client ec2(Map<String, String> environment, ThrottleWatch watch) {
        var region = region(environment);
        boolean loopback = endpoint != null && ("127.0.0.1".equals(endpoint.getHost()) || "localhost".equals(endpoint.getHost()));
        if (loopback) {
            return Ec2Clients.forLocalEndpoint(endpoint, region, watch);
        }
        var builder = Ec2Clients.configured(watch).region(Region.of(region));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
