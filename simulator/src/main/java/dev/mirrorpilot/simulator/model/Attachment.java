package dev.mirrorpilot.simulator.model;

/** An ENI's attachment to an instance. */
public record Attachment(String instanceId, int deviceIndex, boolean deleteOnTermination) {
}
