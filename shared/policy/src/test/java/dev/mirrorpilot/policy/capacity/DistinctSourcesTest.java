package dev.mirrorpilot.policy.capacity;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.TestAccount.HTTP_FILTER;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import org.junit.jupiter.api.Test;

/** AWS limits distinct source ENIs per target, not sessions. */
class DistinctSourcesTest {

    @Test
    void twoSessionsOfOneSourceOnATargetCountOnce() {
        // 9 sources, 10 sessions: one source has two sessions on the Sensor. There is room for a 10th source.
        var account = account().sensor("tmt-s1").foreignLoad("tmt-s1", 9)
                .foreignSession("tms-second", "eni-elsewhere-tmt-s1-0", "tmt-s1", 2, HTTP_FILTER)
                .running("i-web");

        var plan = account.plan(MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(100).build());

        assertThat(create(plan, eniOf("i-web")).targetId()).isEqualTo("tmt-s1");
        var report = CoverageReport.of(account.build(), MirrorPolicy.defaults(), plan);
        assertThat(report.targets()).singleElement().satisfies(t -> {
            assertThat(t.loadBefore()).isEqualTo(9);
            assertThat(t.loadAfter()).isEqualTo(10);
        });
    }

    @Test
    void aFollowerHearsOfADistinctSourceOnlyWhenItsFirstSessionArrivesAndItsLastLeaves() {
        var heard = new java.util.ArrayList<String>();
        var loads = new TargetLoads(java.util.List.of());
        loads.follow(new TargetLoads.Follower() {
            @Override
            public void sourceAdded(String targetId, String eniId) {
                heard.add("+" + targetId + "/" + eniId);
            }

            @Override
            public void sourceRemoved(String targetId, String eniId) {
                heard.add("-" + targetId + "/" + eniId);
            }
        });

        loads.add("tmt-a", "eni-1");
        loads.add("tmt-a", "eni-1");
        loads.remove("tmt-a", "eni-1");
        loads.move("tmt-a", "tmt-b", "eni-1");
        loads.remove("tmt-a", "eni-unknown");

        assertThat(heard).containsExactly("+tmt-a/eni-1", "-tmt-a/eni-1", "+tmt-b/eni-1");
        assertThat(loads.of("tmt-a")).isZero();
        assertThat(loads.of("tmt-b")).isEqualTo(1);
    }
}
