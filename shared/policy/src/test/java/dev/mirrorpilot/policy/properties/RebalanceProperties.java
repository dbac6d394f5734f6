package dev.mirrorpilot.policy.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.load.SensorCapacity;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.rebalance.Rebalance;
import dev.mirrorpilot.policy.rebalance.RebalancePlan;
import dev.mirrorpilot.policy.rebalance.RebalanceSettings;
import dev.mirrorpilot.policy.load.SourceTraffic;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What a rebalance promises over random accounts (up to 3,000 instances, up to 80 % already
 * mirrored), random headroom, throughput share, low-water mark, move limit and skewed traffic (a
 * few heavy talkers). Expected values are counted here from the sessions and ratings, not taken
 * from the rebalancer's own bookkeeping.
 */
class RebalanceProperties {
    private static final int TRIES = 150;

    record Case(Inventory inventory, MirrorPolicy policy, RebalanceSettings settings, SourceTraffic traffic) {
        RebalancePlan plan() {
            return Rebalance.plan(inventory, policy, settings, traffic);
        }

        @Override
        public String toString() {
            return inventory.workloads().size() + " instances, " + inventory.targets().size() + " targets, "
                    + inventory.sessions().size() + " sessions; headroom " + policy.capacityHeadroomPercent() + " %, share "
                    + settings.throughputSharePercent() + " %, low water " + settings.lowWaterPercent() + " %, at most "
                    + settings.maxMoves() + " moves, default " + traffic.defaultGbps() + " Gbps";
        }
    }

    @Property(tries = TRIES)
    void noDestinationEndsAboveItsSourceHeadroomOrTheHardLimit(@ForAll("cases") Case c) {
        var plan = c.plan();
        var after = PlanProjection.apply(c.inventory(), plan.plan());
        var loads = TargetLoads.count(after.sessions());
        var limits = limits(c);
        var destinations = plan.moves().stream().map(m -> m.targetId()).collect(Collectors.toSet());

        destinations.forEach(t -> assertThat(loads.getOrDefault(t, 0)).as(t).isLessThanOrEqualTo(limits.get(t).headroomLimit()));
        loads.forEach((t, n) -> {
            if (limits.containsKey(t) && !limits.get(t).isUnlimited()) {
                var before = TargetLoads.count(c.inventory().sessions()).getOrDefault(t, 0);
                assertThat(n).as(t).isLessThanOrEqualTo(Math.max(before, limits.get(t).hardLimit()));
            }
        });
    }

    @Property(tries = TRIES)
    void noSensorThatReceivesAMoveEndsAboveItsThroughputShare(@ForAll("cases") Case c) {
        var plan = c.plan();
        var after = PlanProjection.apply(c.inventory(), plan.plan());
        var capacity = new SensorCapacity(c.inventory(), c.settings().ratings());
        var targets = c.inventory().targetsById();
        for (var destination : plan.moves().stream().map(m -> m.targetId()).collect(Collectors.toSet())) {
            var rated = capacity.ratedGbps(targets.get(destination));
            assertThat(rated).as("only rated Sensors take moves: " + destination).isPresent();
            // Every target feeding the same Sensor counts: the capture ENI's target and a one-Sensor NLB.
            var sensor = sensorOf(c.inventory(), targets.get(destination));
            double gbps = after.sessions().stream()
                    .filter(s -> s.targetId().equals(destination) || sensor.isPresent()
                            && sensor.equals(sensorOf(c.inventory(), targets.get(s.targetId()))))
                    .map(s -> s.targetId() + "|" + s.sourceEniId()).distinct()
                    .mapToDouble(key -> traffic(c, key.substring(key.indexOf('|') + 1))).sum();
            assertThat(gbps).as(destination).isLessThanOrEqualTo(rated.getAsDouble() * c.settings().throughputSharePercent() / 100.0 + 1e-9);
        }
    }

