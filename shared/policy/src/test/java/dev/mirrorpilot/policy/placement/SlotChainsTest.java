package dev.mirrorpilot.policy.placement;

import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.VPC_C;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import org.junit.jupiter.api.Test;

/**
 * A source that only a full target reaches is covered when one of our sources on that target can go
 * elsewhere: coverage is what the source limits allow, not what the order of placement left.
 * Topology: Sensor A in VPC A and Sensor B in VPC B, each an r5n.xlarge ENI target (10 sources);
 * VPC A is peered with B and with C, C is not peered with B (peering is not transitive).
 */
class SlotChainsTest {
    private static final MirrorPolicy FILL_TO_THE_LIMIT = MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(100).build();

    private static TestAccount twoSensorsAndTenSourcesInA() {
        var account = account().sensor("tmt-a", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "active").peering(VPC_A, VPC_C, "active");
        for (int i = 0; i < 10; i++) {
            account.running("i-a" + i, VPC_A, AZ_1);
        }
        return account.workload("i-c0", "m5.large", InstanceState.RUNNING, VPC_C, AZ_1, Tags.NONE);
    }

    @Test
    void aSourceOnlyAFullTargetReachesIsCoveredByPlacingANewSourceOfThatTargetElsewhere() {
        var plan = twoSensorsAndTenSourcesInA().plan(FILL_TO_THE_LIMIT);

        assertThat(plan.creates()).hasSize(11);
        assertThat(plan.creates()).filteredOn(c -> c.source().eniId().equals(eniOf("i-c0")))
                .singleElement().satisfies(c -> assertThat(c.targetId()).isEqualTo("tmt-a"));
        assertThat(plan.creates()).filteredOn(c -> c.targetId().equals("tmt-b")).hasSize(1);
        assertThat(plan.retargets()).isEmpty();
        assertThat(plan.actions()).noneMatch(a -> a.reason().code() == ReasonCode.TARGETS_FULL);
    }

