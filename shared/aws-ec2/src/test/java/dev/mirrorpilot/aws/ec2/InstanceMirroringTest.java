package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.ManagedTags;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.simulator.state.SessionRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The launch and terminate use cases with the real adapter and SDK client, against the simulator. */
class InstanceMirroringTest {
    private SimulatedAccount account;

    @BeforeEach
    void start() {
        account = new SimulatedAccount();
    }

    @AfterEach
    void stop() {
        account.close();
    }

    private List<MirrorSession> managedSessionsOf(String instanceId) {
        var enis = account.simulator.state().interfacesOf(instanceId).stream().map(e -> e.id()).toList();
        return SeededSimulator.sessions(account.simulator).stream()
                .filter(s -> s.isManaged() && (enis.contains(s.sourceEniId())
                        || instanceId.equals(s.tags().get(ManagedTags.SOURCE_INSTANCE))))
                .toList();
    }

    @Test
    void launchedInstanceIsMirroredWithOwnershipTagsAndDescription() {
        var web7 = SimulatedAccount.instanceNamed("web-7");

        var outcome = account.container().mirror(web7, "event-1");

        assertThat(outcome.created()).hasSize(1);
        assertThat(managedSessionsOf(web7)).singleElement().satisfies(s -> {
            assertThat(s.tags().get(ManagedTags.SOURCE_INSTANCE)).isEqualTo(web7);
            assertThat(s.description()).isEqualTo("mirrorpilot:" + web7 + " eni-attach-0a2b3c4d5e6f70025");
            assertThat(s.targetId()).isEqualTo(account.target("vectra-sensors-nlb"));
        });
    }

    @Test
    void aRaceDuplicateKeepsTheOlderSessionAsTheReconcileWouldEvenWhenOursHasTheLowerNumber() {
        var instance = account.launch("m5.large", "apps");
        var eni = account.simulator.state().interfacesOf(instance).get(0).id();
        var racer = new java.util.concurrent.atomic.AtomicReference<String>();
        // Another invocation's session lands first, numbered 7: it is the older one (the lower id).
        account.simulator.faults().onceBefore("CreateTrafficMirrorSession", () -> racer.set(account.client()
                .createTrafficMirrorSession(b -> b.networkInterfaceId(eni).trafficMirrorTargetId(account.target("vectra-sensors-nlb"))
                        .trafficMirrorFilterId(SimulatedAccount.SAMPLE.filters().get(0).id()).sessionNumber(7)
                        .tagSpecifications(t -> t.resourceType("traffic-mirror-session").tags(
                                software.amazon.awssdk.services.ec2.model.Tag.builder().key(ManagedTags.MANAGED).value("true").build(),
                                software.amazon.awssdk.services.ec2.model.Tag.builder().key(ManagedTags.SOURCE_INSTANCE)
                                        .value(instance).build())))
                .trafficMirrorSession().trafficMirrorSessionId()));

        var outcome = account.container().mirror(instance, "event-raced");

        assertThat(outcome.created()).hasSize(1);
        assertThat(racer.get().compareTo(outcome.created().get(0))).isNegative();
        // The reconcile keeps the lowest id of duplicates; the launch path's clean-up must agree, whatever the numbers.
        assertThat(managedSessionsOf(instance)).extracting(MirrorSession::id).containsExactly(racer.get());
    }

