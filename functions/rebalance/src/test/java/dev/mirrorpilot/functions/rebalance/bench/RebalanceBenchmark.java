package dev.mirrorpilot.functions.rebalance.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.functions.rebalance.RebalanceHandler;
import dev.mirrorpilot.functions.rebalance.RebalanceOptions;
import dev.mirrorpilot.functions.rebalance.RebalanceRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.capacity.CapacityLimit;
import dev.mirrorpilot.policy.capacity.TargetLoads;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.load.SensorLoadReport;
import dev.mirrorpilot.policy.load.SensorRatings;
import dev.mirrorpilot.policy.load.SourceTraffic;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.plan.PlanProjection;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Rebalance at scale: a 10,000-instance account whose earlier backfill, before its NLBs were added,
 * filled the Sensors' ENI targets to their hard limit (headroom 100 %), then the rebalance function
 * at the default 80 % headroom with the NLBs selected too, against
 * the simulator with the EC2 token buckets on (time scale 40, pacing 40 times faster alike).
 * Prints moves against the lower bound, the most loaded target by sources and Sensor by Gbps
 * before and after, the calls made, wall time and pace. Asserts nothing.
 */
public final class RebalanceBenchmark {
    private static final int TIME_SCALE = 40;

    private RebalanceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Rebalance benchmark: simulator with the EC2 token buckets on, time scale " + TIME_SCALE
                + "; default policy (headroom 80 %), throughput share 80 %, low water 60 %, no move limit");
        int vpcs = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        scenario("10,000 instances, " + vpcs + " VPCs, Sensors filled to their limit, guide ratings", vpcs, Map.of());
        if (args.length == 0) {
            scenario("the same, every NLB's Sensor rated 40 Gbps (a fleet behind it)", vpcs, Map.of("NLB", 40.0));
        }
    }

    private static void scenario(String name, int vpcs, Map<String, Double> nlbRating) throws Exception {
        var generated = withTraffic(SyntheticAccount.generate(
                SyntheticSpec.of(10_000, vpcs).withAlreadyMirroredShare(0.0).withNlbShare(0.7), 42));
        // The backfill ran before the NLBs were added: it filled the Sensors' ENI targets to their limit.
        var eniTargets = generated.targets().stream().filter(t -> t.kind() == dev.mirrorpilot.policy.model.TargetKind.NETWORK_INTERFACE)
                .map(MirrorTarget::id).collect(java.util.stream.Collectors.toSet());
        var full = MirrorPolicy.defaults().toBuilder().capacityHeadroomPercent(100)
                .targets(new dev.mirrorpilot.policy.config.Selection.ByIds(eniTargets)).build();
        var account = withAwsSessionIds(PlanProjection.apply(generated, Planner.plan(generated, full, Scope.everything())));
        var policy = MirrorPolicy.defaults();
        var ratings = new HashMap<String, Double>();
        if (!nlbRating.isEmpty()) {
            account.targets().stream().filter(t -> t.kind() == dev.mirrorpilot.policy.model.TargetKind.NETWORK_LOAD_BALANCER)
                    .forEach(t -> ratings.put(t.id(), nlbRating.get("NLB")));
        }
        var env = new HashMap<String, String>();
        env.put(RebalanceOptions.DEFAULT_GBPS, "0.05");
        env.put(RebalanceOptions.MAX_MOVES, "10000");
        env.put(RebalanceOptions.MUTATING_REFILL, Double.toString(5.0 * TIME_SCALE));
        env.put(RebalanceOptions.FINDINGS, "true");
        if (!ratings.isEmpty()) {
            env.put(RebalanceOptions.RATINGS, ratings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(java.util.stream.Collectors.joining(",")));
        }
        var options = RebalanceOptions.fromEnvironment(env);
        System.out.printf("%n%s%n", name);
        try (var simulator = SeededSimulator.start(account, 0, true, TIME_SCALE)) {
            var before = SeededSimulator.snapshot(simulator);
            System.out.printf(Locale.ROOT, "  account: %d instances, %d targets (%d above headroom by sources), %d sessions%n",
                    before.workloads().size(), before.targets().size(), crowdedBySources(before, policy), before.sessions().size());
            print("before", before, simulator, policy, options);
            var runtime = RebalanceRuntime.forEndpoint(simulator.endpoint(), policy, options, account.accountId(), account.region());
            long start = System.nanoTime();
            JsonNode result = LocalInvoker.invoke(new RebalanceHandler(context -> runtime), "{}",
                    LocalContext.withTimeout("mirrorpilot-rebalance", account.accountId(), account.region(),
                            java.time.Duration.ofMinutes(10)));
            double seconds = (System.nanoTime() - start) / 1e9;
            var after = SeededSimulator.snapshot(simulator);
            print("after", after, simulator, policy, options);
            double applySeconds = result.path("applySeconds").asDouble();
            long modifies = simulator.calls().calls("ModifyTrafficMirrorSession");
            System.out.printf(Locale.ROOT, "  moves: %d planned, %d made, lower bound %d (sum of each source-crowded target's "
                            + "excess over its low-water mark); %d target(s) left crowded with advice; %d deferred; status %s%n",
                    result.path("movesPlanned").asInt(), result.path("movesMade").asInt(), result.path("lowerBound").asInt(),
                    result.path("shortfalls").size(), result.path("deferred").asInt(), result.path("status").asText());
            int left = 0;
            for (var shortfall : result.path("shortfalls")) {
                int limit = shortfall.path("sourceLimit").asInt();
                if (limit > 0) {
                    int lowWater = Math.min(limit * policy.capacityHeadroomPercent() / 100, limit * options.settings().lowWaterPercent() / 100);
                    left += Math.max(0, shortfall.path("sources").asInt() - lowWater);
                }
            }
            System.out.printf(Locale.ROOT, "  moves made + excess left on targets nothing reachable can relieve = %d + %d = %d "
                    + "(lower bound %d)%n", result.path("movesMade").asInt(), left, result.path("movesMade").asInt() + left,
                    result.path("lowerBound").asInt());
            System.out.printf(Locale.ROOT, "  calls: %d ModifyTrafficMirrorSession, %d GetMetricData (%d instances' traffic), "
                            + "%d Describe*, %d BatchImportFindings; EC2 throttled %d%n", modifies,
                    simulator.calls().calls("GetMetricData"),
                    result.path("sourcesMeasured").asInt() + result.path("sourcesAtDefault").asInt(), describes(simulator),
                    simulator.calls().calls("BatchImportFindings"), simulator.calls().throttled().values().stream().mapToLong(Long::longValue).sum());
            System.out.printf(Locale.ROOT, "  wall: %.1f s (read %.1f s, traffic %.1f s, apply %.1f s); pace %.1f moves/s against "
                            + "the configured %.1f/s (50 %% of the time-scaled refill)%n", seconds,
                    result.path("readSeconds").asDouble(), result.path("trafficSeconds").asDouble(), applySeconds,
                    applySeconds > 0 ? modifies / applySeconds : 0, options.mutatingPerSecond());
            result.path("failures").forEach(f -> System.out.println("  refused: " + f));
            var second = LocalInvoker.invoke(new RebalanceHandler(context -> runtime), "{\"dryRun\": true}",
                    new LocalContext("mirrorpilot-rebalance", account.accountId(), account.region()));
            System.out.printf("  a second run would move %d session(s)%n", second.path("movesPlanned").asInt());
        }
    }

    /**
     * Traffic like a real fleet's: most instances send a few to tens of Mbps, one in thirty is a
     * heavy talker of 0.2 to 1 Gbps (the simulator serves CloudWatch from these figures).
     */
    private static Inventory withTraffic(Inventory account) {
        var random = new java.util.Random(7);
        var workloads = account.workloads().stream().map(w -> new dev.mirrorpilot.policy.model.Workload(w.instanceId(),
                w.instanceType(), w.state(), w.vpcId(), w.subnetId(), w.availabilityZone(), w.tags(), w.interfaces(),
                java.util.OptionalDouble.of(random.nextInt(30) == 0 ? 0.2 + 0.8 * random.nextDouble()
                        : 0.002 + 0.04 * random.nextDouble()))).toList();
        return new Inventory(account.accountId(), account.region(), account.vpcs(), account.subnets(), workloads,
                account.otherInterfaces(), account.targets(), account.filters(), account.sessions(), account.connectivity(),
                account.instanceTypes(), account.securityGroups(), account.loadBalancers(), account.vpcEndpoints());
    }

    /** The projected sessions get ids of the form EC2 gives (the simulator refuses others). */
    private static Inventory withAwsSessionIds(Inventory account) {
        int[] n = {0};
        return account.withSessions(account.sessions().stream().map(s -> !s.id().startsWith("tms-planned") ? s
                : new dev.mirrorpilot.policy.model.MirrorSession(String.format("tms-%017x", 0xb00000 + n[0]++), s.sourceEniId(),
                        s.targetId(), s.filterId(), s.sessionNumber(), s.virtualNetworkId(), s.packetLength(), s.description(),
                        s.tags(), s.ownerId())).toList());
    }

    private static long describes(Simulator simulator) {
        return simulator.calls().calls().entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static int crowdedBySources(Inventory inventory, MirrorPolicy policy) {
        var loads = TargetLoads.count(inventory.sessions());
        int n = 0;
        for (MirrorTarget t : inventory.targets()) {
            if (CapacityLimit.of(t, policy.hundredSourceTypes(), policy.capacityHeadroomPercent()).isAboveHeadroom(loads.getOrDefault(t.id(), 0))) {
                n++;
            }
        }
        return n;
    }

    /** Load measured on the simulator's own traffic figures (each instance's mean rate), not the rebalancer's estimate. */
    private static void print(String when, Inventory inventory, Simulator simulator, MirrorPolicy policy, RebalanceOptions options) {
        var traffic = new HashMap<String, Double>();
        inventory.workloads().forEach(w -> traffic.put(w.instanceId(), simulator.state().trafficGbps(w.instanceId())));
        var report = SensorLoadReport.of(inventory, policy, options.settings().ratings(), new SourceTraffic(traffic, 0),
                SensorLoadReport.Prices.defaults());
        var bySources = report.targets().stream().filter(t -> t.limit() > 0)
                .max(java.util.Comparator.comparingDouble(SensorLoadReport.TargetLoad::sourceShare)).orElseThrow();
        var byGbps = report.sensors().stream().filter(s -> s.ratedGbps() > 0)
                .max(java.util.Comparator.comparingDouble(SensorLoadReport.SensorLoad::gbpsShare)).orElseThrow();
        long aboveShare = report.sensors().stream().filter(s -> s.ratedGbps() > 0 && s.gbpsShare() > 80).count();
        System.out.printf(Locale.ROOT, "  %-6s most loaded target %d/%d sources (%s); most loaded Sensor %.1f of %.1f Gbps (%.0f %%); "
                        + "%d Sensor(s) above 80 %% of their rating; cross-AZ %.0f GB a month%n", when, bySources.sources(),
                bySources.limit(), bySources.targetId(), byGbps.gbps(), byGbps.ratedGbps(), byGbps.gbpsShare(), aboveShare,
                report.cost().crossAzGb());
    }
}
