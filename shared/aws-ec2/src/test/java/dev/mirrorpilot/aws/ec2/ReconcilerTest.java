package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.faults.Faults;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backfill and drift reconcile passes over the sample account in the simulator, with the real SDK client. */
class ReconcilerTest {
    private final SimulatedAccount account = new SimulatedAccount();
    private final MirrorPolicy policy = MirrorPolicy.defaults();
    private final ThrottleWatch watch = new ThrottleWatch();
    private final MutationPacer pacer = MutationPacer.of(1_000);

    @AfterEach
    void stop() {
        account.close();
    }

    private Reconciler reconciler() {
        var ec2 = Ec2Clients.forLocalEndpoint(account.simulator.endpoint(), "eu-west-1", watch);
        watch.slowing(pacer);
        return new Reconciler(ec2, policy, PlanApplier.Pacing.bulk(pacer, 3), Reconciler.Progress.NONE);
    }

    private Reconciler.Pass apply(Reconciler reconciler, String runId) {
        return reconciler.pass(SimulatedAccount.ACCOUNT, "eu-west-1", Scope.everything(), runId, false,
                Integer.MAX_VALUE, () -> true);
    }

    private List<MirrorSession> managed() {
        return SeededSimulator.sessions(account.simulator).stream().filter(MirrorSession::isManaged).toList();
    }

    private int changesLeft() {
        return Planner.plan(SeededSimulator.snapshot(account.simulator), policy, Scope.everything()).changes().size();
    }

    @Test
    void dryRunPlansEverythingAndChangesNothing() {
        var before = SeededSimulator.sessions(account.simulator);

        var pass = reconciler().pass(SimulatedAccount.ACCOUNT, "eu-west-1", Scope.everything(), "run-1", true, Integer.MAX_VALUE,
                () -> true);

        assertThat(pass.plan().changes()).isNotEmpty();
        assertThat(pass.applied().notStarted()).hasSameSizeAs(pass.plan().changes());
        assertThat(SeededSimulator.sessions(account.simulator)).isEqualTo(before);
        assertThat(account.simulator.calls().calls()).doesNotContainKeys("CreateTrafficMirrorSession",
                "DeleteTrafficMirrorSession", "ModifyTrafficMirrorSession");
    }

