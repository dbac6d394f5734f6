package dev.mirrorpilot.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every EC2 call ends within a bound, retries included, so a backfill's last steps fit its stop margin. */
class Ec2ClientsTest {

    @Test
    void everyCallIsBoundedRetriesIncludedAndTheLoadBalancingClientFollowsTheEc2One() {
        try (var ec2 = Ec2Clients.forLocalEndpoint(URI.create("http://127.0.0.1:9"), "eu-west-1");
             var elb = Ec2Clients.loadBalancingLike(ec2)) {
            assertThat(ec2.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                    .hasValue(Duration.ofSeconds(10));
            assertThat(elb.serviceClientConfiguration().overrideConfiguration().apiCallTimeout())
                    .hasValue(Duration.ofSeconds(10));
            assertThat(elb.serviceClientConfiguration().endpointOverride()).hasValue(URI.create("http://127.0.0.1:9"));
        }
    }
}
