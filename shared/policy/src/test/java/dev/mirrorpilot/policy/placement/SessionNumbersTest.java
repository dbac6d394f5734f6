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

    @Test
    void foreignAcceptAllSessionWithHigherNumberDoesNotShadow() {
        var plan = web().foreignSession("tms-late", eniOf("i-web"), "tmt-x", 7, ACCEPT_ALL_FILTER).plan();

        assertThat(create(plan, eniOf("i-web")).sessionNumber()).isEqualTo(1);
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
    void ourSessionShadowedByALaterForeignSessionMovesAheadOfItInPlace() {
        var plan = web().foreignSession("tms-theirs", eniOf("i-web"), "tmt-x", 3, ACCEPT_ALL_FILTER)
                .managedSession("tms-ours", eniOf("i-web"), "tmt-s1", 5, "i-web").plan();

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
}
