package dev.mirrorpilot.policy.placement;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.PlanReading.skip;
import static dev.mirrorpilot.policy.TestAccount.ACCEPT_ALL_FILTER;
import static dev.mirrorpilot.policy.TestAccount.HTTP_FILTER;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionNumbersTest {

    private static TestAccount web() {
        return account().sensor("tmt-s1").running("i-web");
    }

    @Test
    void newSessionTakesThePreferredNumberWhenFree() {
        assertThat(create(web().plan(), eniOf("i-web")).sessionNumber()).isEqualTo(1);
    }

    @Test
    void newSessionTakesTheLowestFreeNumberAtOrAboveThePreferredOne() {
        var plan = web().foreignSession("tms-f1", eniOf("i-web"), "tmt-x", 5, HTTP_FILTER)
                .foreignSession("tms-f2", eniOf("i-web"), "tmt-x", 6, HTTP_FILTER)
                .plan(MirrorPolicy.defaults().toBuilder().preferredSessionNumber(5).build());

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(7);
    }

    @Test
    void foreignAcceptAllSessionWithLowerNumberShadowsOurs() {
        var plan = web().foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 1, ACCEPT_ALL_FILTER).plan();

        var skip = skip(plan, eniOf("i-web"));
        assertThat(skip.reason().code()).isEqualTo(ReasonCode.SHADOWED);
        assertThat(skip.reason().detail()).contains("tms-theirs");
        assertThat(plan.creates()).isEmpty();
    }

    @Test
    void foreignSessionThatTakesOnlySomeTrafficDoesNotShadow() {
        var plan = web().foreignSession("tms-http", eniOf("i-web"), "tmt-x", 1, HTTP_FILTER).plan();

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(2);
    }

    private static final MirrorPolicy PREEMPT = MirrorPolicy.fromSettings(java.util.Map.of("MIRRORPILOT_SESSION_NUMBERS", "preempt"));

    @Test
    void underPreemptAForeignAcceptAllSessionWithHigherNumberDoesNotShadow() {
        var plan = web().foreignSession("tms-late", eniOf("i-web"), "tmt-x", 7, ACCEPT_ALL_FILTER).plan(PREEMPT);

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(1);
    }

    @Test
    void byDefaultANewSessionTakesANumberAboveEveryForeignSessionSoItTakesNothingFromThem() {
        var plan = web().foreignSession("tms-late", eniOf("i-web"), "tmt-x", 7, HTTP_FILTER).plan();

        var create = create(plan, eniOf("i-web"));
        assertThat(create.sessionNumber()).isEqualTo(8);
        assertThat(create.reason().detail()).contains("partly").contains("tms-late");
    }

    @Test
    void byDefaultAForeignAcceptAllSessionWithAHigherNumberIsNotPreemptedButReported() {
        var plan = web().foreignSession("tms-late", eniOf("i-web"), "tmt-x", 7, ACCEPT_ALL_FILTER).plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().code()).isEqualTo(ReasonCode.SHADOWED);
    }

    @Test
    void byDefaultOurSessionAheadOfAForeignOneIsRenumberedBehindItInPlace() {
        var plan = web().foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 4, HTTP_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 1, "i-web").plan();

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).singleElement().satisfies(r -> {
            assertThat(r.session().id()).isEqualTo("tms-ours");
            assertThat(r.sessionNumber()).isEqualTo(5);
            assertThat(r.targetId()).isEqualTo("tmt-s1");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.RENUMBERED);
            assertThat(r.reason().detail()).contains("tms-theirs");
        });
        var second = dev.mirrorpilot.policy.plan.PlanProjection.apply(web().foreignSession("tms-theirs", eniOf("i-web"),
                "tmt-x", 4, HTTP_FILTER).managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 1, "i-web").build(), plan);
        assertThat(dev.mirrorpilot.policy.plan.Planner.plan(second, MirrorPolicy.defaults(),
                dev.mirrorpilot.policy.plan.Scope.everything()).changes()).isEmpty();
    }

    @Test
    void aSessionBehindAForeignOneIsReportedPartlyMirroredNamingIt() {
        var account = web().foreignSession("tms-http", eniOf("i-web"), "tmt-x", 1, HTTP_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 2, "i-web");
        var plan = account.plan();

        var keep = plan.actions().stream().filter(a -> a instanceof dev.mirrorpilot.policy.plan.Action.Keep)
                .filter(a -> a.source().eniId().equals(eniOf("i-web"))).findFirst().orElseThrow();
        assertThat(keep.reason().code()).isEqualTo(ReasonCode.PARTLY_MIRRORED);
        assertThat(keep.reason().detail()).contains("tms-http");
        var report = dev.mirrorpilot.policy.coverage.CoverageReport.of(account.build(), MirrorPolicy.defaults(), plan);
        assertThat(report.total().mirrored()).isEqualTo(1);
        assertThat(report.total().partlyMirrored()).isEqualTo(1);
    }

    @Test
    void byDefaultNoNumberAboveTheForeignSessionsLeavesTheSourceReported() {
        var plan = web().foreignSession("tms-top", eniOf("i-web"), "tmt-x", 32766, HTTP_FILTER).plan();

        assertThat(plan.creates()).isEmpty();
        assertThat(skip(plan, eniOf("i-web")).reason().code()).isEqualTo(ReasonCode.NO_SESSION_NUMBER);
        assertThat(skip(plan, eniOf("i-web")).reason().detail()).contains("tms-top");
    }

    @Test
    void filterThatRejectsSomethingBeforeAcceptingAllDoesNotShadow() {
        var reject22 = new FilterRule(10, FilterRule.RuleAction.REJECT, OptionalInt.of(6), "0.0.0.0/0", "0.0.0.0/0",
                null, new FilterRule.PortRange(22, 22));
        var partial = new MirrorFilter("tmf-partial", List.of(reject22, TestAccount.acceptAll()),
                List.of(TestAccount.acceptAll()), Set.of(), Tags.NONE);

        var plan = web().filter(partial).foreignSession("tms-p", eniOf("i-web"), "tmt-x", 1, "tmf-partial").plan();

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(2);
    }

    @Test
    void foreignSessionWhoseFilterIsInvisibleIsAssumedNotToShadow() {
        var plan = web().foreignSession("tms-x", eniOf("i-web"), "tmt-x", 1, "tmf-other-account").plan();

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(2);
    }

    @Test
    void sourceWithThreeForeignSessionsCannotTakeAnother() {
        var plan = web().foreignSession("tms-1", eniOf("i-web"), "tmt-x", 2, HTTP_FILTER)
                .foreignSession("tms-2", eniOf("i-web"), "tmt-x", 3, HTTP_FILTER)
                .foreignSession("tms-3", eniOf("i-web"), "tmt-x", 4, HTTP_FILTER).plan();

        assertThat(skip(plan, eniOf("i-web")).reason().code()).isEqualTo(ReasonCode.SOURCE_SESSION_LIMIT);
    }

    @Test
    void underPreemptOurSessionShadowedByALowerForeignSessionMovesAheadOfItInPlace() {
        var plan = web().foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 3, ACCEPT_ALL_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 5, "i-web").plan(PREEMPT);

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.retargets()).singleElement().satisfies(r -> {
            assertThat(r.sessionNumber()).isEqualTo(1);
            assertThat(r.targetId()).isEqualTo("tmt-s1");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.RENUMBERED);
        });
    }

    @Test
    void ourSessionShadowedWithNoNumberAheadIsDeletedAndTheSourceReported() {
        var plan = web().foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 1, ACCEPT_ALL_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 2, "i-web").plan();

        assertThat(plan.deletes()).singleElement()
                .satisfies(d -> assertThat(d.reason().code()).isEqualTo(ReasonCode.SESSION_SHADOWED));
        assertThat(skip(plan, eniOf("i-web")).reason().code()).isEqualTo(ReasonCode.SHADOWED);
    }

    @Test
    void aStrandedSessionAheadOfAForeignOneStillStepsBehindIt() {
        // Its target is gone and nothing else can take it, but it still takes the packets it matches first.
        var plan = account().running("i-web").foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 24, HTTP_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-gone", 10, "i-web").plan();

        assertThat(plan.retargets()).singleElement().satisfies(r -> {
            assertThat(r.sessionNumber()).isEqualTo(25);
            assertThat(r.targetId()).isEqualTo("tmt-gone");
            assertThat(r.reason().code()).isEqualTo(ReasonCode.STRANDED);
        });
        assertThat(dev.mirrorpilot.policy.report.UncoveredWorkload.of(account().running("i-web").build(), plan)).hasSize(1);
    }
}