    @Property(tries = TRIES)
    void noSessionMovesOntoAnotherSensorThatItsBrainReportsDegradedOrDown(@ForAll("cases") Case c) {
        var targets = c.inventory().targetsById();

        for (var move : c.plan().moves()) {
            var health = targets.get(move.targetId()).tags().get(dev.mirrorpilot.policy.readiness.TargetReadiness.SENSOR_HEALTH_TAG);
            assertThat(health).as(move.targetId()).isNotEqualTo("down");
            if ("degraded".equals(health)) {
                // Only between targets of one Sensor (its ENI target and its NLB), which moves no throughput.
                var to = sensorOf(c.inventory(), targets.get(move.targetId()));
                assertThat(to).as(move.targetId()).isPresent().isEqualTo(sensorOf(c.inventory(), targets.get(move.session().targetId())));
            }
        }
    }

    @Property(tries = TRIES)
    void onlyMirrorPilotSessionsMoveAndOnlyTheirTarget(@ForAll("cases") Case c) {
        var plan = c.plan();

        assertThat(plan.plan().creates()).isEmpty();
        assertThat(plan.plan().deletes()).isEmpty();
        assertThat(plan.moves()).allSatisfy(m -> {
            assertThat(m.session().isManaged()).isTrue();
            assertThat(m.targetId()).isNotEqualTo(m.session().targetId());
            assertThat(m.sessionNumber()).isEqualTo(m.session().sessionNumber());
            assertThat(m.filterId()).isEqualTo(m.session().filterId());
            assertThat(m.virtualNetworkId()).isEqualTo(m.session().virtualNetworkId());
            assertThat(m.packetLength()).isEqualTo(m.session().packetLength());
        });
        assertThat(plan.moves()).hasSizeLessThanOrEqualTo(c.settings().maxMoves());
    }

    @Property(tries = TRIES)
    void aSecondRebalanceOnTheResultMovesNothingUnlessMovesWereDeferred(@ForAll("cases") Case c) {
        var plan = c.plan();
        var after = PlanProjection.apply(c.inventory(), plan.plan());

        var second = Rebalance.plan(after, c.policy(), c.settings(), c.traffic());

        if (plan.deferred() == 0) {
            assertThat(second.moves()).isEmpty();
        }
    }

    @Property(tries = TRIES)
    void movesEqualTheLowerBoundWhenDestinationsSufficeAndOnlySourcesCrowd(@ForAll("cases") Case c) {
        // Without traffic no Sensor is crowded by Gbps: each move takes one source off a crowded target.
        var quiet = new Case(c.inventory(), c.policy(), c.settings().withMaxMoves(Integer.MAX_VALUE), SourceTraffic.unmeasured(0));
        var plan = quiet.plan();
        var limits = limits(c);
        int excess = 0;
        var marked = c.inventory().targets().stream()
                .filter(t -> "draining".equals(t.tags().get("mirrorpilot:rebalance"))).map(MirrorTarget::id).collect(Collectors.toSet());
        for (var entry : TargetLoads.count(c.inventory().sessions()).entrySet()) {
            var limit = limits.get(entry.getKey());
            // A target an earlier run marked draining goes on to its low-water mark even below the trigger.
            if (limit != null && !limit.isUnlimited() && (limit.isAboveHeadroom(entry.getValue()) || marked.contains(entry.getKey()))) {
                int lowWater = Math.min(limit.headroomLimit(), limit.hardLimit() * c.settings().lowWaterPercent() / 100);
                excess += Math.max(0, entry.getValue() - lowWater);
            }
        }

        assertThat(plan.lowerBound()).isEqualTo(excess);
        if (plan.shortfalls().isEmpty()) {
            assertThat(plan.moves()).hasSize(excess);
        } else {
            assertThat(plan.moves()).as(plan.shortfalls().toString()).hasSizeLessThan(excess);
        }
    }

