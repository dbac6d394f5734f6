package dev.mirrorpilot.policy.report;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An instance with interfaces left unmirrored for a reason a person must act on (see
 * {@link ReasonCode#needsFinding()}): what a Security Hub finding is raised for, with a title,
 * a description and remediation steps a person can follow. Pure; the adapter renders it as ASFF.
 */
public record UncoveredWorkload(String instanceId, String name, String instanceType, String vpcId, String subnetId,
                                List<Gap> gaps) {
    /** Guide pages the remediation points to. */
    static final String SESSIONS_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-sessions.html";
    static final String QUOTAS_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-quotas.html";
    static final String TARGETS_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-targets.html";

    /** One interface and why it is not mirrored. */
    public record Gap(String eniId, ReasonCode code, String detail) {
        public Gap {
            Objects.requireNonNull(eniId, "eniId");
            Objects.requireNonNull(code, "code");
            detail = detail == null ? "" : detail;
        }
    }

    public UncoveredWorkload {
        Objects.requireNonNull(instanceId, "instanceId");
        gaps = List.copyOf(gaps);
        if (gaps.isEmpty()) {
            throw new IllegalArgumentException("an uncovered workload has at least one gap");
        }
    }

    /** The workloads of a plan's skips that need a finding, in instance id order. */
    public static List<UncoveredWorkload> of(Inventory inventory, SessionPlan plan) {
        var workloads = inventory.workloads().stream().collect(Collectors.toMap(Workload::instanceId, Function.identity()));
        var gaps = new LinkedHashMap<String, List<Gap>>();
        // Skips, and sessions that mirror nothing (stranded on a target that is gone, even when renumbered).
        plan.actions().stream().filter(a -> !a.isChange() || a instanceof dev.mirrorpilot.policy.plan.Action.Retarget)
                .filter(s -> s.reason().code().needsFinding() && workloads.containsKey(s.source().instanceId()))
                .forEach(s -> gaps.computeIfAbsent(s.source().instanceId(), id -> new ArrayList<>())
                        .add(new Gap(s.source().eniId(), s.reason().code(), s.reason().detail())));
        return gaps.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).map(e -> {
            var w = workloads.get(e.getKey());
            return new UncoveredWorkload(w.instanceId(), w.name(), w.instanceType(), w.vpcId(), w.subnetId(), e.getValue());
        }).toList();
    }

    /** The gap that decides the title and remediation: the first problem, else the first gap. */
    public ReasonCode mainReason() {
        return gaps.stream().map(Gap::code).filter(ReasonCode::isProblem).findFirst().orElse(gaps.get(0).code());
    }

    /** Medium for a workload AWS could mirror but is not (detection gap); low for an unsupported type. */
    public boolean isProblem() {
        return mainReason().isProblem();
    }

    public String title() {
        var who = (name.isEmpty() || name.equals(instanceId) ? instanceId : name + " (" + instanceId + ", ")
                + instanceType + ")";
        who = who.startsWith(instanceId) ? instanceId + " (" + instanceType + ")" : who;
        return truncate("EC2 instance " + who + " is not mirrored to a Sensor: " + mainReason().meaning(), 256);
    }

    public String description() {
        var text = new StringBuilder("MirrorPilot cannot mirror ").append(gaps.size() == 1 ? "a network interface" : gaps.size()
                + " network interfaces").append(" of instance ").append(instanceId).append(" (").append(instanceType)
                .append(", ").append(vpcId).append("), so the network detection system does not see its traffic. ");
        for (var gap : gaps) {
            text.append(gap.eniId()).append(": ").append(gap.code().meaning());
            if (!gap.detail().isEmpty()) {
                text.append(" (").append(gap.detail()).append(")");
            }
            text.append(". ");
        }
        return truncate(text.toString().trim(), 1024);
    }

    /** What a person does about it, in steps that fit Security Hub's 512 characters. */
    public String remediation() {
        var text = switch (mainReason()) {
            case NO_REACHABLE_TARGET -> "Deploy a Vectra Sensor in VPC " + vpcId + ", or connect the VPC to one with a Sensor "
                    + "(VPC peering in this region or a shared transit gateway), and make sure its mirror target is selected "
                    + "(MIRRORPILOT_TARGET_TAG or MIRRORPILOT_TARGET_IDS). The next drift reconcile mirrors the instance.";
            case TARGETS_FULL -> "Every reachable mirror target is at its source limit (10 distinct sources per ENI target, 100 "
                    + "on the Sensor types the AWS quotas page lists). Add a Sensor, or front the Sensors with a Network Load "
                    + "Balancer target (no source limit), then run the backfill or wait for the next drift reconcile.";
            case NO_USABLE_TARGET -> "Every mirror target reachable from VPC " + vpcId + " has nothing behind it that can "
                    + "receive: start or replace the Sensor, allow UDP 4789 from this VPC in its security group, or give its "
                    + "Network Load Balancer a UDP 4789 listener with a healthy Sensor (see the target findings).";
            case SHADOWED -> "A mirror session MirrorPilot does not manage accepts all traffic and is evaluated before any "
                    + "number MirrorPilot may take (it yields to other teams' sessions by default), so a MirrorPilot session "
                    + "would receive nothing. Delete that session or narrow its filter, or set MIRRORPILOT_SESSION_NUMBERS="
                    + "preempt if it may lose the traffic. MirrorPilot never changes sessions it did not create.";
            case SOURCE_SESSION_LIMIT -> "The interface already has 3 mirror sessions, the AWS maximum. Remove one that is no "
                    + "longer needed; MirrorPilot never changes sessions it did not create.";
            case NO_SESSION_NUMBER -> "The interface has room for another session, but MirrorPilot yields to the sessions "
                    + "other teams made there and one of them holds the highest session numbers, so no number above them is "
                    + "free. Renumber that session lower, or set MIRRORPILOT_SESSION_NUMBERS=preempt if it may lose the traffic.";
            case ACCOUNT_SESSION_LIMIT -> "The account has 10,000 traffic mirror sessions in this region, the AWS maximum "
                    + "(not adjustable). Delete sessions no longer needed, narrow what is mirrored (MIRRORPILOT_MODE, "
                    + "INCLUDE_VPCS, INTERFACES=primary), or mirror from another account.";
            case STRANDED -> "The session's mirror target is gone or unreachable and no other target can take it. Restore "
                    + "a Sensor reachable from VPC " + vpcId + " or add capacity; the next run retargets the session.";
            case NO_FILTER -> "No traffic mirror filter is selected. Create one that accepts all traffic in both directions "
                    + "and tag it mirrorpilot:role=filter, or set MIRRORPILOT_FILTER_ID.";
            case UNKNOWN_INSTANCE_TYPE -> "MirrorPilot could not read the facts of instance type " + instanceType
                    + ". Check that the function's role may call ec2:DescribeInstanceTypes; the next run tries again.";
            case UNSUPPORTED_INSTANCE_TYPE -> "Instance type " + instanceType + " cannot be a Traffic Mirroring source. Move "
                    + "the workload to a supported type (most current Nitro types), or monitor it by other means.";
            default -> "Check the reason in the description; the next drift reconcile mirrors the instance once it is fixed.";
        };
        return truncate(text, 512);
    }

    /** The guide page the remediation refers to. */
    public String remediationUrl() {
        return switch (mainReason()) {
            case TARGETS_FULL -> QUOTAS_GUIDE;
            case NO_REACHABLE_TARGET, STRANDED, NO_USABLE_TARGET -> TARGETS_GUIDE;
            default -> SESSIONS_GUIDE;
        };
    }

    /** The reasons, comma-separated, lower case: for the finding's product fields. */
    public String reasons() {
        return gaps.stream().map(g -> g.code().label()).distinct().collect(Collectors.joining(","));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
