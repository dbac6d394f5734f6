package dev.mirrorpilot.policy.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.VniPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import net.jqwik.api.Assume;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The invariants of ARCHITECTURE.md over random accounts of up to 3,000 instances with random
 * policies and scopes: what the planner promises, whatever the topology.
 */
class PlannerProperties {
    private static final int TRIES = 100;

    /** An account, a policy and a scope drawn together, since a scope names things in the account. */
    record Case(Inventory inventory, MirrorPolicy policy, Scope scope) {
        SessionPlan plan() {
            return Planner.plan(inventory, policy, scope);
        }

        @Override
        public String toString() {
            return inventory.workloads().size() + " instances, " + inventory.vpcs().size() + " VPCs, "
                    + inventory.targets().size() + " targets, " + inventory.sessions().size() + " sessions; "
                    + policy.toSettings() + "; " + scope;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return accounts().flatMap(inventory -> Combinators.combine(policies(), scopes(inventory))
                .as((policy, scope) -> new Case(inventory, policy, scope)));
    }

    @Provide
    Arbitrary<Case> wholeAccountCases() {
        return Combinators.combine(accounts(), policies()).as((inventory, policy) -> new Case(inventory, policy, Scope.everything()));
    }

    private Arbitrary<Inventory> accounts() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 3000),
                Arbitraries.integers().between(1, 30),
                Arbitraries.longs(),
                Arbitraries.doubles().between(0, 0.8),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 0.6))
                .as((instances, vpcs, seed, mirrored, nlbs, judged) -> SensorHealthTags.onShare(SyntheticAccount.generate(
                        SyntheticSpec.of(instances, vpcs).withAlreadyMirroredShare(mirrored).withNlbShare(nlbs), seed),
                        judged, new Random(seed ^ 0x5e15)));
    }

    private Arbitrary<MirrorPolicy> policies() {
        return Combinators.combine(
                Arbitraries.of(MirrorPolicy.Interfaces.class),
                Arbitraries.of(MirrorPolicy.OnStop.class),
                Arbitraries.integers().between(1, 100),
                Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 12),
                Arbitraries.of(new VniPolicy.AwsChosen(), new VniPolicy.PerVpc(), new VniPolicy.Fixed(7)),
                Arbitraries.of(OptionalInt.empty(), OptionalInt.of(128)),
                Arbitraries.of(MirrorPolicy.NumberPolicy.class))
                .as((interfaces, onStop, headroom, sameAz, number, vni, length, numbers) -> MirrorPolicy.defaults().toBuilder()
                        .interfaces(interfaces).onStop(onStop).capacityHeadroomPercent(headroom).preferSameAz(sameAz)
                        .preferredSessionNumber(number).vni(vni).packetLength(length).sessionNumbers(numbers).build());
    }

    private Arbitrary<Scope> scopes(Inventory inventory) {
        var choices = new ArrayList<Arbitrary<Scope>>();
        choices.add(Arbitraries.just(Scope.everything()));
        choices.add(Arbitraries.just(new Scope.NearLimitTargets()));
        if (!inventory.workloads().isEmpty()) {
            choices.add(Arbitraries.of(inventory.workloads()).map(w -> new Scope.Instance(w.instanceId())));
        }
        choices.add(Arbitraries.of(inventory.vpcs()).list().ofMinSize(1).ofMaxSize(3)
                .map(vpcs -> new Scope.Vpcs(vpcs.stream().map(v -> v.id()).collect(Collectors.toSet()))));
        return Arbitraries.oneOf(choices);
    }

    @Property(tries = TRIES)
    void noTargetEndsAboveItsSourceLimitAndNoEniAboveThreeSessions(@ForAll("cases") Case c) {
        var after = PlanProjection.apply(c.inventory(), c.plan());
        // AWS's quota counts distinct source ENIs per target.
        var sources = after.sessions().stream().collect(Collectors.groupingBy(MirrorSession::targetId,
                Collectors.mapping(MirrorSession::sourceEniId, Collectors.toSet())));
        var before = c.inventory().sessions().stream().collect(Collectors.groupingBy(MirrorSession::targetId,
                Collectors.mapping(MirrorSession::sourceEniId, Collectors.toSet())));

        for (var target : c.inventory().targets()) {
            var limit = CapacityLimit.of(target, c.policy().hundredSourceTypes(), c.policy().capacityHeadroomPercent());
            int now = sources.getOrDefault(target.id(), java.util.Set.of()).size();
            int was = before.getOrDefault(target.id(), java.util.Set.of()).size();
            assertThat(now).as(target.id()).isLessThanOrEqualTo(Math.max(limit.hardLimit(), was));
        }
        after.sessions().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting()))
                .forEach((eni, count) -> assertThat(count).as(eni).isLessThanOrEqualTo(3L));
    }

    @Property(tries = TRIES)
    void everyMirroredEniEndsWithExactlyOneMirrorPilotSession(@ForAll("wholeAccountCases") Case c) {
        var plan = c.plan();
        var after = PlanProjection.apply(c.inventory(), plan);
        // ENIs of terminating instances that AWS deletes, sessions and all, are left to AWS.
        var releasedByAws = c.inventory().workloads().stream().filter(w -> w.state().isGoingAway())
                .flatMap(w -> w.interfaces().stream()).filter(e -> !e.outlivesInstance()).map(e -> e.id())
                .collect(Collectors.toSet());
        var managedPerEni = after.sessions().stream().filter(MirrorSession::isManaged)
                .filter(s -> !releasedByAws.contains(s.sourceEniId()))
                .collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting()));

        managedPerEni.forEach((eni, count) -> assertThat(count).as("managed sessions on " + eni).isEqualTo(1L));
        plan.actions().stream()
                .filter(a -> a instanceof Action.Create || a instanceof Action.Retarget
                        || (a instanceof Action.Keep && (a.reason().code() == ReasonCode.MIRRORED
                        || a.reason().code() == ReasonCode.PARTLY_MIRRORED)))
                .forEach(a -> assertThat(managedPerEni.get(a.source().eniId())).as(a.source().eniId()).isEqualTo(1L));
    }

    @Property(tries = TRIES)
    void foreignSessionsAreNeverTouched(@ForAll("cases") Case c) {
        var plan = c.plan();
        var after = PlanProjection.apply(c.inventory(), plan);

        assertThat(plan.deletes()).allMatch(d -> d.session().isManaged());
        assertThat(plan.retargets()).allMatch(r -> r.session().isManaged());
        assertThat(after.sessions().stream().filter(s -> !s.isManaged()).collect(Collectors.toSet()))
                .isEqualTo(c.inventory().sessions().stream().filter(s -> !s.isManaged()).collect(Collectors.toSet()));
    }

    @Property(tries = TRIES)
    void planningAgainAfterApplyingChangesNothing(@ForAll("cases") Case c) {
        var after = PlanProjection.apply(c.inventory(), c.plan());

        var second = Planner.plan(after, c.policy(), c.scope());

        assertThat(second.changes()).isEmpty();
    }

    @Property(tries = TRIES)
    void sameInputGivesTheSamePlanWhateverTheOrderOfTheInventory(@ForAll("cases") Case c, @ForAll long shuffleSeed) {
        var plan = c.plan();
        var inventory = c.inventory();
        var random = new Random(shuffleSeed);
        var shuffled = new Inventory(inventory.accountId(), inventory.region(), shuffle(inventory.vpcs(), random),
                shuffle(inventory.subnets(), random), shuffle(inventory.workloads(), random),
                shuffle(inventory.otherInterfaces(), random), shuffle(inventory.targets(), random),
                shuffle(inventory.filters(), random), shuffle(inventory.sessions(), random), inventory.connectivity(),
                shuffle(inventory.instanceTypes(), random), shuffle(inventory.securityGroups(), random),
                shuffle(inventory.loadBalancers(), random), shuffle(inventory.vpcEndpoints(), random));

        assertThat(Planner.plan(inventory, c.policy(), c.scope())).isEqualTo(plan);
        assertThat(Planner.plan(shuffled, c.policy(), c.scope())).isEqualTo(plan);
    }

    @Property(tries = TRIES)
    void sensorsAndTargetInterfacesAreNeverSources(@ForAll("wholeAccountCases") Case c) {
        var targetEnis = c.inventory().targets().stream().flatMap(t -> t.networkInterfaceId().stream()).collect(Collectors.toSet());
        var sensorEnis = c.inventory().workloads().stream()
                .filter(w -> w.interfaces().stream().anyMatch(e -> targetEnis.contains(e.id())))
                .flatMap(w -> w.interfaces().stream()).map(e -> e.id()).collect(Collectors.toSet());

        assertThat(c.plan().creates()).noneMatch(cr -> targetEnis.contains(cr.source().eniId())
                || sensorEnis.contains(cr.source().eniId()));
    }

    @Property(tries = TRIES)
    void everyWorkloadInterfaceGetsExactlyOneVerdictWithAReason(@ForAll("wholeAccountCases") Case c) {
        var plan = c.plan();
        Map<String, Long> verdicts = plan.actions().stream()
                // As the coverage report counts: a keep or a retarget about no ENI's coverage (a stopped instance's
                // session kept, or renumbered) goes with the ENI's skip, which is its verdict.
                .filter(a -> a instanceof Action.Create || a instanceof Action.Skip
                        || ((a instanceof Action.Keep || a instanceof Action.Retarget)
                        && a.reason().code().coverage() != ReasonCode.Coverage.NONE))
                .collect(Collectors.groupingBy(a -> a.source().eniId(), Collectors.counting()));
        var enis = c.inventory().workloads().stream().flatMap(w -> w.interfaces().stream()).map(e -> e.id()).toList();

        for (var eni : enis) {
            assertThat(verdicts.get(eni)).as("verdicts for " + eni).isEqualTo(1L);
        }
        assertThat(plan.actions()).allSatisfy(a -> assertThat(a.reason().toString()).isNotBlank());
    }

    @Property(tries = TRIES)
    void onlyEligibleRunningWorkloadsGetNewSessions(@ForAll("cases") Case c) {
        var running = c.inventory().workloads().stream()
                .filter(w -> w.state() == dev.mirrorpilot.policy.model.InstanceState.RUNNING)
                .map(Workload::instanceId).collect(Collectors.toSet());
        var planned = new HashSet<String>();

        for (var create : c.plan().creates()) {
            assertThat(running).contains(create.source().instanceId());
            assertThat(planned.add(create.source().eniId())).as("one create per ENI").isTrue();
        }
    }

    @Property(tries = TRIES)
    void underYieldNoMirrorPilotSessionEndsAheadOfAForeignOne(@ForAll("cases") Case c) {
        // A rebalance moves targets only; numbers are the reconcile's business.
        Assume.that(c.policy().sessionNumbers() == MirrorPolicy.NumberPolicy.YIELD
                && !(c.scope() instanceof Scope.NearLimitTargets));
        var after = PlanProjection.apply(c.inventory(), c.plan());
        var foreignByEni = after.sessions().stream().filter(s -> !s.isManaged())
                .collect(Collectors.groupingBy(MirrorSession::sourceEniId));
        var touched = c.plan().actions().stream().filter(Action::isChange).map(a -> a.source().eniId())
                .collect(Collectors.toSet());

        for (var ours : after.sessions().stream().filter(MirrorSession::isManaged)
                .filter(s -> touched.contains(s.sourceEniId())).toList()) {
            for (var theirs : foreignByEni.getOrDefault(ours.sourceEniId(), List.of())) {
                assertThat(ours.sessionNumber()).as(ours.id() + " vs foreign " + theirs.id() + ": " + c.plan().actions().stream()
                                .filter(a -> a.source().eniId().equals(ours.sourceEniId())).toList())
                        .isGreaterThan(theirs.sessionNumber());
            }
        }
    }

    @Property(tries = TRIES)
    void newAndMovedSessionsGoOnlyToTargetsThatCanReceive(@ForAll("cases") Case c) {
        var inventory = c.inventory();
        var readiness = new TargetReadiness(inventory);
        var targets = inventory.targetsById();
        var enis = inventory.allInterfaces().collect(Collectors.toMap(e -> e.id(), e -> e, (a, b) -> a));

        for (var action : c.plan().actions()) {
            String targetId = action instanceof Action.Create create ? create.targetId()
                    : action instanceof Action.Retarget retarget && retarget.changesTarget() ? retarget.targetId() : null;
            if (targetId != null) {
                var target = targets.get(targetId);
                assertThat(readiness.problem(target)).as(targetId).isEmpty();
                assertThat(readiness.admits(target, enis.get(action.source().eniId()))).as(targetId).isTrue();
            }
        }
    }

    private static <T> List<T> shuffle(List<T> items, Random random) {
        var copy = new ArrayList<>(items);
        Collections.shuffle(copy, random);
        return copy;
    }

}
