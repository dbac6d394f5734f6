package dev.mirrorpilot.cli;

import dev.mirrorpilot.aws.ec2.AccountReader;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.aws.ec2.ThrottleWatch;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.Inventory;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Where to reach EC2, as the AWS CLI takes it: region and endpoint options over the standard settings. */
public final class AwsOptions {
    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION).")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "EC2 endpoint, e.g. the simulator's http://127.0.0.1:PORT (default: AWS_ENDPOINT_URL, else AWS).")
    URI endpoint;

    @Option(names = "--account", paramLabel = "ID", description = "The account you expect the credentials to be in; "
            + "refused, before anything is read, when STS says otherwise (default: what STS GetCallerIdentity says).")
    String account;

    /** What STS said, asked once per command. */
    private String identity;

    /** As the AWS CLI resolves it: {@code --region}, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's region in the config file. */
    String region(Map<String, String> environment) {
        var value = region != null ? region
                : environment.getOrDefault("AWS_REGION", environment.getOrDefault("AWS_DEFAULT_REGION", ""));
        if (value.isBlank()) {
            value = profileRegion(environment);
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("no region: pass --region or set AWS_REGION, or set region in the profile ("
                    + environment.getOrDefault("AWS_PROFILE", "default") + ") of the AWS config file");
        }
        return value;
    }

    /** The region of AWS_PROFILE (or default) in AWS_CONFIG_FILE (or ~/.aws/config); empty when there is none. */
    static String profileRegion(Map<String, String> environment) {
        var file = java.nio.file.Path.of(environment.getOrDefault("AWS_CONFIG_FILE",
                java.nio.file.Path.of(System.getProperty("user.home"), ".aws", "config").toString()));
        if (!java.nio.file.Files.isReadable(file)) {
            return "";
        }
        try {
            var profiles = software.amazon.awssdk.profiles.ProfileFile.builder().content(file)
                    .type(software.amazon.awssdk.profiles.ProfileFile.Type.CONFIGURATION).build();
            return profiles.profile(environment.getOrDefault("AWS_PROFILE", "default"))
                    .flatMap(p -> p.property("region")).orElse("").trim();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the AWS config file " + file + " cannot be read (" + e.getMessage()
                    + "); fix it, or pass --region");
        }
    }

    /**
     * The account the credentials are in, as STS GetCallerIdentity says: never guessed from what a read
     * finds (in a shared VPC the VPC's owner is another account). An {@code --account} that disagrees is
     * refused before anything is read, so a typo cannot make MirrorPilot treat every ENI as someone else's.
     */
    String account(Map<String, String> environment) {
        if (identity != null) {
            return identity;
        }
        if (account != null && !account.matches("\\d{12}")) {
            throw new IllegalArgumentException("--account " + shownAccount()
                    + " is not a 12-digit AWS account id; nothing was read or changed");
        }
        String said;
        try (var sts = sts(environment)) {
            said = sts.getCallerIdentity().account();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw e; // no answer at all: reported as unreachable, not as a credentials problem
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw new IllegalStateException("cannot ask STS which account the credentials are in (" + e.getMessage()
                    + "); check the credentials and region, or the network to STS");
        }
        if (said == null || !said.matches("\\d{12}")) {
            // An answer with no account in it: something else answered at the endpoint (a proxy page, another service).
            throw new IllegalStateException("AWS answered, but not in a form the SDK can read: STS's GetCallerIdentity gave no "
                    + "account id; check that --endpoint-url or AWS_ENDPOINT_URL points at the service itself");
        }
        if (account != null && !account.equals(said)) {
            throw new IllegalArgumentException("--account " + shownAccount()
                    + " is not the account these credentials are in (STS says " + said + "); nothing was read or changed");
        }
        identity = said;
        return said;
    }

    /** The option as typed, cut short so a pasted blob cannot flood the error. */
    private String shownAccount() {
        return account.length() > 100 ? account.substring(0, 100) + "..." : account;
    }

    private software.amazon.awssdk.services.sts.StsClient sts(Map<String, String> environment) {
        return build(software.amazon.awssdk.services.sts.StsClient.builder().httpClient(UrlConnectionHttpClient.create()),
                region(environment), credentials());
    }

    private boolean isLoopback() {
        return endpoint != null && ("127.0.0.1".equals(endpoint.getHost()) || "localhost".equals(endpoint.getHost()));
    }

    /** The simulator on loopback checks no signature; anything else gets the default credential chain. */
    AwsCredentialsProvider credentials() {
        return isLoopback() ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
    }

    /** Builds any SDK client for {@code region}, signed with {@code credentials}, at {@code --endpoint-url} when one was given. */
    <B extends AwsClientBuilder<B, C>, C> C build(B builder, String region, AwsCredentialsProvider credentials) {
        builder.region(Region.of(region)).credentialsProvider(credentials);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Reads the whole account through the EC2 API, with a line on stderr before and after (it can take a while). */
    Inventory readAccount(Ec2Client ec2, Selection targets, Map<String, String> environment, PrintWriter err) {
        var who = account(environment);
        reading(err);
        long start = System.nanoTime();
        var inventory = new AccountReader(ec2, targets).read(who, region(environment));
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
        if (isLoopback()) {
            return Ec2Clients.forLocalEndpoint(endpoint, region, watch);
        }
        return build(Ec2Clients.configured(watch), region, credentials());
    }

    /** CloudWatch for the traffic estimate: the same endpoint and region rules as EC2. */
    software.amazon.awssdk.services.cloudwatch.CloudWatchClient cloudWatch(Map<String, String> environment) {
        var region = region(environment);
        if (isLoopback()) {
            return dev.mirrorpilot.aws.cloudwatch.CloudWatchClients.forLocalEndpoint(endpoint, region);
        }
        return build(dev.mirrorpilot.aws.cloudwatch.CloudWatchClients.configured(), region, credentials());
    }
}
