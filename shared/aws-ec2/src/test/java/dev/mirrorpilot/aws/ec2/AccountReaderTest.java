package dev.mirrorpilot.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import org.junit.jupiter.api.Test;

/** The whole sample account read back through the EC2 API gives the plan the inventory file gives. */
class AccountReaderTest {

    @Test
    void accountReadThroughTheApiPlansExactlyLikeItsInventoryFile() {
        try (var account = new SimulatedAccount()) {
            var policy = MirrorPolicy.defaults();

            var read = new AccountReader(account.client(), policy.targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            assertThat(read.accountId()).isEqualTo(SimulatedAccount.ACCOUNT);
            assertThat(read.workloads()).hasSameSizeAs(SimulatedAccount.SAMPLE.workloads());
            assertThat(read.sessions()).hasSameSizeAs(SimulatedAccount.SAMPLE.sessions());
            assertThat(Planner.plan(read, policy, Scope.everything()))
                    .isEqualTo(Planner.plan(SimulatedAccount.SAMPLE, policy, Scope.everything()));
        }
    }

    @Test
    void everyTargetsVpcIsReadIncludingLoadBalancersAndGatewayLoadBalancerEndpoints() {
        try (var account = new SimulatedAccount()) {
            var read = new AccountReader(account.client(), MirrorPolicy.defaults().targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            assertThat(read.targets()).extracting(t -> t.id() + " " + t.kind() + " " + t.vpcId())
                    .containsExactlyInAnyOrderElementsOf(SimulatedAccount.SAMPLE.targets().stream()
                            .map(t -> t.id() + " " + t.kind() + " " + t.vpcId()).toList())
                    .anySatisfy(t -> assertThat(t).contains("GATEWAY_LOAD_BALANCER_ENDPOINT vpc-0a2b3c4d5e6f70003"));
        }
    }

    @Test
    void readingUsesOnlyFilteredOrPaginatedDescribeCalls() {
        try (var account = new SimulatedAccount()) {
            account.simulator.throttling().configure(true, 1);
            account.simulator.throttling().consume(dev.mirrorpilot.simulator.faults.Throttling.Bucket.UNFILTERED, 50);

            var read = new AccountReader(account.client(), MirrorPolicy.defaults().targets()).read(SimulatedAccount.ACCOUNT, "eu-west-1");

            assertThat(read.workloads()).isNotEmpty();
            assertThat(account.simulator.calls().throttled()).isEmpty();
        }
    }
}