    @Test
    void aSensorOfATargetThatIsNotSelectedIsNeverMirroredThoughTheLaunchReadsNothingBehindThatTarget() {
        // vectra-sensor-a without its role tag, its ENI target not selected: only its target's ENI id says it is a Sensor.
        var sensor = SimulatedAccount.instanceNamed("vectra-sensor-a");
        account.simulator.state().changeTags(List.of(sensor), java.util.Map.of("mirrorpilot:role", "sensor"), true);
        var policy = MirrorPolicy.defaults().toBuilder()
                .targets(new dev.mirrorpilot.policy.config.Selection.ByIds(java.util.Set.of(account.target("vectra-sensors-nlb"))))
                .build();

        var outcome = account.container(policy, Backoff.afterLaunch()).mirror(sensor, "event-sensor");

        assertThat(outcome.created()).isEmpty();
        assertThat(outcome.lastPlan().of(Action.Skip.class)).isNotEmpty()
                .allMatch(skip -> skip.reason().code() == ReasonCode.IS_SENSOR);
        assertThat(account.simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
    }

    @Test
    void duplicateDeliveryOfTheSameEventCreatesNothingMore() {
        var web7 = SimulatedAccount.instanceNamed("web-7");
        var container = account.container();

        container.mirror(web7, "event-1");
        var again = container.mirror(web7, "event-1");

        assertThat(again.created()).isEmpty();
        // web-7 carries another team's session numbered 5: ours stands behind it and says so.
        assertThat(again.lastPlan().of(Action.Keep.class)).anySatisfy(k -> assertThat(k.reason().code())
                .isEqualTo(ReasonCode.PARTLY_MIRRORED));
        assertThat(managedSessionsOf(web7)).hasSize(1);
    }

    @Test
    void sameEventDeliveredToEightContainersAtOnceEndsWithOneSession() throws Exception {
        var instance = account.launch("m5.large", "apps");
        var pool = Executors.newFixedThreadPool(8);
        var tasks = new ArrayList<Callable<InstanceMirroring.Outcome>>();
        for (int i = 0; i < 8; i++) {
            var container = account.container();
            int delivery = i;
            tasks.add(() -> container.mirror(instance, delivery % 2 == 0 ? "same-event" : "other-event-" + delivery));
        }
        for (var future : pool.invokeAll(tasks)) {
            future.get();
        }
        pool.shutdown();

        assertThat(managedSessionsOf(instance)).hasSize(1);
    }

    @Test
    void t2InstanceIsSkippedWithItsReasonAndNothingIsCreated() {
        var t2 = SimulatedAccount.instanceNamed("legacy-reporting");
        int before = SeededSimulator.sessions(account.simulator).size();

        var outcome = account.container().mirror(t2, "event-t2");

        assertThat(outcome.lastPlan().of(Action.Skip.class)).singleElement()
                .satisfies(s -> assertThat(s.reason().code()).isEqualTo(ReasonCode.UNSUPPORTED_INSTANCE_TYPE));
        assertThat(SeededSimulator.sessions(account.simulator)).hasSize(before);
        assertThat(account.simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
    }

    @Test
    void optedOutInstanceIsSkipped() {
        var instance = account.launch("m5.large", "apps", Tags.of("mirrorpilot:mirror", "False"), List.of());

        var outcome = account.container().mirror(instance, "event-opt-out");

        assertThat(outcome.created()).isEmpty();
        assertThat(outcome.lastPlan().of(Action.Skip.class)).singleElement()
                .satisfies(s -> assertThat(s.reason().code()).isEqualTo(ReasonCode.EXCLUDED_BY_TAG));
    }

    @Test
    void targetThatFilledUpBehindTheCacheSendsTheSessionToTheNextTarget() {
        var container = account.container();
        container.mirror(SimulatedAccount.instanceNamed("etl-1"), "warm-up"); // caches loads: sensor-b has headroom
        var sensorA = account.target("vectra-sensor-a");
        var sensorB = account.target("vectra-sensor-b");
        var state = account.simulator.state();
        var filter = SimulatedAccount.SAMPLE.filters().get(0).id();
        var fillers = new ArrayList<String>();
        for (var name : List.of("web-7", "web-8", "netops-probe", "netops-probe-2", "etl-2", "db-replica", "legacy-queue")) {
            state.interfacesOf(SimulatedAccount.instanceNamed(name)).forEach(e -> fillers.add(e.id()));
        }
        for (var eni : fillers) {
            if (sourcesOn(sensorB) < 10) {
                state.createSession(new SessionRequest(eni, sensorB, filter, 7, OptionalInt.empty(), OptionalInt.empty(), "",
                        dev.mirrorpilot.simulator.model.Tags.NONE, null, false));
            }
        }
        assertThat(sourcesOn(sensorB)).isEqualTo(10);
        var peered = account.launch("m5.large", "prod-data");

        var outcome = container.mirror(peered, "event-race");

        assertThat(outcome.plans()).hasSize(2);
        assertThat(outcome.plans().get(0).creates()).singleElement().satisfies(c -> assertThat(c.targetId()).isEqualTo(sensorB));
        assertThat(outcome.reports().get(0).refusedForCapacity()).hasSize(1);
        assertThat(managedSessionsOf(peered)).singleElement().satisfies(s -> assertThat(s.targetId()).isEqualTo(sensorA));
        assertThat(sourcesOn(sensorA)).isLessThanOrEqualTo(10);
    }

    private long sourcesOn(String targetId) {
        return SeededSimulator.sessions(account.simulator).stream().filter(s -> s.targetId().equals(targetId))
                .map(MirrorSession::sourceEniId).distinct().count();
    }

    @Test
    void instanceInvisibleRightAfterLaunchIsRetriedWithBackoffThenMirrored() {
        account.simulator.faults().invisibleSeconds(0.5);
        var instance = account.launch("m5.large", "apps");
        var waits = new ArrayList<Duration>();
        var backoff = new Backoff(List.of(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(400)), d -> {
            waits.add(d);
            Thread.sleep(d.toMillis());
        });

        var outcome = account.container(MirrorPolicy.defaults(), backoff).mirror(instance, "event-new");

        assertThat(waits).isNotEmpty();
        assertThat(outcome.created()).hasSize(1);
    }

    @Test
    void instanceThatNeverAppearsIsATransientFailureNotADrop() {
        account.simulator.faults().invisibleSeconds(60);
        var instance = account.launch("m5.large", "apps");
        var backoff = new Backoff(List.of(Duration.ofMillis(10), Duration.ofMillis(10)), d -> { });

        assertThatThrownBy(() -> account.container(MirrorPolicy.defaults(), backoff).mirror(instance, "event-x"))
                .isInstanceOf(InstanceNotVisibleException.class).hasMessageContaining("will be retried");
    }

    /** Elastic Load Balancing v2 reads (what stands behind an NLB target): not EC2's buckets. */
    private long ec2Calls() {
        var calls = account.simulator.calls();
        return calls.totalCalls() - java.util.stream.Stream.of("DescribeLoadBalancers", "DescribeListeners", "DescribeTargetGroups",
                "DescribeTargetHealth").mapToLong(calls::calls).sum();
    }

    @Test
    void aColdFirstLaunchCostsAtMostTwelveEc2CallsAndAWarmOneAtMostFour() {
        var container = account.container();
        var first = account.launch("m5.large", "apps");
        account.simulator.calls().reset();
        container.mirror(first, "cold");
        System.out.println("cold first launch calls: " + account.simulator.calls().totalCalls() + " " + account.simulator.calls().calls());
        // The targets (1), filters (1), the selected targets' ENIs (1), the Sensors with the instance (1), their security
        // groups (1), the Sensors' and the instance's types (1), peerings and transit gateway attachments (2: the selected
        // NLB is in another VPC), the sessions on the selected targets (1) and on the instance's ENIs (1), the create (1),
        // the race check (1).
        assertThat(ec2Calls()).isLessThanOrEqualTo(12);
        var instance = account.launch("m5.large", "apps");
        account.simulator.calls().reset();

        container.mirror(instance, "measured");

        System.out.println("warm launch EC2 calls: " + account.simulator.calls().totalCalls() + " " + account.simulator.calls().calls());
        assertThat(ec2Calls()).isLessThanOrEqualTo(4);
        assertThat(account.simulator.calls().totalCalls()).isLessThanOrEqualTo(4);
        assertThat(account.simulator.calls().calls("CreateTrafficMirrorSession")).isEqualTo(1);
    }

    @Test
    void aColdLaunchWhoseSelectedTargetsShareItsVpcReadsNoConnectivityAndALaunchFromAnotherVpcReadsItOnce() {
        // Given only the two Sensor ENI targets of prod-web selected (the NLB in shared-services is not)
        var selected = java.util.Set.of(account.target("vectra-sensor-a"), account.target("vectra-sensor-b"));
        var policy = MirrorPolicy.defaults().toBuilder().targets(new dev.mirrorpilot.policy.config.Selection.ByIds(selected)).build();
        var container = account.container(policy, Backoff.afterLaunch());
        var web = account.launch("m5.large", "prod-web");
        account.simulator.calls().reset();

        // When a cold container handles a launch in prod-web
        var first = container.mirror(web, "cold-same-vpc");

        System.out.println("cold same-VPC launch calls: " + account.simulator.calls().totalCalls() + " "
                + account.simulator.calls().calls());
        assertThat(first.created()).hasSize(1);
        assertThat(managedSessionsOf(web)).singleElement().satisfies(s -> assertThat(selected).contains(s.targetId()));
        assertThat(account.simulator.calls().calls("DescribeVpcPeeringConnections")
                + account.simulator.calls().calls("DescribeTransitGatewayVpcAttachments")).isZero();
        assertThat(ec2Calls()).isLessThanOrEqualTo(10);

        // Then a launch in apps, which reaches prod-web over the transit gateway only, reads the connectivity it needs
        var app = account.launch("m5.large", "apps");
        account.simulator.calls().reset();
        var second = container.mirror(app, "other-vpc");
        var third = container.mirror(account.launch("m5.large", "apps"), "other-vpc-again");

        assertThat(second.created()).hasSize(1);
        assertThat(managedSessionsOf(app)).singleElement().satisfies(s -> assertThat(selected).contains(s.targetId()));
        assertThat(third.created()).hasSize(1);
        assertThat(account.simulator.calls().calls("DescribeTransitGatewayVpcAttachments")).isEqualTo(1);
        assertThat(account.simulator.calls().calls("DescribeVpcPeeringConnections")).isEqualTo(1);
    }

    @Test
    void aColdLaunchInTheVpcOfItsOnlySelectedTargetAnNlbCostsNineEc2Calls() {
        // Given the NLB in shared-services the only selected target: no capture ENI to read (ELBv2 says what stands behind it)
        var nlb = account.target("vectra-sensors-nlb");
        var policy = MirrorPolicy.defaults().toBuilder().targets(new dev.mirrorpilot.policy.config.Selection.ByIds(
                java.util.Set.of(nlb))).build();
        var container = account.container(policy, Backoff.afterLaunch());
        var instance = account.launch("m5.large", "shared-services");
        account.simulator.calls().reset();

        var outcome = container.mirror(instance, "cold-beside-the-nlb");

        System.out.println("cold launch beside the NLB calls: " + account.simulator.calls().totalCalls() + " "
                + account.simulator.calls().calls());
        assertThat(outcome.created()).hasSize(1);
        assertThat(managedSessionsOf(instance)).singleElement().satisfies(s -> assertThat(s.targetId()).isEqualTo(nlb));
        // The targets, filters, the instance with the Sensor behind the NLB, their types, the Sensor's security groups (does
        // it admit UDP 4789: the NLB's health check runs over TCP), the sessions on the NLB and on the instance's ENI, the
        // create, the race check.
        assertThat(ec2Calls()).isLessThanOrEqualTo(9);
    }

    @Test
    void aLaunchPlansAsIfEveryConnectivityWereReadWhateverTargetsAreSelectedAndWhereverItRuns() {
        var ids = SimulatedAccount.SAMPLE.targets().stream().map(t -> t.id()).sorted().toList();
        var selections = new ArrayList<java.util.Set<String>>();
        ids.forEach(id -> selections.add(java.util.Set.of(id)));
        selections.add(java.util.Set.of(account.target("vectra-sensor-a"), account.target("vectra-sensor-b")));
        selections.add(java.util.Set.of(account.target("vectra-sensor-a"), account.target("vectra-sensors-nlb")));
        selections.add(java.util.Set.copyOf(ids));
        var vpcs = List.of("prod-web", "prod-data", "shared-services", "apps", "sandbox");
        int compared = 0;
        for (var selection : selections) {
            var policy = MirrorPolicy.defaults().toBuilder().targets(new dev.mirrorpilot.policy.config.Selection.ByIds(selection)).build();
            var ec2 = account.client();
            var types = new TypeCatalog(ec2);
            // The launch path's reader against one that reads every target's state and all connectivity at once.
            var lazy = new InstanceReader(ec2, types, new AccountContextReader(ec2, types, policy.targets(), true,
                    Duration.ofMinutes(5), System::nanoTime), SimulatedAccount.ACCOUNT, "eu-west-1", Backoff.afterLaunch());
            var eager = new InstanceReader(ec2, types, new AccountContextReader(ec2, types, policy.targets(), false,
                    Duration.ofMinutes(5), System::nanoTime), SimulatedAccount.ACCOUNT, "eu-west-1", Backoff.afterLaunch());
            for (var vpc : vpcs) {
                var instance = account.launch("m5.large", vpc);
                var scope = new dev.mirrorpilot.policy.plan.Scope.Instance(instance);
                var lazyPlan = dev.mirrorpilot.policy.plan.Planner.plan(lazy.forLaunch(instance), policy, scope);
                var eagerPlan = dev.mirrorpilot.policy.plan.Planner.plan(eager.forLaunch(instance), policy, scope);

                assertThat(lazyPlan).as(selection + " from " + vpc).isEqualTo(eagerPlan);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(selections.size() * vpcs.size()).isEqualTo(45);
    }

    @Test
    void terminatedInstanceLeavesNoMirrorPilotSessionEvenOnItsSurvivingEni() {
        var policy = MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build();
        var container = account.container(policy, Backoff.afterLaunch());
        var instance = account.launch("m5.large", "apps", Tags.NONE, List.of(false));
        container.mirror(instance, "launch");
        var survivor = account.simulator.state().interfacesOf(instance).get(1).id();
        assertThat(managedSessionsOf(instance)).hasSize(2);

        account.simulator.state().terminate(instance);
        var outcome = container.cleanUp(instance, "terminate");

        assertThat(outcome.deleted()).hasSize(1);
        assertThat(SeededSimulator.sessions(account.simulator)).noneMatch(s -> s.isManaged() && s.sourceEniId().equals(survivor));
        assertThat(managedSessionsOf(instance)).isEmpty();
    }

    @Test
    void deletedInterfaceLeavesNothingBehindAndAGoneSessionIsNotAnError() {
        var container = account.container();
        var instance = account.launch("m5.large", "apps");
        container.mirror(instance, "launch");
        var eni = account.simulator.state().interfacesOf(instance).get(0).id();
        var session = managedSessionsOf(instance).get(0).id();
        account.simulator.state().deleteSession(session, false);

        assertThat(container.cleanUpInterface(eni)).isEmpty();
    }

    @Test
    void aCleanUpOfAnInstanceRunningAgainDeletesOnlyAndCreatesNothing() {
        // A "stopped" event arrives late: web-7 is running again and not mirrored. The clean-up must not mirror it.
        var web7 = SimulatedAccount.instanceNamed("web-7");
        var before = SeededSimulator.sessions(account.simulator).size();

        var outcome = account.container().cleanUp(web7, "late-stop-event");

        assertThat(outcome.created()).isEmpty();
        assertThat(account.simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
        assertThat(account.simulator.calls().calls("ModifyTrafficMirrorSession")).isZero();
        assertThat(SeededSimulator.sessions(account.simulator)).hasSize(before);
    }

    @Test
    void aNewSessionsDescriptionNamesItsInstanceAndTheAttachmentADetachEventWillName() {
        var instance = account.launch("m5.large", "apps");

        var outcome = account.container().mirror(instance, "event-described");

        var eni = account.simulator.state().interfacesOf(instance).get(0).id();
        var session = account.simulator.state().requireSession(outcome.created().get(0));
        assertThat(session.description()).isEqualTo("mirrorpilot:" + instance + " eni-attach-" + eni.substring(4));
        var again = account.container().cleanUp(instance, "terminate-described");
        assertThat(again.lastPlan().deletes()).isEmpty(); // still running: the clean-up finds it and leaves it
    }
}
