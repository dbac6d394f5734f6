package dev.mirrorpilot.policy.readiness;

import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.report.UnusableTarget;
import org.junit.jupiter.api.Test;

/** The Brain's verdict on a Sensor, written on its targets by brain-health, in placement. */
class SensorHealthFeedbackTest {

    /** The account with tmt-down's target tagged as brain-health tags a Sensor the Brain reports down. */
    private static dev.mirrorpilot.policy.model.Inventory down(TestAccount account) {
        return withHealth(account, "tmt-down", TargetReadiness.SENSOR_DOWN);
    }

    /** The account with one target tagged with the state brain-health writes for its Sensor. */
    private static dev.mirrorpilot.policy.model.Inventory withHealth(TestAccount account, String targetId, String state) {
        return account.targetTag(targetId, TargetReadiness.SENSOR_HEALTH_TAG, state).build();
    }

    @Test
    void aNewSessionAvoidsATargetWhoseSensorTheBrainReportsDown() {
        var account = account().sensor("tmt-down", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-ok", VPC_A, AZ_1, "r5n.large")
                .running("i-new");

        var plan = Planner.plan(down(account), MirrorPolicy.defaults(), Scope.everything());

        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.targetId()).isEqualTo("tmt-ok"));
    }

    @Test
    void sessionsAlreadyOnItStayAndTheReportSaysWhy() {
        var account = account().sensor("tmt-down", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-ok", VPC_A, AZ_1, "r5n.large")
                .running("i-old").managedSession("tms-old", eniOf("i-old"), "tmt-down", 1, "i-old");
        var inventory = down(account);

        var plan = Planner.plan(inventory, MirrorPolicy.defaults(), Scope.everything());
        var report = CoverageReport.of(inventory, MirrorPolicy.defaults(), plan);

        assertThat(plan.retargets()).isEmpty();
        assertThat(plan.deletes()).isEmpty();
        assertThat(plan.of(Action.Keep.class)).anySatisfy(k -> assertThat(k.session().id()).isEqualTo("tms-old"));
        assertThat(report.targets()).anySatisfy(t -> {
            assertThat(t.targetId()).isEqualTo("tmt-down");
            assertThat(t.state()).startsWith(ReasonCode.TARGET_SENSOR_DOWN.label());
        });
        // brain-health raises the finding for the Sensor itself; no second one for its target.
        assertThat(UnusableTarget.of(inventory, MirrorPolicy.defaults())).isEmpty();
    }

    @Test
    void withOnlyADownSensorReachableTheWorkloadIsUncoveredWithAReason() {
        var account = account().sensor("tmt-down", VPC_A, AZ_1, "r5n.xlarge").running("i-new");

        var plan = Planner.plan(down(account), MirrorPolicy.defaults(), Scope.everything());

        assertThat(plan.creates()).isEmpty();
        assertThat(plan.of(Action.Skip.class)).anySatisfy(s -> {
            assertThat(s.source().instanceId()).isEqualTo("i-new");
            assertThat(s.reason().code()).isEqualTo(ReasonCode.NO_USABLE_TARGET);
            assertThat(s.reason().detail()).contains("target_sensor_down");
        });
    }

    @Test
    void aNewSessionGoesToASensorWithThroughputToSpareBeforeOneItsBrainReportsDroppingTraffic() {
        // Given two Sensors alike in the workload's zone, the one that would win on id reported degraded
        var account = account().sensor("tmt-dropping", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-spare", VPC_A, AZ_1, "r5n.xlarge")
                .running("i-new");

        // When the launch is planned
        var plan = Planner.plan(withHealth(account, "tmt-dropping", TargetReadiness.SENSOR_DEGRADED), MirrorPolicy.defaults(),
                Scope.everything());

        // Then it goes to the Sensor with room to spare
        assertThat(plan.creates()).singleElement().satisfies(c -> assertThat(c.targetId()).isEqualTo("tmt-spare"));
    }

    @Test
    void aSensorItsBrainReportsDroppingTrafficStillTakesAWorkloadNothingElseCanMirror() {
        var account = account().sensor("tmt-dropping", VPC_A, AZ_1, "r5n.xlarge").running("i-new");

        var plan = Planner.plan(withHealth(account, "tmt-dropping", TargetReadiness.SENSOR_DEGRADED), MirrorPolicy.defaults(),
                Scope.everything());

        // A gap in its traffic is better than no session: the degraded Sensor is reported, not refused.
        assertThat(plan.creates()).singleElement().satisfies(c -> {
            assertThat(c.source().instanceId()).isEqualTo("i-new");
            assertThat(c.targetId()).isEqualTo("tmt-dropping");
        });
    }

    @Test
    void theCoverageReportSaysWhichTargetsSensorItsBrainReportsDegraded() {
        var account = account().sensor("tmt-dropping", VPC_A, AZ_1, "r5n.xlarge").sensor("tmt-spare", VPC_A, AZ_1, "r5n.xlarge")
                .running("i-old").managedSession("tms-old", eniOf("i-old"), "tmt-dropping", 1, "i-old");
        var inventory = withHealth(account, "tmt-dropping", TargetReadiness.SENSOR_DEGRADED);

        var report = CoverageReport.of(inventory, MirrorPolicy.defaults(), Planner.plan(inventory, MirrorPolicy.defaults(),
                Scope.everything()));

        assertThat(report.targets()).filteredOn(t -> t.targetId().equals("tmt-dropping")).singleElement()
                .satisfies(t -> assertThat(t.state()).startsWith("ok; Sensor degraded by its Brain"));
        assertThat(report.targets()).filteredOn(t -> t.targetId().equals("tmt-spare")).singleElement()
                .satisfies(t -> assertThat(t.state()).isEqualTo("ok"));
    }
}
