package dev.mirrorpilot.lambda.snapstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.ec2.Backoff;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.events.EventReader;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.lambda.Results;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.InstanceState;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Warms, before a SnapStart snapshot, the code every first event runs: the event reader (Jackson),
 * a launch and a clean-up through the real EC2 reads (a target in another VPC, so the reads of what
 * stands behind it and of the connectivity too), planner and results, and a
 * CreateTrafficMirrorSession marshalled and signed. EC2 is answered in process by
 * {@link CannedEc2Answers}: no request leaves the JVM, no credentials are resolved, and the
 * runtime that will serve events is not touched (its caches stay empty).
 */
public final class SnapshotPriming {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What priming did: the EC2 actions answered in process, and how long it took. */
    public record Primed(List<String> actions, long millis) {
    }

    private SnapshotPriming() {
    }

    public static Primed run(MirrorPolicy policy, String account, String region, Set<InstanceState> states) {
        long start = System.nanoTime();
        var answers = new CannedEc2Answers(account, region);
        try (var ec2 = Ec2Clients.configured().httpClient(answers).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming"))).build()) {
            var state = states.stream().sorted().findFirst().orElse(InstanceState.RUNNING);
            new EventReader(account, region, states).read(event(account, region, state));
            // The canned target selected, whatever the stack selects: this runtime only primes, and is thrown away.
            var priming = policy.toBuilder().targets(new Selection.ByIds(Set.of(CannedEc2Answers.TARGET_ID))).build();
            var runtime = new FunctionRuntime(priming, ec2, account, region, new Backoff(List.of(), d -> { }));
            var launch = runtime.mirroring().mirror(CannedEc2Answers.INSTANCE_ID, "snapstart-priming");
            JSON.writeValueAsBytes(Results.of(CannedEc2Answers.INSTANCE_ID, launch, policy));
            var cleanUp = runtime.mirroring().cleanUp(CannedEc2Answers.INSTANCE_ID, "snapstart-priming");
            JSON.writeValueAsBytes(Results.of(CannedEc2Answers.INSTANCE_ID, cleanUp, policy));
            ec2.createTrafficMirrorSession(b -> b.networkInterfaceId("eni-00000000000000001")
                    .trafficMirrorTargetId("tmt-00000000000000001").trafficMirrorFilterId("tmf-00000000000000001")
                    .sessionNumber(1).clientToken("snapstart-priming").description("priming")
                    .tagSpecifications(t -> t.resourceType("traffic-mirror-session").tags(tag -> tag.key("priming").value("1"))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Primed(answers.actions(), (System.nanoTime() - start) / 1_000_000);
    }

    private static String event(String account, String region, InstanceState state) {
        return "{\"version\":\"0\",\"id\":\"00000000-0000-0000-0000-000000000000\","
                + "\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"" + account
                + "\",\"time\":\"2026-01-01T00:00:00Z\",\"region\":\"" + region + "\",\"resources\":[],\"detail\":{"
                + "\"instance-id\":\"" + CannedEc2Answers.INSTANCE_ID + "\",\"state\":\"" + state.awsName() + "\"}}";
    }
}
