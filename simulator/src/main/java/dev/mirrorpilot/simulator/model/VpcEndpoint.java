package dev.mirrorpilot.simulator.model;

public record VpcEndpoint(String id, String vpcId, String type, String state) {
}
