package dev.mirrorpilot.policy.properties;

import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.AZ_2;
import static dev.mirrorpilot.policy.TestAccount.eniOf;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A random account where targets are contested: Sensors (10-source ENI targets, part-filled by other
 * teams) in some VPCs, sources in all, random active peerings (not transitive), some sources already
 * mirrored by us. Keeps, beside the account, what an oracle needs (who is where, who is peered, free
 * slots), so that coverage can be judged without asking the planner.
 */
public record ContestedAccount(TestAccount account, Map<String, String> sourceVpc, Map<String, String> targetVpc,
                               Map<String, Integer> freeSlots, Set<Set<String>> peered, String text) {
    public static final int ENI_TARGET_LIMIT = 10; // distinct sources per ENI target of a non-100-source instance type
    public static final int ACCOUNT_SESSION_LIMIT = 10_000; // mirror sessions per account and region

    /** Whether a source in one VPC reaches a target in another: the same VPC, or an active peering between them. */
    public boolean reaches(String fromVpc, String toVpc) {
        return fromVpc.equals(toVpc) || peered.contains(Set.of(fromVpc, toVpc));
    }

    /**
     * The most ENIs that can be covered, by {@link CoverageOracle}, and never more than the 10,000
     * sessions an account may have in a region leave beside other teams' sessions (one of ours each).
     */
    public int optimum() {
        return Math.min(ACCOUNT_SESSION_LIMIT - foreignSessions(), CoverageOracle.maximum(sourceVpc.keySet().stream().sorted().toList(), targetVpc.keySet().stream().sorted().toList(),
                (eni, target) -> reaches(sourceVpc.get(eni), targetVpc.get(target)), freeSlots));
    }

    private int foreignSessions() {
        return targetVpc.keySet().stream().mapToInt(t -> ENI_TARGET_LIMIT - freeSlots.get(t)).sum();
    }

    /** Up to four VPCs, each pair peered with chance 1/3, up to three Sensors, up to 30 sources. */
    public static ContestedAccount small(long seed) {
        var random = new Random(seed);
        var vpcs = List.of("vpc-a", "vpc-b", "vpc-c", "vpc-d");
        var peerings = new ArrayList<List<String>>();
        for (int i = 0; i < vpcs.size(); i++) {
            for (int j = i + 1; j < vpcs.size(); j++) {
                if (random.nextInt(3) == 0) {
                    peerings.add(List.of(vpcs.get(i), vpcs.get(j)));
                }
            }
        }
        int sensors = 1 + random.nextInt(3);
        var sensorVpcs = new ArrayList<String>();
        for (int t = 0; t < sensors; t++) {
            sensorVpcs.add(vpcs.get(random.nextInt(vpcs.size())));
        }
        return build(random, "seed " + seed + ":", vpcs, peerings, sensorVpcs, random.nextInt(31), 3, ENI_TARGET_LIMIT, 0);
    }

    /**
     * Hubs and spokes: {@code hubs} VPCs hold the Sensors, every other VPC is peered with one to three
     * random hubs; about 0.9 free Sensor slots per source, so sources compete for them.
     */
    public static ContestedAccount large(long seed, int instances, int vpcCount, int hubs) {
        var random = new Random(seed);
        var vpcs = new ArrayList<String>();
        for (int v = 0; v < vpcCount; v++) {
            // Hubs sort after the spokes, so the greedy order serves the spokes, which have choices, first.
            vpcs.add(v < hubs ? String.format("vpc-hub-%03d", v) : String.format("vpc-%04d", v));
        }
        var peerings = new ArrayList<List<String>>();
        for (int v = hubs; v < vpcCount; v++) {
            var peers = new HashSet<Integer>();
            int count = 1 + random.nextInt(3);
            while (peers.size() < Math.min(count, hubs)) {
                peers.add(random.nextInt(hubs));
            }
            var spoke = vpcs.get(v);
            peers.stream().sorted().forEach(h -> peerings.add(List.of(vpcs.get(h), spoke)));
        }
        var sensorVpcs = new ArrayList<String>();
        // Seven in ten instances run; free slots (10 less 0-2 foreign, 9 on average) for about 1.05 per running one.
        int sensors = Math.max(1, instances * 7 / 10 * 105 / 100 / (ENI_TARGET_LIMIT - 1));
        for (int t = 0; t < sensors; t++) {
            sensorVpcs.add(vpcs.get(random.nextInt(hubs)));
        }
        return build(random, "seed " + seed + ", " + instances + " instances:", vpcs, peerings, sensorVpcs, instances, 3, 3, 3);
    }

    private static ContestedAccount build(Random random, String header, List<String> vpcs, List<List<String>> peerings,
                                          List<String> sensorVpcs, int instances, int oneInMirrored, int foreignBound,
                                          int threeInTenStopped) {
        var account = TestAccount.account();
        var text = new StringBuilder(header);
        var peered = new HashSet<Set<String>>();
        for (var pair : peerings) {
            account.peering(pair.get(0), pair.get(1), "active");
            peered.add(Set.of(pair.get(0), pair.get(1)));
            text.append(" peering ").append(pair.get(0)).append('-').append(pair.get(1)).append(';');
        }
        var targetVpc = new HashMap<String, String>();
        var freeSlots = new HashMap<String, Integer>();
        for (int t = 0; t < sensorVpcs.size(); t++) {
            var id = "tmt-" + t;
            var vpc = sensorVpcs.get(t);
            int foreign = random.nextInt(foreignBound);
            account.sensor(id, vpc, random.nextBoolean() ? AZ_1 : AZ_2, "r5n.xlarge").foreignLoad(id, foreign);
            targetVpc.put(id, vpc);
            freeSlots.put(id, ENI_TARGET_LIMIT - foreign);
            text.append(' ').append(id).append(" in ").append(vpc).append(" with ").append(foreign).append(" foreign;");
        }
        var contest = new ContestedAccount(account, new HashMap<>(), targetVpc, freeSlots, peered, "");
        var used = new HashMap<String, Integer>();
        var targets = targetVpc.keySet().stream().sorted().toList();
        for (int s = 0; s < instances; s++) {
            var id = "i-" + s;
            var vpc = vpcs.get(random.nextInt(vpcs.size()));
            if (random.nextInt(10) < threeInTenStopped) {
                account.workload(id, "m5.large", InstanceState.STOPPED, vpc, AZ_1, Tags.NONE); // not a source
                continue;
            }
            account.workload(id, "m5.large", InstanceState.RUNNING, vpc, random.nextBoolean() ? AZ_1 : AZ_2, Tags.NONE);
            contest.sourceVpc().put(eniOf(id), vpc);
            text.append(' ').append(id).append(" in ").append(vpc);
            if (random.nextInt(oneInMirrored) == 0) {
                // Already mirrored by us, on a target its VPC reaches that had a free slot.
                var candidates = targets.stream().filter(t -> contest.reaches(vpc, targetVpc.get(t))
                        && used.getOrDefault(t, 0) < freeSlots.get(t)).toList();
                if (!candidates.isEmpty()) {
                    var target = candidates.get(random.nextInt(candidates.size()));
                    used.merge(target, 1, Integer::sum);
                    account.managedSession("tms-" + s, eniOf(id), target, 1, id);
                    text.append(" (ours on ").append(target).append(')');
                }
            }
            text.append(';');
        }
        return new ContestedAccount(account, contest.sourceVpc(), targetVpc, freeSlots, peered, text.toString());
    }
}
