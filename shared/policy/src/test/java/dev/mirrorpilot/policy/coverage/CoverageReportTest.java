package dev.mirrorpilot.policy.coverage;

import static dev.mirrorpilot.policy.TestAccount.ACCEPT_ALL_FILTER;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoverageReportTest {

    @Test
    void reportCountsEachSourceOnceByOutcomeAndVpc() {
        var account = account().sensor("tmt-s1").foreignLoad("tmt-s1", 8)
                .running("i-mirrored").managedSession("tms-1", eniOf("i-mirrored"), "tmt-s1", 1, "i-mirrored")
                .running("i-new")
                .running("i-full")
                .workload("i-t2", "t2.micro", InstanceState.RUNNING, VPC_A, AZ_1, Tags.NONE)
                .running("i-shadowed").foreignSession("tms-f", eniOf("i-shadowed"), "tmt-x", 1, ACCEPT_ALL_FILTER)
                .running("i-far", VPC_B, AZ_1);
        var inventory = account.build();
        var policy = MirrorPolicy.defaults();

        var report = CoverageReport.of(inventory, policy, Planner.plan(inventory, policy, Scope.everything()));

        var vpcA = report.vpcs().stream().filter(v -> v.vpcId().equals(VPC_A)).findFirst().orElseThrow();
        assertThat(vpcA.mirrored()).isEqualTo(1);
        assertThat(vpcA.toCreate()).isEqualTo(1);
        assertThat(vpcA.uncovered()).isEqualTo(2);
        assertThat(vpcA.eligible()).isEqualTo(4);
        assertThat(vpcA.notEligible()).isEqualTo(2); // the T2 and the Sensor itself
        assertThat(vpcA.skippedByReason()).containsEntry(ReasonCode.TARGETS_FULL, 1)
                .containsEntry(ReasonCode.SHADOWED, 1).containsEntry(ReasonCode.UNSUPPORTED_INSTANCE_TYPE, 1)
                .containsEntry(ReasonCode.IS_SENSOR, 1);
        assertThat(report.total().uncovered()).isEqualTo(3);
        assertThat(report.problems()).isEqualTo(Map.of(ReasonCode.TARGETS_FULL, 1, ReasonCode.SHADOWED, 1,
                ReasonCode.NO_REACHABLE_TARGET, 1));
        assertThat(report.targets()).singleElement().satisfies(t -> {
            assertThat(t.loadBefore()).isEqualTo(9);
            assertThat(t.loadAfter()).isEqualTo(10);
            assertThat(t.limit().hardLimit()).isEqualTo(10);
            assertThat(t.atLimitAfter()).isTrue();
        });
        assertThat(report.creates()).isEqualTo(1);
    }
}
