package dev.mirrorpilot.simulator.model;

public record TransitGatewayAttachment(String id, String transitGatewayId, String vpcId, String state) {
}
