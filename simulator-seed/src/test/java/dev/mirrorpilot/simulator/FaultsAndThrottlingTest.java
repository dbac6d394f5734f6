package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.simulator.faults.Faults;
import dev.mirrorpilot.simulator.faults.Throttling;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Throttling buckets, injected faults and eventual consistency, seen through the SDK and its retries. */
class FaultsAndThrottlingTest {
    static Simulator simulator;
    static Ec2Client retrying;
    static Ec2Client once;

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(Ec2ConformanceTest.SAMPLE);
        retrying = Clients.ec2(simulator.endpoint());
        once = Clients.ec2WithoutRetries(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        retrying.close();
        once.close();
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
        simulator.throttling().configure(false, 1);
    }

    private static String vpc() {
        return Ec2ConformanceTest.SAMPLE.vpcs().get(0).id();
    }

    @Test
    void throttledRequestIsRequestLimitExceededWith503AndTheSdkSeesThrottling() {
        simulator.faults().set("DescribeVpcs", new Faults.ActionFaults(1, 0, 503, 0));

        var error = catchThrowableOfType(Ec2Exception.class, () -> once.describeVpcs());

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(error.isThrottlingException()).isTrue();
    }

    @Test
    void sdkRetriesAThrottlingBurstAndSucceeds() {
        simulator.faults().set("DescribeVpcs", new Faults.ActionFaults(2, 0, 503, 0));

        var vpcs = retrying.describeVpcs().vpcs();

        assertThat(vpcs).hasSize(5);
        assertThat(simulator.calls().calls("DescribeVpcs")).isEqualTo(3);
        assertThat(simulator.calls().throttledCalls("DescribeVpcs")).isEqualTo(2);
    }

    @Test
    void injectedServerErrorsAreRetriedThenSurface() {
        simulator.faults().set("DescribeTrafficMirrorTargets", new Faults.ActionFaults(0, 1.0, 500, 0));

        var error = catchThrowableOfType(Ec2Exception.class, () -> retrying.describeTrafficMirrorTargets(b -> { }));

        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalError");
        assertThat(simulator.calls().calls("DescribeTrafficMirrorTargets")).isEqualTo(3); // standard mode: 3 attempts
    }

    @Test
    void emptyMutatingBucketThrottlesUntilItRefills() {
        simulator.throttling().configure(true, 1);
        simulator.throttling().consume(Throttling.Bucket.MUTATING, 50);
        int ok = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            try {
                once.createTags(b -> b.resources(vpc()).tags(Tag.builder().key("k").value("v").build()));
                ok++;
            } catch (Ec2Exception e) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        // Only what refilled at 5 per second during the loop got through.
        assertThat(ok).isLessThanOrEqualTo((int) Math.floor(5 * seconds) + 1);
        assertThat(simulator.calls().throttledCalls("CreateTags")).isEqualTo(20 - ok).isPositive();
    }

    @Test
    void unfilteredDescribeInstancesDrawsFromTheSmallerBucket() {
        simulator.throttling().configure(true, 1);
        simulator.throttling().consume(Throttling.Bucket.UNFILTERED, 50);

        var unfiltered = catchThrowableOfType(Ec2Exception.class, () -> once.describeInstances());
        var filtered = once.describeInstances(b -> b.filters(Filter.builder().name("instance-state-name").values("running").build()));

        assertThat(unfiltered.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(filtered.reservations()).isNotEmpty();
    }

    @Test
    void timeScaleRefillsFaster() throws InterruptedException {
        simulator.throttling().configure(true, 100);
        simulator.throttling().consume(Throttling.Bucket.MUTATING, 50);
        Thread.sleep(100); // 5/s x 100 x 0.1 s = 50 tokens

        for (int i = 0; i < 20; i++) {
            once.createTags(b -> b.resources(vpc()).tags(Tag.builder().key("k").value("v").build()));
        }
        assertThat(simulator.calls().throttledCalls("CreateTags")).isZero();
    }

    @Test
    void newInstanceIsInvisibleForItsFirstSecondsThenAppears() throws InterruptedException {
        simulator.faults().invisibleSeconds(1.0);
        var subnet = Ec2ConformanceTest.SAMPLE.subnets().get(0).id();
        var instance = simulator.state().launch("m5.large", subnet, dev.mirrorpilot.simulator.model.Tags.NONE, List.of(), System.nanoTime());

        var early = catchThrowableOfType(Ec2Exception.class, () -> once.describeInstances(b -> b.instanceIds(instance.id())));
        Thread.sleep(1100);
        var later = once.describeInstances(b -> b.instanceIds(instance.id()));

        assertThat(early.awsErrorDetails().errorCode()).isEqualTo("InvalidInstanceID.NotFound");
        assertThat(later.reservations().get(0).instances().get(0).instanceId()).isEqualTo(instance.id());
    }

    @Test
    void newSessionIsMissingFromDescribeDuringItsLagThenAppears() throws InterruptedException {
        simulator.faults().sessionLagSeconds(0.5);
        var sample = Ec2ConformanceTest.SAMPLE;
        var eni = sample.workloads().stream().filter(w -> w.name().equals("web-7")).findFirst().orElseThrow().interfaces().get(0).id();
        var filter = sample.filters().stream().filter(f -> f.tags().valueIs("mirrorpilot:role", "filter")).findFirst().orElseThrow().id();
        var created = once.createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorFilterId(filter)
                .trafficMirrorTargetId(sample.targets().get(1).id()).sessionNumber(1)).trafficMirrorSession().trafficMirrorSessionId();

        var early = once.describeTrafficMirrorSessions(b -> b.filters(f -> f.name("traffic-mirror-session-id").values(created)));
        Thread.sleep(600);
        var later = once.describeTrafficMirrorSessions(b -> b.filters(f -> f.name("traffic-mirror-session-id").values(created)));

        assertThat(early.trafficMirrorSessions()).isEmpty();
        assertThat(later.trafficMirrorSessions()).singleElement().satisfies(x -> assertThat(x.trafficMirrorSessionId()).isEqualTo(created));
    }

    @Test
    void latencyIsAdded() {
        simulator.faults().set("DescribeSubnets", new Faults.ActionFaults(0, 0, 503, 200));

        long start = System.nanoTime();
        once.describeSubnets();
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isGreaterThanOrEqualTo(200);
    }
}