    private static java.util.Optional<String> sensorOf(Inventory inventory, MirrorTarget target) {
        if (target == null) {
            return java.util.Optional.empty();
        }
        if (target.kind() == TargetKind.NETWORK_INTERFACE) {
            return inventory.allInterfaces().filter(e -> e.id().equals(target.resourceId())).findFirst()
                    .flatMap(NetworkInterface::attachment).map(a -> a.instanceId());
        }
        if (target.kind() == TargetKind.NETWORK_LOAD_BALANCER) {
            // A Sensor registered by IP address is the instance that holds the address.
            var healthy = inventory.loadBalancers().stream().filter(lb -> lb.arn().equals(target.resourceId()))
                    .flatMap(lb -> lb.registered().stream()).filter(r -> r.isHealthy()).map(r -> inventory.allInterfaces()
                            .filter(e -> e.privateIpAddress().equals(r.id()) && e.attachment().isPresent())
                            .map(e -> e.attachment().get().instanceId()).findFirst().orElse(r.id()))
                    .collect(Collectors.toSet());
            return healthy.size() == 1 ? java.util.Optional.of(healthy.iterator().next()) : java.util.Optional.empty();
        }
        return java.util.Optional.empty();
    }

    /**
     * CloudWatch measures an instance, not an ENI: an instance's traffic is split evenly among its
     * mirrored ENIs, so an instance with two mirrored ENIs counts once on the Sensors, not twice.
     */
    private static double traffic(Case c, String eniId) {
        var instance = c.inventory().allInterfaces().filter(e -> e.id().equals(eniId)).findFirst()
                .flatMap(NetworkInterface::attachment).map(a -> a.instanceId());
        if (instance.isEmpty()) {
            return 0.0;
        }
        long mirrored = c.inventory().sessions().stream().map(s -> s.sourceEniId()).distinct()
                .filter(eni -> c.inventory().allInterfaces().anyMatch(e -> e.id().equals(eni)
                        && e.attachment().map(a -> a.instanceId().equals(instance.get())).orElse(false)))
                .count();
        return c.traffic().of(instance.get()) / Math.max(1, mirrored);
    }

    private static Map<String, CapacityLimit> limits(Case c) {
        return c.inventory().targets().stream().collect(Collectors.toMap(MirrorTarget::id,
                t -> CapacityLimit.of(t, c.policy().hundredSourceTypes(), c.policy().capacityHeadroomPercent())));
    }

    @Provide
    Arbitrary<Case> cases() {
        var accounts = Combinators.combine(Arbitraries.integers().between(0, 3000), Arbitraries.integers().between(1, 20),
                        Arbitraries.longs(), Arbitraries.doubles().between(0, 0.8), Arbitraries.doubles().between(0, 1),
                        Arbitraries.doubles().between(0, 0.6))
                .as((instances, vpcs, seed, mirrored, nlbs, judged) -> SensorHealthTags.onShare(SyntheticAccount.generate(
                        SyntheticSpec.of(instances, vpcs).withAlreadyMirroredShare(mirrored).withNlbShare(nlbs), seed),
                        judged, new java.util.Random(seed ^ 0x5e15)));
        return Combinators.combine(accounts, Arbitraries.integers().between(30, 100), Arbitraries.integers().between(20, 100),
                        Arbitraries.integers().between(1, 95), Arbitraries.integers().between(0, 300), Arbitraries.longs(),
                        Arbitraries.of(0.0, 0.01, 0.05, 0.2))
                .as((inventory, headroom, share, lowWaterPick, maxMoves, trafficSeed, defaultGbps) -> {
                    int lowWater = Math.max(1, Math.min(share - 1, lowWaterPick));
                    var settings = new RebalanceSettings(Math.max(2, share), Math.min(lowWater, Math.max(2, share) - 1), maxMoves,
                            SensorRatings.guide());
                    return new Case(inventory, MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(headroom).build(),
                            settings, skewed(inventory, trafficSeed, defaultGbps));
                });
    }

    /** Most instances quiet, a few heavy talkers; a share without data (the default applies). */
    private static SourceTraffic skewed(Inventory inventory, long seed, double defaultGbps) {
        var random = new Random(seed);
        var gbps = new HashMap<String, Double>();
        for (var w : inventory.workloads()) {
            double roll = random.nextDouble();
            if (roll < 0.2) {
                continue;
            }
            gbps.put(w.instanceId(), roll > 0.97 ? 0.5 + random.nextDouble() * 2 : random.nextDouble() * 0.05);
        }
        return new SourceTraffic(gbps, defaultGbps);
    }
}
