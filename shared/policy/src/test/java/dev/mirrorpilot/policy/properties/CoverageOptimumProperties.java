package dev.mirrorpilot.policy.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Coverage against an oracle written here from AWS's rules alone: on small random accounts (up to
 * four VPCs with random active peerings, which are not transitive; up to three Sensors with 10-source
 * ENI targets part-filled by other teams; up to 30 sources, some already mirrored by us), the plan
 * covers exactly as many ENIs as a maximum flow from sources to the targets their VPC reaches, with
 * each target's free source slots as capacities. Never less, whatever the order of placement.
 */
class CoverageOptimumProperties {
    private static final MirrorPolicy FILL_TO_THE_LIMIT = MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(100).build();

    @Property(tries = 300)
    void theWholeAccountPlanCoversAsManyEnisAsTheMaximumFlowAllows(@ForAll long seed) {
        var c = ContestedAccount.small(seed);
        var inventory = c.account().build();

        var plan = Planner.plan(inventory, FILL_TO_THE_LIMIT, Scope.everything());
        var after = PlanProjection.apply(inventory, plan);

        var sources = c.sourceVpc().keySet();
        long covered = after.sessions().stream().filter(MirrorSession::isManaged).map(MirrorSession::sourceEniId)
                .filter(sources::contains).distinct().count();
        assertThat(covered).as(c.text() + "\nplan:\n" + plan.actions().stream().map(Object::toString)
                .collect(Collectors.joining("\n"))).isEqualTo(c.optimum());
        assertThat(plan.deletes()).as(c.text()).isEmpty();
        assertThat(Planner.plan(after, FILL_TO_THE_LIMIT, Scope.everything()).changes()).as(c.text()).isEmpty();
    }

    @Property(tries = 200)
    void whateverTheHeadroomCoverageIsTheOptimumAndNothingMovesWhereGreedyPlacementReachesIt(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 100) int headroom) {
        var c = ContestedAccount.small(seed);
        var inventory = c.account().build();
        var policy = MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(headroom).build();

        var plan = Planner.plan(inventory, policy, Scope.everything());
        var greedy = Planner.planGreedily(inventory, policy, Scope.everything());

        assertThat(covered(c, PlanProjection.apply(inventory, plan))).as(c.text()).isEqualTo(c.optimum());
        if (covered(c, PlanProjection.apply(inventory, greedy)) == c.optimum()) {
            assertThat(plan).as(c.text()).isEqualTo(greedy);
        }
    }

    private static long covered(ContestedAccount c, dev.mirrorpilot.policy.model.Inventory after) {
        return after.sessions().stream().filter(MirrorSession::isManaged).map(MirrorSession::sourceEniId)
                .filter(c.sourceVpc().keySet()::contains).distinct().count();
    }
}