    @Test
    void backfillMirrorsEveryEligibleEniOnceRemovesOrphansAndLeavesForeignSessionsAlone() {
        var foreign = SeededSimulator.sessions(account.simulator).stream().filter(s -> !s.isManaged()).toList();

        var pass = apply(reconciler(), "run-1");

        assertThat(pass.applied().failures()).isEmpty();
        assertThat(pass.applied().createdSessions()).isNotEmpty();
        assertThat(pass.applied().deleted()).isNotEmpty(); // the orphan on the surviving ENI
        assertThat(changesLeft()).isZero();
        assertThat(managed().stream().collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())))
                .allSatisfy((eni, n) -> assertThat(n).isEqualTo(1L));
        assertThat(SeededSimulator.sessions(account.simulator).stream().filter(s -> !s.isManaged()).toList())
                .containsExactlyInAnyOrderElementsOf(foreign);
    }

    @Test
    void driftReconcileRecreatesASessionDeletedByHandAndRetargetsSessionsOfADeletedTarget() {
        apply(reconciler(), "run-1");
        var deletedByHand = managed().get(0);
        account.simulator.state().deleteSession(deletedByHand.id(), false);
        var gone = account.target("vectra-sensor-b");
        var onGone = managed().stream().filter(s -> s.targetId().equals(gone)).toList();
        account.simulator.state().deleteTarget(gone);

        var pass = apply(reconciler(), "run-2");

        assertThat(pass.applied().createdSessions()).extracting(MirrorSession::sourceEniId).contains(deletedByHand.sourceEniId());
        // Each session of the deleted target moves to one with room, or is reported stranded when none has any
        // (or waits, kept by policy, while its instance is stopped).
        var retargeted = pass.applied().retargetedSessions().stream().map(MirrorSession::sourceEniId).toList();
        var stranded = pass.plan().of(Action.Keep.class)
                .filter(s -> s.reason().code() == ReasonCode.STRANDED || s.reason().code() == ReasonCode.KEPT_WHILE_STOPPED)
                .map(s -> s.source().eniId()).toList();
        assertThat(retargeted).isNotEmpty();
        assertThat(onGone).allSatisfy(s -> assertThat(retargeted.contains(s.sourceEniId()) ^ stranded.contains(s.sourceEniId()))
                .as("%s retargeted or stranded", s.id()).isTrue());
        assertThat(changesLeft()).isZero();
    }

    @Test
    void aPassStoppedByItsLimitLeavesTheRestToTheNextPassWithoutDuplicates() {
        int total = Planner.plan(SeededSimulator.snapshot(account.simulator), policy, Scope.everything()).changes().size();
        var allowed = new AtomicInteger(3);

        var first = reconciler().pass(SimulatedAccount.ACCOUNT, "eu-west-1", Scope.everything(), "run-1", false, Integer.MAX_VALUE,
                () -> allowed.getAndDecrement() > 0);
        var second = apply(reconciler(), "run-1");

        assertThat(first.applied().stop()).isEqualTo(ApplyReport.Stop.LIMIT);
        assertThat(first.applied().changesMade()).isEqualTo(4); // the first change always goes, then 3 more
        assertThat(first.applied().notStarted()).hasSize(total - 4);
        assertThat(second.applied().changesMade()).isEqualTo(total - 4);
        assertThat(first.workLeft()).isTrue();
        assertThat(first.finished()).isFalse();
        assertThat(second.finished()).isTrue();
        assertThat(changesLeft()).isZero();
        assertThat(managed().stream().map(MirrorSession::sourceEniId).distinct().count()).isEqualTo(managed().size());
    }

    @Test
    void throttledCreatesAreRetriedSlowerAndNoneFails() {
        account.simulator.faults().set("CreateTrafficMirrorSession", new Faults.ActionFaults(0, 0.4, 0, 503, 0));

        var pass = apply(reconciler(), "run-1");

        assertThat(pass.applied().failures()).isEmpty();
        assertThat(account.simulator.calls().throttledCalls("CreateTrafficMirrorSession")).isPositive();
        assertThat(pacer.throttles()).isPositive();
        assertThat(changesLeft()).isZero();
    }

    @Test
    void aMissingPermissionStopsThePassAtTheFirstRefusal() {
        account.simulator.faults().deny("CreateTrafficMirrorSession");
        account.simulator.faults().deny("DeleteTrafficMirrorSession");

        var pass = apply(reconciler(), "run-1");

        assertThat(pass.applied().stop()).isEqualTo(ApplyReport.Stop.PERMISSION_DENIED);
        assertThat(pass.applied().failures()).hasSize(1).first().extracting(ApplyReport.Failure::code).isEqualTo("UnauthorizedOperation");
    }

    @Test
    void sessionsOnASensorThatStoppedAreRetargetedInPlaceAndNothingNewGoesThere() {
        var sensorA = account.target("vectra-sensor-a");
        var before = managed().stream().filter(m -> m.targetId().equals(sensorA)).toList();
        account.simulator.state().setState(SimulatedAccount.instanceNamed("vectra-sensor-a"),
                dev.mirrorpilot.simulator.model.InstanceState.STOPPED);

        var pass = apply(reconciler(), "run-sensor-down");

        assertThat(before).hasSize(6);
        assertThat(pass.plan().deletes()).noneMatch(d -> before.contains(d.session()));
        assertThat(pass.plan().retargets()).filteredOn(r -> r.session().targetId().equals(sensorA))
                .allSatisfy(r -> assertThat(r.reason().code()).isEqualTo(dev.mirrorpilot.policy.plan.ReasonCode.TARGET_DOWN));
        assertThat(managed()).noneMatch(m -> m.targetId().equals(sensorA));
        assertThat(managed()).extracting(MirrorSession::id).containsAll(before.stream().map(MirrorSession::id).toList());
        assertThat(account.simulator.calls().calls("ModifyTrafficMirrorSession")).isGreaterThanOrEqualTo(6);
        assertThat(changesLeft()).isZero();
    }

    @Test
    void aLaunchHandledWhileABackfillIsReadingKeepsItsSession() {
        var launched = new java.util.concurrent.atomic.AtomicReference<String>();
        // Between the backfill's reads, attach-on-launch mirrors a new instance.
        account.simulator.faults().onceBefore("DescribeTrafficMirrorSessions", () -> {
            var instance = account.launch("m5.large", "apps");
            launched.set(instance);
            account.container().mirror(instance, "event-during-backfill");
        });

        var pass = apply(reconciler(), "run-during-launch");

        var eni = account.simulator.state().interfacesOf(launched.get()).get(0).id();
        assertThat(pass.plan().deletes()).noneMatch(d -> d.session().sourceEniId().equals(eni));
        assertThat(managed()).filteredOn(m -> m.sourceEniId().equals(eni)).hasSize(1);
    }
}
