package dev.mirrorpilot.policy.rebalance;

import dev.mirrorpilot.policy.load.SourceTraffic;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.AZ_2;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static dev.mirrorpilot.policy.TestAccount.secondaryEniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Moving MirrorPilot sessions off crowded targets: by sources, by Gbps, with a low-water mark. */
class RebalanceTest {
    private static final MirrorPolicy POLICY = MirrorPolicy.defaults(); // headroom 80 %: 8 of 10 sources
    private static final RebalanceSettings SETTINGS = RebalanceSettings.defaults(); // 80 % of Gbps, low water 60 %

    /** An NLB target whose one healthy Sensor (in the inventory, so it is rated) is of this type. */
    private static TestAccount nlbWithSensor(TestAccount account, String targetId, String sensorType) {
        account.nlbTarget(targetId, VPC_A);
        account.workload("i-behind-" + targetId, sensorType, InstanceState.RUNNING, VPC_A, AZ_1, Tags.of("mirrorpilot:role", "sensor"))
                .primaryEniAddress("i-behind-" + targetId, "", List.of(TestAccount.VXLAN_GROUP));
        return account;
    }

    private static TestAccount busySensor(int sources) {
        var account = account().sensor("tmt-busy");
        for (int i = 0; i < sources; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), "tmt-busy", 7, "i-" + i);
        }
        return account;
    }

    private static SourceTraffic traffic(double each) {
        return SourceTraffic.unmeasured(each);
    }

    @Test
    void targetAboveHeadroomIsDrainedToItsLowWaterMarkOntoAnNlbKeepingNumberFilterAndVni() {
        var account = nlbWithSensor(busySensor(10), "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        // 10 sources, headroom 8, low water 6: four move, the fewest that get it there.
        assertThat(result.moves()).hasSize(4).allSatisfy(m -> {
            assertThat(m.targetId()).isEqualTo("tmt-nlb");
            assertThat(m.reason().code()).isEqualTo(ReasonCode.REBALANCE);
            assertThat(m.sessionNumber()).isEqualTo(m.session().sessionNumber()).isEqualTo(7);
            assertThat(m.filterId()).isEqualTo(m.session().filterId());
            assertThat(m.virtualNetworkId()).isEqualTo(m.session().virtualNetworkId());
        });
        assertThat(result.lowerBound()).isEqualTo(4);
        assertThat(result.shortfalls()).isEmpty();
        assertThat(result.plan().creates()).isEmpty();
        assertThat(result.plan().deletes()).isEmpty();
    }

    @Test
    void anInstanceWithTwoMirroredInterfacesCountsItsTrafficOnceNotTwice() {
        // Four instances, both ENIs of each mirrored on a 2 Gbps r5n.xlarge: 8 sources (at headroom), 0.25 Gbps an
        // instance, 1.0 Gbps in all (50 %). Counted per ENI it would read 2.0 Gbps (100 %) and move sessions for nothing.
        var account = account().sensor("tmt-busy");
        for (int i = 0; i < 4; i++) {
            account.running("i-" + i).secondaryEni("i-" + i, true)
                    .managedSession("tms-" + i + "a", eniOf("i-" + i), "tmt-busy", 7, "i-" + i)
                    .managedSession("tms-" + i + "b", secondaryEniOf("i-" + i), "tmt-busy", 7, "i-" + i);
        }
        nlbWithSensor(account, "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.25));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).isEmpty();
    }

    @Test
    void theLowerBoundCountsASensorCrowdedByGbpsNotOnlyBySources() {
        // Three sources of 0.7 Gbps on a 2 Gbps r5n.xlarge: 2.1 Gbps, above 80 % (1.6); to 60 % (1.2) needs two moves.
        var account = account().sensor("tmt-busy");
        for (int i = 0; i < 3; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), "tmt-busy", 7, "i-" + i);
        }
        nlbWithSensor(account, "tmt-nlb", "c5n.18xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.7));

        assertThat(result.lowerBound()).isEqualTo(2);
        assertThat(result.moves()).hasSize(2);
    }

    @Test
    void drainingCutShortByTheMaximumIsMarkedAndTheNextRunDrainsOnToTheLowWaterMarkBelowTheTrigger() {
        var account = nlbWithSensor(busySensor(10), "tmt-nlb", "r5n.2xlarge");

        var first = Rebalance.plan(account.build(), POLICY, SETTINGS.withMaxMoves(3), traffic(0.05));

        assertThat(first.moves()).hasSize(3);
        assertThat(first.stillDraining()).containsExactly("tmt-busy");
        // The next run reads the target at 7 of 10: below the trigger (8), above the low-water mark (6), tagged draining.
        var next = nlbWithSensor(busySensor(7), "tmt-nlb", "r5n.2xlarge")
                .targetTag("tmt-busy", Rebalance.DRAINING_TAG, Rebalance.DRAINING);

        var second = Rebalance.plan(next.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(second.moves()).hasSize(1);
        assertThat(second.stillDraining()).isEmpty();
        assertThat(second.drained()).containsExactly("tmt-busy");
        // Untagged, the same target below the trigger is left alone (the hysteresis the tag carries over).
        assertThat(Rebalance.plan(nlbWithSensor(busySensor(7), "tmt-nlb", "r5n.2xlarge").build(), POLICY, SETTINGS,
                traffic(0.05)).moves()).isEmpty();
    }

    @Test
    void aMarkedTargetNothingCanRelieveStaysMarked() {
        var account = busySensor(7).targetTag("tmt-busy", Rebalance.DRAINING_TAG, Rebalance.DRAINING); // no other target

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).extracting(Shortfall::targetId).containsExactly("tmt-busy");
        assertThat(result.drained()).isEmpty();
        // 7 sources below the trigger (8) but above the low-water mark (6): the bound counts the one the mark asks for.
        assertThat(result.lowerBound()).isEqualTo(1);
    }

    @Test
    void targetAtItsHeadroomIsLeftAlone() {
        var account = nlbWithSensor(busySensor(8), "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.plan().hasChanges()).isFalse();
        assertThat(result.shortfalls()).isEmpty();
    }

    @Test
    void loadBalancerTargetIsPreferredOverAnEniTargetInTheSameZone() {
        var account = nlbWithSensor(busySensor(10).sensor("tmt-near", VPC_A, AZ_1, "r5n.4xlarge"), "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).extracting(Action.Retarget::targetId).containsOnly("tmt-nlb");
    }

    @Test
    void sameZoneEniTargetIsPreferredOverAnotherZone() {
        var account = busySensor(10).sensor("tmt-far", VPC_A, AZ_2, "r5n.xlarge").sensor("tmt-near", VPC_A, AZ_1, "r5n.xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).hasSize(4).extracting(Action.Retarget::targetId).containsOnly("tmt-near");
    }

    @Test
    void noSensorIsFilledAboveItsThroughputShareAndWhatIsLeftIsAShortfallSayingWhatToAdd() {
        // The NLB's Sensor is rated 1 Gbps: at 0.3 Gbps a source, two fill it to its 60 % low-water mark, a third would not.
        var account = nlbWithSensor(busySensor(10), "tmt-nlb", "r5n.large");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.3));

        assertThat(result.moves()).hasSize(2);
        assertThat(result.plan().of(Action.Keep.class)).isNotEmpty()
                .allSatisfy(k -> assertThat(k.reason().code()).isEqualTo(ReasonCode.NO_BETTER_TARGET));
        assertThat(result.shortfalls()).singleElement().satisfies(s -> {
            assertThat(s.targetId()).isEqualTo("tmt-busy");
            assertThat(s.sources()).isEqualTo(8);
            assertThat(s.advice()).contains("behind a Network Load Balancer").contains("add a Sensor");
        });
    }

    @Test
    void aSensorCrowdedByGbpsThatNothingCanRelieveIsMarkedDrainingForPlacementToAvoid() {
        // Given a Sensor (r5n.xlarge, 2 Gbps) measured at 3 Gbps, and no other target
        var account = busySensor(6);

        // When the rebalance runs on measured traffic
        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.5));

        // Then its target is to be marked, as one cut short by the maximum would be, and stays marked until relieved
        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).extracting(Shortfall::targetId).containsExactly("tmt-busy");
        assertThat(result.stillDraining()).containsExactly("tmt-busy");
        assertThat(result.drained()).isEmpty();
    }

    @Test
    void aSensorDownThatNothingCanLeaveIsNotMarkedDrainingSinceItIsNotCrowded() {
        var result = Rebalance.plan(withDown(busySensor(2), "tmt-busy"), POLICY, SETTINGS.movingOffDownSensors(true), traffic(0.05));

        assertThat(result.shortfalls()).hasSize(1);
        assertThat(result.stillDraining()).isEmpty();
    }

    @Test
    void sensorAboveItsThroughputShareShedsItsHeaviestSourceFirst() {
        var account = account().sensor("tmt-hot", VPC_A, AZ_1, "r5n.large").sensor("tmt-cool", VPC_A, AZ_1, "r5n.4xlarge");
        var gbps = new HashMap<String, Double>();
        double[] loads = {0.1, 0.6, 0.2};
        for (int i = 0; i < loads.length; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), "tmt-hot", 1, "i-" + i);
            gbps.put("i-" + i, loads[i]);
        }

        // 0.9 Gbps on a 1 Gbps Sensor is above 80 %; moving the 0.6 Gbps source brings it to 0.3, under the 60 % mark.
        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, new SourceTraffic(gbps, 0.05));

        assertThat(result.moves()).singleElement().satisfies(m -> {
            assertThat(m.source().instanceId()).isEqualTo("i-1");
            assertThat(m.targetId()).isEqualTo("tmt-cool");
        });
    }

    @Test
    void foreignSessionsNeverMoveEvenWhenTheyCrowdTheTarget() {
        var account = nlbWithSensor(busySensor(2).foreignLoad("tmt-busy", 8), "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).hasSize(2).allSatisfy(m -> assertThat(m.session().isManaged()).isTrue());
        assertThat(result.shortfalls()).singleElement().satisfies(s -> assertThat(s.sources()).isEqualTo(8));
    }

    @Test
    void unratedSensorTakesNoMovesSinceItsLoadCannotBeChecked() {
        var account = busySensor(10).nlbTarget("tmt-nlb", VPC_A); // its Sensor is not in the inventory: no rating

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).singleElement().satisfies(s -> assertThat(s.advice()).contains("no Sensor rating"));
    }

    @Test
    void ratingGivenForATargetLetsItTakeMoves() {
        var account = busySensor(10).nlbTarget("tmt-nlb", VPC_A);
        var settings = new RebalanceSettings(80, 60, 100, SensorRatings.withOverrides(Map.of("tmt-nlb", 4.0)));

        var result = Rebalance.plan(account.build(), POLICY, settings, traffic(0.05));

        assertThat(result.moves()).hasSize(4);
    }

    /** Sensor tmt-busy (r5n.xlarge, 2 Gbps) with its ten sources, also registered behind its own NLB tmt-same. */
    private static TestAccount busySensorBehindItsOwnNlb() {
        return behindItsOwnNlb(busySensor(10));
    }

    /** The account with Sensor tmt-busy also registered behind its own NLB tmt-same. */
    private static TestAccount behindItsOwnNlb(TestAccount account) {
        var arn = TestAccount.nlbArn("tmt-same");
        return account.nlbTarget("tmt-same", VPC_A).loadBalancer(new LoadBalancer(arn, "network", "active", VPC_A,
                List.of(new LoadBalancer.Listener("UDP", 4789, "tg")),
                List.of(new LoadBalancer.RegisteredTarget("tg", "i-sensor-tmt-busy", 4789, "healthy"))));
    }

    @Test
    void aTargetCrowdedBySourcesOnlyDrainsOntoTheNlbInFrontOfItsOwnSensor() {
        // A source limit belongs to the ENI target, not to the Sensor: at 0.1 Gbps in all, the Sensor has room, its
        // ENI target has not; the NLB it already stands behind takes the excess, down to the low-water mark.
        var result = Rebalance.plan(busySensorBehindItsOwnNlb().build(), POLICY, SETTINGS, traffic(0.01));

        assertThat(result.moves()).hasSize(4).allSatisfy(m -> assertThat(m.targetId()).isEqualTo("tmt-same"));
        assertThat(result.shortfalls()).isEmpty();
    }

    @Test
    void aTargetMarkedDrainingForItsSensorsGbpsHandsNothingToAnotherTargetOfTheSameSensor() {
        // Given Sensor tmt-busy (2 Gbps) at 1.4 Gbps, between its low-water mark (1.2) and the trigger (1.6): four
        // sources through its own NLB tmt-same, marked draining by an earlier run, three on its ENI target, which has room
        var account = account().sensor("tmt-busy");
        for (int i = 0; i < 7; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), i < 4 ? "tmt-same" : "tmt-busy", 7, "i-" + i);
        }
        behindItsOwnNlb(account).targetTag("tmt-same", Rebalance.DRAINING_TAG, Rebalance.DRAINING);

        // When the rebalance runs at 0.2 Gbps a source
        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.2));

        // Then no session moves between the Sensor's own targets (its throughput would not change), and the NLB stays marked
        assertThat(result.moves()).isEmpty();
        assertThat(result.stillDraining()).contains("tmt-same");
    }

    @Test
    void onceAHeavySourceHasLeftTheSensorItsTargetsRemainingExcessDrainsOntoItsOwnNlbInTheSameRun() {
        // tmt-busy: 10 sources, i-0 at 1.3 Gbps and nine at 0.05: 1.75 of 2 Gbps, above the trigger. tmt-big (an
        // r5n.2xlarge with five sources) has room for one source up to its low-water mark; it takes i-0, which leaves
        // the Sensor at 0.45 Gbps. The three sources still above tmt-busy's mark go to tmt-same in this run; judged on
        // the load the run started with, they were reported a shortfall and moved by the next run instead.
        var account = busySensorBehindItsOwnNlb().sensor("tmt-big", VPC_A, AZ_1, "r5n.2xlarge");
        for (int i = 10; i < 15; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), "tmt-big", 7, "i-" + i);
        }
        var traffic = new SourceTraffic(Map.of("i-0", 1.3), 0.05);

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic);

        assertThat(result.moves()).extracting(m -> m.source().instanceId() + "->" + m.targetId())
                .contains("i-0->tmt-big").hasSize(4);
        assertThat(result.moves()).filteredOn(m -> m.targetId().equals("tmt-same")).hasSize(3);
        assertThat(result.shortfalls()).isEmpty();
    }

    @Test
    void aSensorRelievedOfItsThroughputButNotOfItsSourcesIsAdvisedSlotsNotABiggerSensor() {
        // As above without tmt-same: i-0 leaves for tmt-big, the Sensor is at 0.45 of 2 Gbps, its ENI target still holds 9.
        var account = busySensor(10).sensor("tmt-big", VPC_A, AZ_1, "r5n.2xlarge");
        for (int i = 10; i < 15; i++) {
            account.running("i-" + i).managedSession("tms-" + i, eniOf("i-" + i), "tmt-big", 7, "i-" + i);
        }

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, new SourceTraffic(Map.of("i-0", 1.3), 0.05));

        assertThat(result.shortfalls()).singleElement().satisfies(s -> assertThat(s.advice())
                .contains("behind a Network Load Balancer").doesNotContain("Sensor of size").doesNotContain("about -"));
    }

    @Test
    void aSensorCrowdedByThroughputIsNotRelievedByItsOwnNlbAndIsNotAdvisedToGetOne() {
        // 10 x 0.2 Gbps on a 2 Gbps Sensor: moving between its two targets would change nothing of its load.
        var result = Rebalance.plan(busySensorBehindItsOwnNlb().build(), POLICY, SETTINGS, traffic(0.2));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).isNotEmpty().allSatisfy(f -> assertThat(f.advice()).doesNotContain("put Sensor")
                .contains("add a Sensor"));
    }

    @Test
    void atMostTheConfiguredMovesAreMadeAndTheRestDeferredNotReportedAsAShortfall() {
        var account = nlbWithSensor(busySensor(10), "tmt-nlb", "r5n.2xlarge");

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS.withMaxMoves(3), traffic(0.05));

        assertThat(result.moves()).hasSize(3);
        assertThat(result.deferred()).isEqualTo(1);
        assertThat(result.shortfalls()).isEmpty();
    }

    @Test
    void sessionOfAnEniThatAlsoHasAForeignSessionOnTheTargetIsNotMovedSinceItFreesNothing() {
        var account = nlbWithSensor(busySensor(9), "tmt-nlb", "r5n.2xlarge")
                .foreignSession("tms-theirs", eniOf("i-0"), "tmt-busy", 2, TestAccount.HTTP_FILTER);

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).hasSize(3).noneSatisfy(m -> assertThat(m.source().eniId()).isEqualTo(eniOf("i-0")));
    }

    @Test
    void ratingSetForAnNlbWinsOverTheRatingOfItsSensorsType() {
        // The NLB fronts the Sensor behind tmt-small (an r5n.large, 1 Gbps); the operator rates the NLB at 8 Gbps.
        var account = busySensor(10).sensor("tmt-small", VPC_A, AZ_1, "r5n.large").nlbTarget("tmt-nlb", VPC_A);
        account.loadBalancer(new LoadBalancer(TestAccount.nlbArn("tmt-nlb"), "network", "active", VPC_A,
                List.of(new LoadBalancer.Listener("UDP", 4789, "tg")),
                List.of(new LoadBalancer.RegisteredTarget("tg", "i-sensor-tmt-small", 4789, "healthy"))));
        var rated = new RebalanceSettings(80, 60, 100, SensorRatings.withOverrides(Map.of("tmt-nlb", 8.0)));

        var byType = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.3));
        var bySetting = Rebalance.plan(account.build(), POLICY, rated, traffic(0.3));

        // tmt-busy sends 3 Gbps to a 2 Gbps Sensor: six sources of 0.3 Gbps must go to bring it to 1.2 Gbps (60 %).
        // Rated by type, tmt-small's Sensor (1 Gbps, filled to 60 %) takes two of them, on it and the NLB together;
        // rated 8 Gbps by the setting, it takes all six.
        assertThat(byType.moves()).hasSize(2);
        assertThat(bySetting.moves()).hasSize(6);
    }

    @Test
    void nlbWhoseSensorRunsInTheSourcesZoneIsPreferredSinceCrossZoneBytesAreBilled() {
        var account = busySensor(10).nlbTarget("tmt-nlb-a", VPC_A).nlbTarget("tmt-nlb-b", VPC_A)
                .workload("i-behind-tmt-nlb-a", "r5n.2xlarge", InstanceState.RUNNING, VPC_A, AZ_2, Tags.of("mirrorpilot:role", "sensor"))
                .workload("i-behind-tmt-nlb-b", "r5n.2xlarge", InstanceState.RUNNING, VPC_A, AZ_1, Tags.of("mirrorpilot:role", "sensor"))
                .primaryEniAddress("i-behind-tmt-nlb-a", "", List.of(TestAccount.VXLAN_GROUP))
                .primaryEniAddress("i-behind-tmt-nlb-b", "", List.of(TestAccount.VXLAN_GROUP));

        var result = Rebalance.plan(account.build(), POLICY, SETTINGS, traffic(0.05)); // the sources run in zone 1

        assertThat(result.moves()).hasSize(4).extracting(Action.Retarget::targetId).containsOnly("tmt-nlb-b");
    }

    /** The account with a target tagged as brain-health tags one whose Sensor the Brain reports down. */
    private static dev.mirrorpilot.policy.model.Inventory withDown(TestAccount account, String targetId) {
        return withHealth(account, "down", targetId);
    }

    /** The account with targets tagged with the state brain-health writes for their Sensor. */
    private static dev.mirrorpilot.policy.model.Inventory withHealth(TestAccount account, String state, String... targetIds) {
        for (var targetId : targetIds) {
            account.targetTag(targetId, dev.mirrorpilot.policy.readiness.TargetReadiness.SENSOR_HEALTH_TAG, state);
        }
        return account.build();
    }

    @Test
    void sessionsOnASensorReportedDownStayByDefaultAndMoveWhenTheSettingSaysSo() {
        var account = busySensor(3).sensor("tmt-spare", VPC_A, AZ_1, "r5n.2xlarge");
        var inventory = withDown(account, "tmt-busy");

        var byDefault = Rebalance.plan(inventory, POLICY, SETTINGS, traffic(0.05));
        var moving = Rebalance.plan(inventory, POLICY, SETTINGS.movingOffDownSensors(true), traffic(0.05));

        assertThat(byDefault.moves()).isEmpty();
        assertThat(moving.moves()).hasSize(3).allSatisfy(m -> assertThat(m.targetId()).isEqualTo("tmt-spare"));
    }

    @Test
    void aSensorReportedDownIsNeverADestination() {
        var account = busySensor(10).sensor("tmt-spare", VPC_A, AZ_1, "r5n.2xlarge");

        var result = Rebalance.plan(withDown(account, "tmt-spare"), POLICY, SETTINGS, traffic(0.05));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).singleElement().satisfies(s -> assertThat(s.targetId()).isEqualTo("tmt-busy"));
    }

    @Test
    void whatCannotLeaveADownSensorIsAShortfallSayingSo() {
        var result = Rebalance.plan(withDown(busySensor(2), "tmt-busy"), POLICY, SETTINGS.movingOffDownSensors(true), traffic(0.05));

        assertThat(result.moves()).isEmpty();
        assertThat(result.shortfalls()).singleElement().satisfies(s -> assertThat(s.advice()).contains("reports Sensor"));
    }

    @Test
    void aSensorItsBrainReportsDroppingTrafficTakesNoOtherSensorsSources() {
        // Given a crowded target, and the nearer, roomier Sensor reported degraded by the Brain
        var account = busySensor(10).sensor("tmt-dropping", VPC_A, AZ_1, "r5n.4xlarge").sensor("tmt-far", VPC_A, AZ_2, "r5n.xlarge");

        var result = Rebalance.plan(withHealth(account, "degraded", "tmt-dropping"), POLICY, SETTINGS, traffic(0.05));

        // Then the moves go to the healthy Sensor in the other zone
        assertThat(result.moves()).hasSize(4).extracting(Action.Retarget::targetId).containsOnly("tmt-far");
    }

    @Test
    void aTargetCrowdedBySourcesStillDrainsOntoItsOwnNlbWhenItsSensorIsReportedDegraded() {
        // brain-health tags the Sensor's ENI target and the NLB in front of it; a move between them keeps the throughput
        // on the same Sensor, so the source limit is still relieved.
        var inventory = withHealth(busySensorBehindItsOwnNlb(), "degraded", "tmt-busy", "tmt-same");

        var result = Rebalance.plan(inventory, POLICY, SETTINGS, traffic(0.01));

        assertThat(result.moves()).hasSize(4).allSatisfy(m -> assertThat(m.targetId()).isEqualTo("tmt-same"));
    }
}
