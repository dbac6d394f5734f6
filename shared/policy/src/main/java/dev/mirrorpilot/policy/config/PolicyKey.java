package dev.mirrorpilot.policy.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The settings a policy is built from, named as the Lambda environment variables that carry
 * them. Each knows its default and what it allows, so an error can say both.
 */
public enum PolicyKey {
    TARGET_TAG("mirrorpilot:role=sensor", "a tag key=value that marks mirror targets"),
    TARGET_IDS("", "comma-separated mirror target ids (tmt-...); overrides TARGET_TAG"),
    FILTER_ID("", "the mirror filter id (tmf-...) for new sessions; default: the filter tagged FILTER_TAG"),
    FILTER_TAG("mirrorpilot:role=filter", "a tag key=value that marks the one filter to use when FILTER_ID is unset"),
    MODE("opt-out", "opt-out (tag mirrorpilot:mirror=false excludes) or opt-in (tag mirrorpilot:mirror=true includes)"),
    INCLUDE_VPCS("", "comma-separated VPC ids (vpc-...); when set, only these are mirrored"),
    EXCLUDE_VPCS("", "comma-separated VPC ids (vpc-...) never mirrored"),
    INCLUDE_SUBNETS("", "comma-separated subnet ids (subnet-...); when set, only these are mirrored"),
    EXCLUDE_SUBNETS("", "comma-separated subnet ids (subnet-...) never mirrored"),
    INTERFACES("primary", "primary (device index 0 only) or all"),
    SESSION_NUMBER("1", "preferred session number, 1..32766 (1 is evaluated first)"),
    VNI("aws", "aws (AWS picks), per-vpc (one derived from each VPC id) or a number 1..16777215"),
    PACKET_LENGTH("whole", "whole, or the bytes to mirror of each packet, 1..8500"),
    CAPACITY_HEADROOM("80", "percent of a target's source limit to fill before preferring other targets, 1..100"),
    PREFER_SAME_AZ("true", "true or false: prefer targets in the source's Availability Zone"),
    ON_STOP("keep", "keep (sessions stay while an instance is stopped; they still bill) or remove"),
    SESSION_NUMBERS("yield", "yield (a new session takes a number above every foreign session on the ENI, so it "
            + "never takes their traffic) or preempt (the lowest free number at or above SESSION_NUMBER)"),
    HUNDRED_SOURCE_TYPES("", "comma-separated Sensor instance types (e.g. r6in.32xlarge) whose ENI targets take 100 "
            + "sources, added to the types AWS lists"),
    UNSUPPORTED_SOURCE_TYPES("", "comma-separated instance types (m8i.large) or families (m8i) that cannot be mirror "
            + "sources, added to the families the Traffic Mirroring guide lists (EC2's own refusal is learned as well)"),
    SHARED_TARGET_VPCS("", "for targets shared through AWS RAM: tmt-id:vpc-id,vpc-id;tmt-id:vpc-id,... the source "
            + "VPCs that reach each one (default: every VPC with an available transit gateway attachment)");

    public static final String PREFIX = "MIRRORPILOT_";

    private final String defaultValue;
    private final String allowed;

    PolicyKey(String defaultValue, String allowed) {
        this.defaultValue = defaultValue;
        this.allowed = allowed;
    }

    /** The environment variable name, such as {@code MIRRORPILOT_TARGET_TAG}. */
    public String variable() {
        return PREFIX + name();
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String allowed() {
        return allowed;
    }

    public static Optional<PolicyKey> fromVariable(String variable) {
        return Arrays.stream(values()).filter(k -> k.variable().equals(variable)).findFirst();
    }
}
