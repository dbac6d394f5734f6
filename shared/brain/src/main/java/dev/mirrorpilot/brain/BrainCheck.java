package dev.mirrorpilot.brain;

/** One of the Brain's own checks (disk RAID, missing RAID disks, degraded RAID volume, power, detection). */
public record BrainCheck(String name, CheckStatus status, String detail) {
}
