package dev.mirrorpilot.cli;

import dev.mirrorpilot.brain.BrainClient;
import dev.mirrorpilot.brain.BrainCredentials;
import dev.mirrorpilot.brain.BrainUnreachable;
import dev.mirrorpilot.brain.HealthDocument;
import dev.mirrorpilot.brain.HealthProblem;
import dev.mirrorpilot.brain.SensorState;
import dev.mirrorpilot.brain.TrustedCertificates;
import dev.mirrorpilot.policy.report.TextTable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot brain-health}: asks a Brain's health API once and prints its checks and its
 * Sensors, each with the state placement would give it. Credentials are read from files, never
 * from the command line (shell history), and never printed.
 */
@Command(name = "brain-health", mixinStandardHelpOptions = true,
        description = {"Print a Vectra Brain's health checks and Sensors.",
                "Asks its health API (v2.5 with an API token, v3.x with an OAuth client). TLS is always verified: give",
                "--ca-bundle for a Brain's own certificate."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:healthy", "1:the Brain could not be asked (see the message)", "2:bad input",
                ExitCodes.L_BRAIN_UNHEALTHY})
public final class BrainHealthCommand implements Callable<Integer> {
    static final int EXIT_UNHEALTHY = ExitCodes.BRAIN_UNHEALTHY;

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL", description = "The Brain, e.g. https://brain.example.internal")
    URI url;

    @Option(names = "--api", paramLabel = "VERSION", defaultValue = "v2.5",
            description = "v2.5 (Detect / Quadrant UX, API token), v3.3 or v3.4 (Respond UX, OAuth client); default ${DEFAULT-VALUE}")
    String api;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Credentials credentials;

    @Option(names = "--checks", paramLabel = "LIST", description = "Ask only these checks, each at /health/<check> "
            + "(must include sensors, connectivity and trafficdrop); default: the whole /health document.")
    String checks;

    @Option(names = "--fresh", description = "Ask the Brain to compute its health now (cache=False, as Vectra's client "
            + "does; API v3.3 and later) instead of answering from its cache.")
    boolean fresh;

    static final class Credentials {
        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the v2.5 API token.")
        Path tokenFile;

        @Option(names = "--secret-id", paramLabel = "ARN",
                description = "The Secrets Manager secret the brain-health function reads (apiToken, or clientId and clientSecret; caBundle).")
        String secretId;

        @ArgGroup(exclusive = false)
        OAuth oauth;
    }

    static final class OAuth {
        @Option(names = "--client-id", required = true, paramLabel = "ID", description = "The v3 OAuth client id.")
        String clientId;

        @Option(names = "--client-secret-file", required = true, paramLabel = "FILE", description = "A file holding its secret.")
        Path secretFile;
    }

