package dev.mirrorpilot.policy.placement;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.PlanReading.hasCreate;
import static dev.mirrorpilot.policy.PlanReading.skipReason;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.AZ_2;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.VPC_C;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.PlanReading;
import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void targetInAnotherVpcWithoutConnectionIsUnreachable() {
        var plan = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge").running("i-a").plan();

        assertThat(skipReason(plan, eniOf("i-a"))).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
    }

    @Test
    void activePeeringMakesTargetReachable() {
        var plan = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge").peering(VPC_A, VPC_B, "active").running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-b");
        assertThat(create(plan, eniOf("i-a")).reason().detail()).contains("peering");
    }

    @Test
    void peeringNotYetActiveOrInAnotherRegionDoesNotCarryMirrorTraffic() {
        var pending = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "pending-acceptance").running("i-a").plan();
        var crossRegion = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peeringAcrossRegions(VPC_A, VPC_B).running("i-a").plan();

        assertThat(skipReason(pending, eniOf("i-a"))).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
        assertThat(skipReason(crossRegion, eniOf("i-a"))).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
    }

    @Test
    void anUnreachableSourceIsToldWhichPeeringOrAttachmentOnItsWayWouldConnectIt() {
        var pending = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "pending-acceptance").running("i-a").plan();
        var attaching = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge").transitGateway("tgw-1", VPC_B)
                .transitGatewayAttachment("tgw-1", VPC_A, "pendingAcceptance").running("i-a").plan();
        var rejected = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "rejected").running("i-a").plan();

        assertThat(PlanReading.skip(pending, eniOf("i-a")).reason().detail())
                .contains("tmt-b once peering pcx-").contains("is pending-acceptance (accept it)");
        assertThat(PlanReading.skip(attaching, eniOf("i-a")).reason().detail())
                .contains("tmt-b once transit gateway attachment").contains("of vpc-a to tgw-1 is pendingAcceptance");
        assertThat(PlanReading.skip(rejected, eniOf("i-a")).reason().detail()).isEqualTo("from vpc-a");
    }

    @Test
    void sharedTransitGatewayMakesTargetReachableButSeparateGatewaysDoNot() {
        var shared = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .transitGateway("tgw-1", VPC_A, VPC_B).running("i-a").plan();
        var separate = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .transitGateway("tgw-1", VPC_A).transitGateway("tgw-2", VPC_B).running("i-a").plan();

        assertThat(create(shared, eniOf("i-a")).reason().detail()).contains("transit gateway");
        assertThat(skipReason(separate, eniOf("i-a"))).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
    }

    @Test
    void targetSharedFromAnotherAccountCountsWhenSelectedById() {
        var shared = new MirrorTarget("tmt-shared", TargetKind.NETWORK_INTERFACE, "eni-remote", VPC_A,
                Optional.of(AZ_1), "999988887777", Optional.empty(), Tags.NONE);
        var policy = MirrorPolicy.defaults().toBuilder().targets(new Selection.ByIds(Set.of("tmt-shared"))).build();

        var plan = account().target(shared).running("i-a").plan(policy);

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-shared");
    }

    @Test
    void sameZoneTargetIsPreferredOverLessLoadedTargetElsewhere() {
        var plan = account().sensor("tmt-z2", VPC_A, AZ_2, "r5n.xlarge").sensor("tmt-z1", VPC_A, AZ_1, "r5n.xlarge")
                .foreignLoad("tmt-z1", 5).running("i-a", VPC_A, AZ_1).plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z1");
    }

    @Test
    void aNewSourceGoesToASensorWithThroughputToSpareBeforeOneItWouldCrowdInItsOwnZone() {
        // tmt-z1's Sensor (r5n.xlarge, 2 Gbps) carries i-busy's 1.5 Gbps: i-a's 0.2 would take it past 80 % (1.6),
        // and the next rebalance would move a session off it again.
        var plan = sensorsInTwoZonesWithABusySourceOnZoneOne(1.5).running("i-a", VPC_A, AZ_1).networkGbps("i-a", 0.2).plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z2");
    }

    @Test
    void aNewSourceGoesElsewhereBeforeATargetTheRebalanceIsDrainingOnMeasuredTraffic() {
        // Given tmt-z1, in the source's zone, marked by the rebalance (its Sensor measured above its share; a launch
        // knows no traffic, so by estimate it has room)
        var account = sensorsInTwoZonesWithABusySourceOnZoneOne(0.05)
                .targetTag("tmt-z1", "mirrorpilot:rebalance", "draining").running("i-a", VPC_A, AZ_1);

        // Then a new source goes to the Sensor in the other zone
        assertThat(create(account.plan(), eniOf("i-a")).targetId()).isEqualTo("tmt-z2");
    }

    @Test
    void aTargetTheRebalanceIsDrainingStillTakesASourceNothingElseCanMirror() {
        var account = account().sensor("tmt-z1", VPC_A, AZ_1, "r5n.xlarge").targetTag("tmt-z1", "mirrorpilot:rebalance", "draining")
                .running("i-a", VPC_A, AZ_1);

        assertThat(create(account.plan(), eniOf("i-a")).targetId()).isEqualTo("tmt-z1");
    }

    @Test
    void theSourcesThisPlanPlacesCountOnTheirSensorsThroughput() {
        // At 0.9 Gbps, tmt-z1's Sensor takes i-a's 0.5 (1.4 of 2) but not i-b's as well (1.9).
        var plan = sensorsInTwoZonesWithABusySourceOnZoneOne(0.9).running("i-a", VPC_A, AZ_1).networkGbps("i-a", 0.5)
                .running("i-b", VPC_A, AZ_1).networkGbps("i-b", 0.5).plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z1");
        assertThat(create(plan, eniOf("i-b")).targetId()).isEqualTo("tmt-z2");
    }

    private static TestAccount sensorsInTwoZonesWithABusySourceOnZoneOne(double busyGbps) {
        return account().sensor("tmt-z1", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-z2", VPC_A, AZ_2, "r5n.xlarge")
                .running("i-busy", VPC_A, AZ_1).managedSession("tms-busy", eniOf("i-busy"), "tmt-z1", 1, "i-busy")
                .networkGbps("i-busy", busyGbps);
    }

    @Test
    void withoutZonePreferenceTheLeastLoadedTargetWins() {
        var policy = MirrorPolicy.defaults().toBuilder().preferSameAz(false).build();
        var plan = account().sensor("tmt-z2", VPC_A, AZ_2, "r5n.xlarge").sensor("tmt-z1", VPC_A, AZ_1, "r5n.xlarge")
                .foreignLoad("tmt-z1", 5).running("i-a", VPC_A, AZ_1).plan(policy);

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z2");
    }

    @Test
    void leastLoadedShareOfLimitWinsAndTiesGoToTheLowestId() {
        var plan = account().sensor("tmt-2").sensor("tmt-1").sensor("tmt-3")
                .foreignLoad("tmt-3", 1).running("i-a").running("i-b").running("i-c").plan();

        // Processed in instance order: i-a takes tmt-1 (tie, lowest id), i-b tmt-2, then i-c: all at 1 -> tmt-1.
        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-1");
        assertThat(create(plan, eniOf("i-b")).targetId()).isEqualTo("tmt-2");
        assertThat(create(plan, eniOf("i-c")).targetId()).isEqualTo("tmt-1");
    }

    @Test
    void targetWithHeadroomIsPreferredEvenInAnotherZone() {
        var plan = account().sensor("tmt-z1", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-z2", VPC_A, AZ_2, "r5n.xlarge")
                .foreignLoad("tmt-z1", 8).running("i-a", VPC_A, AZ_1).plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z2");
    }

    @Test
    void targetAboveHeadroomIsStillUsedBeforeLeavingASourceUnmirrored() {
        var plan = account().sensor("tmt-1").foreignLoad("tmt-1", 9).running("i-a").running("i-b").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-1");
        assertThat(skipReason(plan, eniOf("i-b"))).isEqualTo(ReasonCode.TARGETS_FULL);
    }

    @Test
    void targetAtTenOfTenSendsTheSessionToTheNextTarget() {
        var plan = account().sensor("tmt-full").foreignLoad("tmt-full", 10).sensor("tmt-next", VPC_A, AZ_2, "r5n.xlarge")
                .running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-next");
    }

    @Test
    void nlbTargetIsUnlimitedAndTakesEveryone() {
        var account = account().nlbTarget("tmt-nlb", VPC_A);
        for (int i = 0; i < 150; i++) {
            account.running("i-n" + i);
        }

        var plan = account.plan();

        assertThat(plan.creates()).hasSize(150).allMatch(c -> c.targetId().equals("tmt-nlb"));
    }

    @Test
    void sameVpcIsPreferredOverPeeredVpc() {
        var plan = account().sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge").sensor("tmt-z", VPC_A, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "active").running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-z");
    }

    @Test
    void anEniTargetInTheSourcesZoneIsPreferredOverALoadBalancerThatChargesPerGb() {
        // Both empty, both in reach: only the NLB's capacity units tell them apart (its id sorts first).
        var plan = account().nlbTarget("tmt-a-nlb", VPC_A).sensor("tmt-b-eni", VPC_A, AZ_1, "r5n.xlarge")
                .running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-b-eni");
    }

    @Test
    void aPeeredSensorIsPreferredOverOneBehindATransitGatewayThatChargesPerGb() {
        var plan = account().sensor("tmt-a-via-tgw", VPC_C, AZ_1, "r5n.xlarge").sensor("tmt-b-peered", VPC_B, AZ_1, "r5n.xlarge")
                .transitGateway("tgw-1", VPC_A, VPC_C).peering(VPC_A, VPC_B, "active").running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-b-peered");
    }

    @Test
    void aLoadBalancerStillTakesWhatTheEniTargetHasNoHeadroomFor() {
        var plan = account().nlbTarget("tmt-a-nlb", VPC_A).sensor("tmt-b-eni", VPC_A, AZ_1, "r5n.xlarge")
                .foreignLoad("tmt-b-eni", 8).running("i-a").plan();

        assertThat(create(plan, eniOf("i-a")).targetId()).isEqualTo("tmt-a-nlb");
    }

    @Test
    void unselectedTargetIsNeverUsed() {
        var unselected = new MirrorTarget("tmt-other", TargetKind.NETWORK_INTERFACE, "eni-x", VPC_A, Optional.of(AZ_1),
                "111122223333", Optional.empty(), Tags.of("team", "netops"));

        var plan = account().target(unselected).running("i-a").plan();

        assertThat(skipReason(plan, eniOf("i-a"))).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
        assertThat(plan.of(Action.Skip.class).findFirst().orElseThrow().reason().detail())
                .contains("no target is selected");
    }

    @Test
    void transitGatewayReachesSeveralVpcs() {
        var plan = account().sensor("tmt-c", VPC_C, AZ_1, "r5n.xlarge").transitGateway("tgw-1", VPC_A, VPC_B, VPC_C)
                .running("i-a").running("i-b", VPC_B, AZ_1).plan();

        assertThat(hasCreate(plan, eniOf("i-a"))).isTrue();
        assertThat(hasCreate(plan, eniOf("i-b"))).isTrue();
    }
}
