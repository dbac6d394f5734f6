package dev.mirrorpilot.policy.plan;

import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import org.junit.jupiter.api.Test;

/** Rule of trust 3: a session is deleted only on what a read showed, never on what it did not read. */
class NothingAliveIsDeletedTest {
    private static final MirrorPolicy ALL = MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build();

    @Test
    void aLaunchDoesNotJudgeASessionOfItsOwnWhoseEniItHasNotRead() {
        // An ENI first attached to i-web, its session tagged so, now moved to another instance this read does not hold.
        var plan = account().sensor("tmt-s1").running("i-web")
                .managedSession("tms-moved", "eni-moved-elsewhere", "tmt-s1", 1, "i-web")
                .plan(ALL, new Scope.Instance("i-web"));

        assertThat(plan.deletes()).isEmpty();
    }

    @Test
    void theWholeAccountReadStillDeletesTheSessionOfAnEniThatIsGone() {
        var plan = account().sensor("tmt-s1").running("i-web")
                .managedSession("tms-gone", "eni-deleted", "tmt-s1", 1, "i-web")
                .plan(ALL, Scope.everything());

        assertThat(plan.deletes()).singleElement().satisfies(d -> assertThat(d.reason().code()).isEqualTo(ReasonCode.SOURCE_GONE));
    }

    @Test
    void aLaunchStillDeletesTheSessionOfItsEniThatItReadDetached() {
        var plan = account().sensor("tmt-s1").running("i-web").detachedEni("eni-left", "vpc-a")
                .managedSession("tms-left", "eni-left", "tmt-s1", 1, "i-web")
                .plan(ALL, new Scope.Instance("i-web"));

        assertThat(plan.deletes()).singleElement().satisfies(d -> assertThat(d.session().id()).isEqualTo("tms-left"));
    }

    @Test
    void anInstanceWhoseTypeCannotBeDecidedKeepsItsSessionAndIsReported() {
        var plan = account().sensor("tmt-s1")
                .workload("i-new", "zz9.huge", InstanceState.RUNNING, "vpc-a", "eu-west-1a", Tags.NONE)
                .managedSession("tms-ours", eniOf("i-new"), "tmt-s1", 1, "i-new")
                .plan(MirrorPolicy.defaults(), Scope.everything());

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a.reason().code()).isEqualTo(ReasonCode.UNKNOWN_INSTANCE_TYPE));
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a.reason().code()).isEqualTo(ReasonCode.KEPT_UNDECIDED));
    }

    @Test
    void aSessionOnAnUnattachedInterfaceOfAnotherAccountIsNeverDeleted() {
        var plan = account().sensor("tmt-s1").running("i-web").detachedEniOwnedBy("eni-theirs", "vpc-a", "444455556666")
                .managedSession("tms-theirs", "eni-theirs", "tmt-s1", 1, "i-web")
                .plan(ALL, Scope.everything());

        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.actions()).anySatisfy(a -> assertThat(a.reason().toString()).contains("444455556666"));
    }

    @Test
    void aReadUnderAMistypedAccountDeletesNoneOfTheSessionsItSees() {
        // Every session belongs to the real account; the read was told it is 111122223333: a gone ENI, a duplicate, any reason.
        var plan = account().sensor("tmt-s1").running("i-web")
                .managedSessionOwnedBy("tms-gone", "eni-deleted", "tmt-s1", "i-web", "444455556666")
                .managedSessionOwnedBy("tms-1", eniOf("i-web"), "tmt-s1", "i-web", "444455556666")
                .managedSessionOwnedBy("tms-2", eniOf("i-web"), "tmt-s1", "i-web", "444455556666")
                .plan(ALL, Scope.everything());

        assertThat(plan.deletes()).isEmpty();
    }
}
