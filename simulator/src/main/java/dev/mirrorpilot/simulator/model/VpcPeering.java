package dev.mirrorpilot.simulator.model;

/** A VPC peering connection; a blank region is the simulated account's. */
public record VpcPeering(String id, String requesterVpcId, String accepterVpcId, String status, String requesterRegion,
                         String accepterRegion) {
}
