package dev.mirrorpilot.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.simulator.seed.SeededSimulator;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.faults.Faults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 200 launches, each event delivered 3 times in random order, handled by 8 concurrent containers
 * while EC2 throttles 20% of calls and fails 5% with 503. A failed invocation is retried as Lambda's
 * asynchronous invoke would (twice). The result must be one MirrorPilot session per launched ENI,
 * no limit breached, nothing lost.
 */
class LaunchStormTest {
    private static final int LAUNCHES = 200;
    private static final int DELIVERIES = 3;
    private static final int WORKERS = 8;
    private static final int LAMBDA_ATTEMPTS = 3;

    @Test
    void duplicateAndConcurrentDeliveriesUnderFaultsEndWithExactlyOneSessionPerEni() throws Exception {
        try (var account = new SimulatedAccount()) {
            var instances = new ArrayList<String>();
            for (int i = 0; i < LAUNCHES; i++) {
                instances.add(account.launch("m5.large", i % 2 == 0 ? "apps" : "prod-web"));
            }
            var deliveries = new ArrayList<String[]>();
            for (int i = 0; i < LAUNCHES; i++) {
                for (int d = 0; d < DELIVERIES; d++) {
                    deliveries.add(new String[] {instances.get(i), "launch-event-" + i});
                }
            }
            Collections.shuffle(deliveries, new Random(42));
            var queue = new ConcurrentLinkedQueue<>(deliveries);
            account.simulator.faults().set("*", new Faults.ActionFaults(0, 0.20, 0.05, 503, 0));
            var lost = new AtomicInteger();
            var lambdaRetries = new AtomicInteger();
            var pool = Executors.newFixedThreadPool(WORKERS);
            for (int w = 0; w < WORKERS; w++) {
                var container = account.container();
                pool.submit(() -> {
                    String[] delivery;
                    while ((delivery = queue.poll()) != null) {
                        boolean done = false;
                        for (int attempt = 1; attempt <= LAMBDA_ATTEMPTS && !done; attempt++) {
                            try {
                                container.mirror(delivery[0], delivery[1]);
                                done = true;
                            } catch (RuntimeException transientFailure) {
                                lambdaRetries.incrementAndGet();
                            }
                        }
                        if (!done) {
                            lost.incrementAndGet();
                        }
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.MINUTES)).isTrue();
            account.simulator.faults().clear();

            var state = account.simulator.state();
            var launchedEnis = instances.stream().flatMap(i -> state.interfacesOf(i).stream()).map(e -> e.id()).toList();
            var managedPerEni = SeededSimulator.sessions(account.simulator).stream().filter(MirrorSession::isManaged)
                    .collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting()));
            System.out.printf("launch storm: %d deliveries, %d Lambda-level retries, %d lost; EC2 calls %d, throttled %s%n",
                    deliveries.size(), lambdaRetries.get(), lost.get(), account.simulator.calls().totalCalls(),
                    account.simulator.calls().throttled().values().stream().mapToLong(Long::longValue).sum());

            assertThat(lost.get()).as("events lost after Lambda's retries").isZero();
            assertThat(launchedEnis).allSatisfy(eni -> assertThat(managedPerEni.get(eni)).as(eni).isEqualTo(1L));
            assertThat(managedPerEni.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
            var snapshot = SeededSimulator.snapshot(account.simulator);
            for (var target : snapshot.targets().stream().filter(t -> t.kind() == dev.mirrorpilot.policy.model.TargetKind.NETWORK_INTERFACE).toList()) {
                long sources = snapshot.sessions().stream().filter(s -> s.targetId().equals(target.id()))
                        .map(MirrorSession::sourceEniId).distinct().count();
                // The limit as the simulator has it from the AWS quotas page, not the planner's own table.
                assertThat(sources).as(target.id()).isLessThanOrEqualTo(
                        dev.mirrorpilot.simulator.rules.MirroringRules.sourcesPerInterfaceTarget(target.sensorInstanceType()));
            }
            var replan = Planner.plan(snapshot, MirrorPolicy.defaults(), Scope.everything());
            assertThat(replan.creates()).as("nothing launched is left unmirrored")
                    .noneMatch(c -> instances.contains(c.source().instanceId()));
        }
    }
}
