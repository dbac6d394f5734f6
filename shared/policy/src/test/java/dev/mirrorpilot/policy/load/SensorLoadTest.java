package dev.mirrorpilot.policy.load;

import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.nlbArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.Tags;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Sensor ratings, target capacity and the traffic estimate: the inputs of a bandwidth-aware rebalance. */
class SensorLoadTest {

    @Test
    void anEniTargetCarriesItsSensorsRatingAndAnOverrideWins() {
        var inventory = account().sensor("tmt-s1").build(); // r5n.xlarge
        var target = inventory.targets().get(0);

        assertThat(new SensorCapacity(inventory, SensorRatings.guide()).ratedGbps(target)).hasValue(2.0);
        assertThat(new SensorCapacity(inventory, SensorRatings.withOverrides(Map.of("r5n.xlarge", 3.0))).ratedGbps(target))
                .hasValue(3.0);
        assertThat(new SensorCapacity(inventory, SensorRatings.withOverrides(Map.of("tmt-s1", 1.5))).ratedGbps(target))
                .hasValue(1.5);
    }

    @Test
    void anNlbCarriesTheSumOfItsHealthyRatedSensorsAndNothingKnownIsUnknownNotZero() {
        var group = "tg-1";
        var inventory = account().nlbTarget("tmt-nlb", VPC_A)
                .workload("i-a", "r5n.large", InstanceState.RUNNING, VPC_A, "eu-west-1a", Tags.NONE)
                .workload("i-b", "r5n.2xlarge", InstanceState.RUNNING, VPC_A, "eu-west-1a", Tags.NONE)
                .workload("i-c", "m5.large", InstanceState.RUNNING, VPC_A, "eu-west-1a", Tags.NONE)
                .loadBalancer(new LoadBalancer(nlbArn("tmt-nlb"), "network", "active", VPC_A,
                        List.of(new LoadBalancer.Listener("UDP", 4789, group)),
                        List.of(new LoadBalancer.RegisteredTarget(group, "i-a", 4789, "healthy"),
                                new LoadBalancer.RegisteredTarget(group, "i-b", 4789, "unhealthy"),
                                new LoadBalancer.RegisteredTarget(group, "i-c", 4789, "healthy"))))
                .build();
        var nlb = inventory.targets().get(0);

        assertThat(new SensorCapacity(inventory, SensorRatings.guide()).ratedGbps(nlb)).hasValue(1.0);
        var unrated = account().nlbTarget("tmt-nlb", VPC_A).build(); // its Sensor is not in the inventory
        assertThat(new SensorCapacity(unrated, SensorRatings.guide()).ratedGbps(unrated.targets().get(0))).isEmpty();
    }

    @Test
    void theEstimateIsThePercentileOfThePeriodSumsInGbps() {
        // 100 five-minute sums: 1..100 units of 37.5 MB, i.e. 1..100 Mbit/s averages.
        var sums = new java.util.ArrayList<>(IntStream.rangeClosed(1, 100).mapToObj(i -> i * 37_500_000.0).toList());
        Collections.shuffle(sums, new java.util.Random(3));

        assertThat(TrafficEstimate.gbps(sums, 300, 95).getAsDouble()).isCloseTo(0.095, within(1e-9));
        assertThat(TrafficEstimate.gbps(sums, 300, 100).getAsDouble()).isCloseTo(0.1, within(1e-9));
        assertThat(TrafficEstimate.gbps(List.of(), 300, 95)).isEmpty();
    }
}