    @Test
    void whenTheFullTargetHoldsOnlyExistingSessionsOneOfOursMovesAndNothingIsDeleted() {
        var account = twoSensorsAndTenSourcesInA();
        for (int i = 0; i < 10; i++) {
            account.managedSession("tms-a" + i, eniOf("i-a" + i), "tmt-a", 1, "i-a" + i);
        }

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).singleElement().satisfies(r -> {
            assertThat(r.targetId()).isEqualTo("tmt-b");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.MOVED_FOR_COVERAGE);
            assertThat(r.reason().detail()).contains("tmt-a -> tmt-b").contains(eniOf("i-c0"));
            assertThat(r.sessionNumber()).isEqualTo(r.session().sessionNumber());
            assertThat(r.filterId()).isEqualTo(r.session().filterId());
        });
        assertThat(plan.creates()).singleElement().satisfies(c -> {
            assertThat(c.source().eniId()).isEqualTo(eniOf("i-c0"));
            assertThat(c.targetId()).isEqualTo("tmt-a");
        });
        var after = PlanProjection.apply(account.build(), plan);
        assertThat(Planner.plan(after, FILL_TO_THE_LIMIT, Scope.everything()).changes()).isEmpty();
    }

    /** i-c0's session into a target since deleted; tmt-a holds ten of our sources, each of which tmt-b could take. */
    private static TestAccount strandedInCWhileTmtAHoldsTenOfOurs() {
        var account = twoSensorsAndTenSourcesInA().managedSession("tms-c0", eniOf("i-c0"), "tmt-gone", 1, "i-c0");
        for (int i = 0; i < 10; i++) {
            account.managedSession("tms-a" + i, eniOf("i-a" + i), "tmt-a", 1, "i-a" + i);
        }
        return account;
    }

    @Test
    void aSessionWhoseTargetIsGoneGetsTheSlotAChainFreesInsteadOfStayingStranded() {
        // VPC C's instance was mirrored into a target since deleted; the only target it reaches is full of sources
        // that Sensor B can take as well.
        var account = strandedInCWhileTmtAHoldsTenOfOurs();

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).filteredOn(r -> r.session().id().equals("tms-c0")).singleElement().satisfies(r -> {
            assertThat(r.targetId()).isEqualTo("tmt-a");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.TARGET_MISSING);
        });
        assertThat(plan.retargets()).filteredOn(r -> !r.session().id().equals("tms-c0")).singleElement()
                .satisfies(r -> assertThat(r.targetId()).isEqualTo("tmt-b"));
        assertThat(plan.actions()).noneMatch(a -> a.reason().code() == ReasonCode.STRANDED);
        var after = PlanProjection.apply(account.build(), plan);
        assertThat(Planner.plan(after, FILL_TO_THE_LIMIT, Scope.everything()).changes()).isEmpty();
    }

    @Test
    void aStrandedSessionThatMustAlsoStepBehindAnotherTeamsGetsTheFreedSlotInTheSameRun() {
        // As above, and another team mirrors i-c0 at number 3 into its own target: ours (1) must step behind it.
        var account = strandedInCWhileTmtAHoldsTenOfOurs().otherTeamMirrors(eniOf("i-c0"), VPC_C, 3);

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).filteredOn(r -> r.session().id().equals("tms-c0")).singleElement().satisfies(r -> {
            assertThat(r.targetId()).isEqualTo("tmt-a");
            assertThat(r.sessionNumber()).isGreaterThan(3);
        });
        var after = PlanProjection.apply(account.build(), plan);
        assertThat(Planner.plan(after, FILL_TO_THE_LIMIT, Scope.everything()).changes()).isEmpty();
    }

    @Test
    void anotherTeamsSessionsAreNeverMovedToMakeRoom() {
        var account = account().sensor("tmt-a", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-b", VPC_B, AZ_1, "r5n.xlarge")
                .peering(VPC_A, VPC_B, "active").peering(VPC_A, VPC_C, "active").foreignLoad("tmt-a", 10)
                .workload("i-c0", "m5.large", InstanceState.RUNNING, VPC_C, AZ_1, Tags.NONE);

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.actions()).filteredOn(a -> a instanceof Action.Skip && a.source().eniId().equals(eniOf("i-c0")))
                .singleElement().satisfies(s -> assertThat(s.reason().code()).isEqualTo(ReasonCode.TARGETS_FULL));
    }

    @Test
    void aSourceThatAlsoHasAnotherTeamsSessionOnTheFullTargetIsNotMovedForNothing() {
        // Each VPC A source reaches Sensor A through another team's session too: moving ours frees no slot there.
        var account = twoSensorsAndTenSourcesInA();
        for (int i = 0; i < 10; i++) {
            account.managedSession("tms-a" + i, eniOf("i-a" + i), "tmt-a", 1, "i-a" + i)
                    .foreignSession("tms-http-a" + i, eniOf("i-a" + i), "tmt-a", 2, TestAccount.HTTP_FILTER);
        }

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.retargets()).noneMatch(Action.Retarget::changesTarget); // ours renumber behind theirs, but stay
        assertThat(plan.creates()).isEmpty();
        assertThat(plan.actions()).filteredOn(a -> a instanceof Action.Skip && a.source().eniId().equals(eniOf("i-c0")))
                .singleElement().satisfies(s -> assertThat(s.reason().code()).isEqualTo(ReasonCode.TARGETS_FULL));
    }

    @Test
    void aMoveGoesOnlyToATargetThatCanReceiveFromTheMovedSource() {
        // Sensor B is stopped: it cannot receive, so nothing moves there and the VPC C source stays uncovered, reported.
        var account = twoSensorsAndTenSourcesInA().state("i-sensor-tmt-b", InstanceState.STOPPED);
        for (int i = 0; i < 10; i++) {
            account.managedSession("tms-a" + i, eniOf("i-a" + i), "tmt-a", 1, "i-a" + i);
        }

        var plan = account.plan(FILL_TO_THE_LIMIT);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.actions()).filteredOn(a -> a instanceof Action.Skip && a.source().eniId().equals(eniOf("i-c0")))
                .singleElement().satisfies(s -> assertThat(s.reason().code()).isEqualTo(ReasonCode.TARGETS_FULL));
    }
}
