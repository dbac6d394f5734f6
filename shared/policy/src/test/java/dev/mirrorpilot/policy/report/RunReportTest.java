package dev.mirrorpilot.policy.report;

import static dev.mirrorpilot.policy.TestAccount.ACCEPT_ALL_FILTER;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The run report and the uncovered workloads, computed from a plan and what was made of it. */
class RunReportTest {
    private static final MirrorPolicy POLICY = MirrorPolicy.defaults();

    private static dev.mirrorpilot.policy.TestAccount sample() {
        return account().sensor("tmt-s1").foreignLoad("tmt-s1", 7)
                .running("i-mirrored").managedSession("tms-1", eniOf("i-mirrored"), "tmt-s1", 1, "i-mirrored")
                .running("i-new1").running("i-new2").running("i-full")
                .workload("i-t2", "t2.micro", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE)
                .running("i-shadowed").foreignSession("tms-f", eniOf("i-shadowed"), "tmt-x", 1, ACCEPT_ALL_FILTER)
                .running("i-far", VPC_B, AZ_1);
    }

    @Test
    void aPartlyAppliedPlanCountsWhatWasCreatedAsMirroredAndTheRestAsPending() {
        var inventory = sample().build();
        var plan = Planner.plan(inventory, POLICY, Scope.everything());
        var first = plan.creates().get(0);
        var made = new MirrorSession("tms-new", first.source().eniId(), first.targetId(), first.filterId(), 1,
                java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), "", first.tags(), inventory.accountId());
        var after = new ArrayList<>(inventory.sessions());
        after.add(made);

        var report = RunReport.of(inventory, POLICY, plan, Set.of(first.source().eniId()), after, Map.of(VPC_A, 5), false,
                false, 2, new RunChanges(6, 0, 0, 0, 0, 0));

        var vpcA = report.vpcs().stream().filter(v -> v.vpcId().equals(VPC_A)).findFirst().orElseThrow();
        assertThat(vpcA.mirrored()).isEqualTo(2);
        assertThat(vpcA.created()).isEqualTo(6); // 5 by earlier invocations, 1 now
        assertThat(vpcA.pending()).isEqualTo(plan.creates().size() - 1);
        assertThat(vpcA.mirrored() + vpcA.pending() + vpcA.uncovered()).isEqualTo(vpcA.eligible());
        assertThat(vpcA.skippedByReason()).containsEntry("shadowed", 1).containsEntry("unsupported_instance_type", 1);
        assertThat(report.targets()).singleElement().satisfies(t -> {
            assertThat(t.load()).isEqualTo(9); // 7 foreign, ours, and the one made now
            assertThat(t.limit()).isEqualTo(10);
            assertThat(t.state()).isEqualTo("above headroom");
        });
        assertThat(report.createdByVpc()).containsEntry(VPC_A, 6);
        assertThat(RunTable.render(report)).contains("Coverage by VPC").contains("shadowed").contains("to be continued");
    }

    @Test
    void uncoveredWorkloadsAreThoseAPersonMustActOnWithSomethingToDo() {
        var inventory = sample().build();
        var plan = Planner.plan(inventory, POLICY, Scope.everything());

        var uncovered = UncoveredWorkload.of(inventory, plan);

        assertThat(uncovered).extracting(UncoveredWorkload::instanceId)
                .containsExactly("i-far", "i-new2", "i-shadowed", "i-t2"); // 8 of 10 used: i-full and i-new1 take the last two
        assertThat(uncovered).allSatisfy(w -> {
            assertThat(w.title()).hasSizeLessThanOrEqualTo(256);
            assertThat(w.description()).hasSizeLessThanOrEqualTo(1024);
            assertThat(w.remediation()).hasSizeLessThanOrEqualTo(512).isNotBlank();
        });
        var t2 = uncovered.stream().filter(w -> w.instanceId().equals("i-t2")).findFirst().orElseThrow();
        assertThat(t2.mainReason()).isEqualTo(ReasonCode.UNSUPPORTED_INSTANCE_TYPE);
        assertThat(t2.isProblem()).isFalse();
        assertThat(t2.remediation()).contains("t2.micro");
        assertThat(uncovered.stream().filter(w -> w.instanceId().equals("i-new2")).findFirst().orElseThrow().remediation())
                .contains("Network Load Balancer");
        var far = uncovered.stream().filter(w -> w.instanceId().equals("i-far")).findFirst().orElseThrow();
        assertThat(far.mainReason()).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
        assertThat(far.remediation()).contains(VPC_B);
    }
}
