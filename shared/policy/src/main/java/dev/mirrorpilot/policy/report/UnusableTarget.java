package dev.mirrorpilot.policy.report;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A selected mirror target with nothing behind it that can receive: what a Security Hub finding
 * is raised for, naming the Sensor (or load balancer, or endpoint) and what to fix. Pure.
 */
public record UnusableTarget(String targetId, String name, TargetKind kind, String resourceId, String vpcId, Reason problem) {
    static final String TARGETS_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/traffic-mirroring-targets.html";
    static final String NLB_GUIDE = "https://docs.aws.amazon.com/vpc/latest/mirroring/tm-example-nlb.html";

    public UnusableTarget {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(problem, "problem");
        if (!problem.code().isTargetProblem()) {
            throw new IllegalArgumentException(problem.code() + " is not a reason a target cannot receive");
        }
    }

    /** The selected targets of the inventory that cannot receive, in id order. */
    public static List<UnusableTarget> of(Inventory inventory, MirrorPolicy policy) {
        var readiness = new TargetReadiness(inventory);
        return inventory.targets().stream().filter(t -> policy.targets().selects(t.id(), t.tags()))
                .sorted(Comparator.comparing(MirrorTarget::id))
                .flatMap(t -> readiness.problem(t).stream()
                        // The brain-health function raises its own finding for a Sensor reported down.
                        .filter(p -> p.code() != dev.mirrorpilot.policy.plan.ReasonCode.TARGET_SENSOR_DOWN)
                        .map(p -> new UnusableTarget(t.id(), t.name(), t.kind(), t.resourceId(), t.vpcId(), p)))
                .toList();
    }

    public String title() {
        var who = name.equals(targetId) ? targetId : name + " (" + targetId + ")";
        return truncate("Mirror target " + who + " cannot receive mirrored traffic: " + problem.code().meaning(), 256);
    }

    public String description() {
        return truncate("MirrorPilot places no new session on mirror target " + targetId + " (" + kind.awsName() + " "
                + resourceId + (vpcId.isEmpty() ? "" : ", " + vpcId) + ") and moves its sessions to a target that can "
                + "receive where one has room: " + problem.detail() + ". Sessions left on it mirror into nothing.", 1024);
    }

    /** What a person does about it, within Security Hub's 512 characters. */
    public String remediation() {
        var text = switch (problem.code()) {
            case TARGET_DOWN -> "Start or replace the Sensor behind " + resourceId + " (" + problem.detail() + "), or delete "
                    + "the mirror target and select another. The next drift reconcile moves sessions back as soon as it can "
                    + "receive.";
            case TARGET_BLOCKS_VXLAN -> "Add an inbound rule for UDP 4789 (VXLAN) to the Sensor's capture ENI security group "
                    + "from the source VPCs (the Vectra guide uses 0.0.0.0/0): " + problem.detail();
            case TARGET_NO_LISTENER -> "Add a UDP listener on port 4789 to the Network Load Balancer, forwarding to a UDP "
                    + "target group with the Sensor registered. Without it AWS accepts the target but mirrors nothing.";
            case TARGET_UNHEALTHY -> "Register a running Sensor in the NLB's UDP 4789 target group and check its health "
                    + "check (TCP, HTTP or HTTPS on the Sensor's management port): " + problem.detail();
            default -> problem.toString();
        };
        return truncate(text, 512);
    }

    public String remediationUrl() {
        return kind == TargetKind.NETWORK_LOAD_BALANCER ? NLB_GUIDE : TARGETS_GUIDE;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
