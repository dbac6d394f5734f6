package dev.mirrorpilot.policy.rebalance;

import java.util.OptionalDouble;

/**
 * A crowded target a rebalance could not bring down to its low-water mark because no reachable
 * target had room: what is over, and what to add. A Security Hub finding is raised for each.
 */
public record Shortfall(String targetId, String targetName, String vpcId, int sources, int sourceLimit, double gbps,
                        OptionalDouble ratedGbps, String advice) {
}
