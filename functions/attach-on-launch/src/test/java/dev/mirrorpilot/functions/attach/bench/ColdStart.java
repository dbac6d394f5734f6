package dev.mirrorpilot.functions.attach.bench;

import dev.mirrorpilot.local.LocalContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.mirrorpilot.lambda.FunctionContainer;
import dev.mirrorpilot.lambda.snapstart.SnapshotPriming;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * What a fresh JVM does in the cold-start benchmark: {@code handler EVENT_FILE} loads the
 * attach-on-launch handler by name and handles one event, as the Lambda runtime would (its default
 * constructor, the environment's settings and AWS_ENDPOINT_URL); {@code primed EVENT_FILE} does the
 * same after the SnapStart priming; both print the first event's own time. {@code bare} builds one
 * EC2 client and makes one call, the floor any Java function pays.
 */
public final class ColdStart {
    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("bare")) {
            try (var ec2 = Ec2Client.builder().httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
                    .region(Region.of(System.getenv("AWS_REGION"))).build()) {
                ec2.describeInstances(b -> b.instanceIds("i-0a2b3c4d5e6f70024"));
            }
            return;
        }
        var handler = (com.amazonaws.services.lambda.runtime.RequestStreamHandler) Class
                .forName("dev.mirrorpilot.functions.attach.AttachOnLaunchHandler").getDeclaredConstructor().newInstance();
        if (args[0].equals("primed")) {
            // What SnapStart's beforeCheckpoint hook runs; a restored snapshot starts from here, warm.
            SnapshotPriming.run(MirrorPolicy.fromSettings(System.getenv()), System.getenv(FunctionContainer.ACCOUNT_ID),
                    System.getenv("AWS_REGION"), Set.of(InstanceState.RUNNING));
        }
        long start = System.nanoTime();
        var out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))), out,
                new LocalContext("mirrorpilot-attach-on-launch", "111122223333", System.getenv("AWS_REGION")));
        long elapsed = System.nanoTime() - start;
        if (!out.toString(StandardCharsets.UTF_8).contains("\"status\":\"ok\"")) {
            throw new IllegalStateException("the handler did not mirror: " + out.toString(StandardCharsets.UTF_8));
        }
        System.out.println("first_event_ms=" + elapsed / 1_000_000.0);
    }
}