    @Option(names = "--ca-bundle", paramLabel = "PEM", description = "PEM certificates to trust for the Brain (default: the JDK's).")
    Path caBundle;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "Give up after this long (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--live", description = "Also read the account (EC2, read-only) and list each Sensor's mirror targets "
            + "with their sessions.")
    boolean live;

    @picocli.CommandLine.Mixin
    AwsOptions aws = new AwsOptions();

    @picocli.CommandLine.Mixin
    PolicyOptions policyOptions = new PolicyOptions();

    private final java.util.Map<String, String> environment;

    public BrainHealthCommand() {
        this(System.getenv());
    }

    public BrainHealthCommand(java.util.Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        var version = switch (api.toLowerCase(Locale.ROOT)) {
            case "v2.5", "2.5" -> BrainClient.Api.V2_5;
            case "v3.3", "3.3" -> BrainClient.Api.V3_3;
            case "v3.4", "3.4" -> BrainClient.Api.V3_4;
            default -> throw new IllegalArgumentException("--api must be v2.5, v3.3 or v3.4, was " + api);
        };
        if (timeoutSeconds < 1 || timeoutSeconds > 600) {
            throw new IllegalArgumentException("--timeout must be 1..600 seconds");
        }
        BrainCredentials signIn;
        java.util.Optional<String> secretCa = java.util.Optional.empty();
        if (credentials.secretId != null) {
            var stored = dev.mirrorpilot.brain.BrainSecret.parse(readSecret(credentials.secretId));
            signIn = stored.credentials();
            secretCa = stored.caBundle();
        } else if (credentials.tokenFile != null) {
            signIn = new BrainCredentials.ApiToken(secret(credentials.tokenFile, "--token-file"));
        } else {
            signIn = new BrainCredentials.OAuthClient(credentials.oauth.clientId, secret(credentials.oauth.secretFile, "--client-secret-file"));
        }
        var pem = caBundle != null ? java.util.Optional.of(secret(caBundle, "--ca-bundle")) : secretCa;
        var trust = pem.isPresent() ? TrustedCertificates.fromPem(pem.get()) : TrustedCertificates.jdkDefault();
        var client = new BrainClient(url, version, signIn, trust, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                HealthDocument.DEFAULT_MAX_BYTES, dev.mirrorpilot.brain.HealthQuery.of(checks, fresh));
        var out = spec.commandLine().getOut();
        try {
            var fetched = client.fetch(Instant.now().plus(Duration.ofSeconds(timeoutSeconds)));
            var health = fetched.health();
            out.printf(Locale.ROOT, "Brain %s (Vectra %s): answered in %d ms, %d call(s); disk %s, memory %s%n", url.getHost(),
                    health.vectraVersion().isEmpty() ? "version not reported" : health.vectraVersion(), fetched.latency().toMillis(),
                    fetched.calls(), percent(health.diskUsagePercent()), percent(health.memoryUsagePercent()));
            var checks = new TextTable(List.of("check", "status", "detail"));
            health.checks().forEach(c -> checks.row(c.name(), c.status(), c.detail()));
            if (!checks.isEmpty()) {
                out.print(checks.render("  "));
            }
            var targets = live ? mirrorTargets() : java.util.Map.<String, String>of();
            var sensors = new TextTable(live ? List.of("Sensor", "luid", "ip", "status", "connectivity", "traffic drop", "state",
                    "mirror targets (sessions)") : List.of("Sensor", "luid", "ip", "status", "connectivity", "traffic drop", "state"));
            health.sensors().forEach(s -> {
                var cells = new java.util.ArrayList<Object>(List.of(s.name(), s.luid(), s.ipAddress(), s.status(),
                        s.connectivity().map(Enum::name).orElse("-"), s.trafficDrop().map(Enum::name).orElse("-"), SensorState.of(s)));
                if (live) {
                    cells.add(targets.getOrDefault(s.ipAddress(), "none in this account"));
                }
                sensors.row(cells.toArray());
            });
            out.print(sensors.render("  "));
            health.issues().forEach(i -> out.println("  read with an issue: " + i));
            var problems = HealthProblem.of(health);
            problems.forEach(p -> out.printf("  problem: %s %s %s%s%n", p.kind().name().toLowerCase(Locale.ROOT), p.subject(),
                    p.status(), p.detail().isEmpty() ? "" : ": " + p.detail()));
            out.flush();
            return problems.isEmpty() ? 0 : EXIT_UNHEALTHY;
        } catch (BrainUnreachable e) {
            spec.commandLine().getErr().println("mirrorpilot: " + e.getMessage());
            return Main.EXIT_FAILED;
        }
    }

    /** Sensor IP -> "tmt-... (n), ..." : the ENI targets on the Sensor's instance and the NLB targets it is registered behind. */
    private java.util.Map<String, String> mirrorTargets() {
        var policy = policyOptions.policy(environment);
        dev.mirrorpilot.policy.model.Inventory account;
        try (var ec2 = aws.ec2(environment)) {
            account = aws.readAccount(ec2, policy.targets(), environment, spec.commandLine().getErr());
        }
        var instanceByIp = new java.util.HashMap<String, String>();
        var instanceByEni = new java.util.HashMap<String, String>();
        account.allInterfaces().forEach(e -> e.attachment().ifPresent(a -> {
            instanceByEni.put(e.id(), a.instanceId());
            if (!e.privateIpAddress().isEmpty()) {
                instanceByIp.put(e.privateIpAddress(), a.instanceId());
            }
        }));
        var sessions = account.sessions().stream().collect(java.util.stream.Collectors.groupingBy(
                dev.mirrorpilot.policy.model.MirrorSession::targetId, java.util.stream.Collectors.counting()));
        var byInstance = new java.util.TreeMap<String, java.util.List<String>>();
        for (var target : account.targets()) {
            var line = target.id() + " (" + sessions.getOrDefault(target.id(), 0L) + ")";
            target.networkInterfaceId().map(instanceByEni::get).ifPresent(i -> byInstance.computeIfAbsent(i, k -> new java.util.ArrayList<>()).add(line));
            account.loadBalancers().stream().filter(lb -> lb.arn().equals(target.resourceId()))
                    .flatMap(lb -> lb.registered().stream()).map(r -> r.id()).distinct()
                    .forEach(i -> byInstance.computeIfAbsent(i, k -> new java.util.ArrayList<>()).add(line));
        }
        var out = new java.util.HashMap<String, String>();
        instanceByIp.forEach((ip, instance) -> out.put(ip, String.join(", ", byInstance.getOrDefault(instance, List.of("none")))));
        return out;
    }

    private String readSecret(String secretId) {
        try (var secrets = aws.build(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()),
                aws.region(environment), aws.credentials())) {
            return secrets.getSecretValue(b -> b.secretId(secretId)).secretString();
        } catch (software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException e) {
            throw new IllegalStateException("cannot read the secret " + secretId + " (" + e.awsErrorDetails().errorCode()
                    + "); check its ARN and secretsmanager:GetSecretValue");
        }
    }

    private static String percent(java.util.OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.0f %% used", value.getAsDouble()) : "not reported";
    }

    private static String secret(Path file, String option) {
        try {
            var text = Files.readString(file).trim();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " is empty");
            }
            return text;
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
