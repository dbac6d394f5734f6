package dev.mirrorpilot.policy.delivery;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.readiness.TargetReadiness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Delivery proven hop by hop, from measurements rather than configuration: for each workload a
 * MirrorPilot session mirrors, the first hop that fails (the source mirrors nothing, skips too much,
 * its target received less than its sources sent, its Sensor does not see it) or verified; for each
 * target what it received against what its sources mirrored. Pure: the same inventory and
 * measurements give the same report.
 *
 * @param workloads per mirrored instance, sorted by id
 * @param targets   per target with sessions, sorted by id
 */
public record DeliveryReport(List<WorkloadDelivery> workloads, List<TargetDelivery> targets) {
    /** The thresholds: a skipped share above {@code maxSkippedShare}, or a target receiving under {@code 1 - lossTolerance} of what was sent, fail. */
    public record Thresholds(double maxSkippedShare, double lossTolerance) {
        public static Thresholds defaults() {
            return new Thresholds(0.05, 0.2);
        }
    }

    public record WorkloadDelivery(String instanceId, String name, List<String> targetIds, Verdict verdict, String evidence, String fix) {
    }

    /** {@code received} is empty when the target is not measured or had no data points. */
    public record TargetDelivery(String targetId, String name, long sentBytes, java.util.OptionalLong receivedBytes, boolean lost) {
    }

    public long verified() {
        return workloads.stream().filter(w -> w.verdict().delivered()).count();
    }

    public static DeliveryReport of(Inventory inventory, Measurements measured, Thresholds thresholds) {
        var enis = new HashMap<String, NetworkInterface>();
        inventory.allInterfaces().forEach(e -> enis.put(e.id(), e));
        var targets = inventory.targetsById();
        // Every session on a target counts toward what it should receive (another team's too: it arrives there as well).
        var sentByTarget = new TreeMap<String, Long>();
        var sessionsByInstance = new TreeMap<String, List<MirrorSession>>();
        var counted = new java.util.HashSet<String>();
        for (var session : inventory.sessions()) {
            var eni = enis.get(session.sourceEniId());
            if (eni == null || eni.attachment().isEmpty()) {
                continue;
            }
            var instance = eni.attachment().get().instanceId();
            if (session.isManaged()) {
                sessionsByInstance.computeIfAbsent(instance, k -> new ArrayList<>()).add(session);
            }
            var bytes = measured.sources().get(instance);
            // An instance's mirrored bytes go to each of its targets once (a split across ENIs is not measurable per ENI).
            if (bytes != null && counted.add(instance + "|" + session.targetId())) {
                sentByTarget.merge(session.targetId(), bytes.mirrored(), Long::sum);
            }
        }
        var targetReport = new ArrayList<TargetDelivery>();
        var lostTargets = new java.util.HashSet<String>();
        for (var entry : sentByTarget.entrySet()) {
            var target = targets.get(entry.getKey());
            var received = measured.receivedByTarget().get(entry.getKey());
            boolean lost = received != null && entry.getValue() > 0 && received < entry.getValue() * (1 - thresholds.lossTolerance());
            if (lost) {
                lostTargets.add(entry.getKey());
            }
            targetReport.add(new TargetDelivery(entry.getKey(), target == null ? entry.getKey() : target.name(), entry.getValue(),
                    received == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(received), lost));
        }
        // A loss the static MTU check predicts on this target is named as what it likely is: packets cut at a smaller MTU.
        var truncating = new HashMap<String, MtuCheck.Oversize>();
        MtuCheck.of(inventory).stream().filter(o -> lostTargets.contains(o.targetId()))
                .forEach(o -> o.instanceIds().forEach(i -> truncating.putIfAbsent(o.targetId() + "|" + i, o)));
        var names = new HashMap<String, String>();
        inventory.workloads().forEach(w -> names.put(w.instanceId(), w.name()));
        var workloads = new ArrayList<WorkloadDelivery>();
        for (var entry : sessionsByInstance.entrySet()) {
            var instance = entry.getKey();
            var targetIds = entry.getValue().stream().map(MirrorSession::targetId).distinct().sorted().toList();
            workloads.add(verdict(instance, names.getOrDefault(instance, instance), targetIds, measured, thresholds, targets,
                    lostTargets, sentByTarget, truncating));
        }
        workloads.sort(Comparator.comparing(WorkloadDelivery::instanceId));
        return new DeliveryReport(List.copyOf(workloads), List.copyOf(targetReport));
    }

    private static WorkloadDelivery verdict(String instance, String name, List<String> targetIds, Measurements measured,
                                            Thresholds thresholds, Map<String, MirrorTarget> targets, Set<String> lost,
                                            Map<String, Long> sentByTarget, Map<String, MtuCheck.Oversize> truncating) {
        var bytes = measured.sources().get(instance);
        int minutes = measured.windowMinutes();
        if (bytes == null || bytes.traffic() == 0 && bytes.mirrored() == 0) {
            return new WorkloadDelivery(instance, name, targetIds, Verdict.NO_DATA, bytes == null
                    ? "no AWS/EC2 data points for " + instance + " in the last " + minutes + " minutes"
                    : "no traffic in the last " + minutes + " minutes", "wait for traffic and the next check; a new instance "
                    + "reports after its first 5-minute period");
        }
        if (bytes.mirrored() == 0) {
            return new WorkloadDelivery(instance, name, targetIds, Verdict.MIRRORS_NOTHING, "NetworkIn+Out " + bytes.traffic()
                    + " bytes, NetworkMirrorIn+Out 0 in " + minutes + " minutes",
                    "check that the session's target still exists and its filter accepts this traffic (a deleted target keeps "
                            + "its sessions, which mirror nothing)");
        }
        if (bytes.skippedShare() > thresholds.maxSkippedShare()) {
            return new WorkloadDelivery(instance, name, targetIds, Verdict.SKIPPED_AT_SOURCE, String.format(java.util.Locale.ROOT,
                    "NetworkSkipMirrorIn+Out %d bytes, %.1f%% of what its filter matched (limit %.1f%%)", bytes.skipped(),
                    100 * bytes.skippedShare(), 100 * thresholds.maxSkippedShare()),
                    "the instance is at its network limits: production traffic wins; mirror less (a narrower filter, a "
                            + "packet length) or give it a larger instance type");
        }
        for (var targetId : targetIds) {
            if (lost.contains(targetId)) {
                var evidence = "target " + targetId + " received " + measured.receivedByTarget().get(targetId)
                        + " bytes where its sources mirrored " + sentByTarget.get(targetId);
                var oversize = truncating.get(targetId + "|" + instance);
                if (oversize != null) {
                    return new WorkloadDelivery(instance, name, targetIds, Verdict.LOST_BEFORE_TARGET, evidence + "; " + oversize.text(),
                            oversize.fix());
                }
                return new WorkloadDelivery(instance, name, targetIds, Verdict.LOST_BEFORE_TARGET, evidence,
                        "check the network ACLs of the Sensor's subnet (UDP 4789 in from the sources), the NLB's UDP 4789 "
                                + "listener and target group, and the target's security group");
            }
        }
        for (var targetId : targetIds) {
            var target = targets.get(targetId);
            var health = target == null ? null : target.tags().get(TargetReadiness.SENSOR_HEALTH_TAG);
            if (TargetReadiness.SENSOR_DEGRADED.equals(health) || TargetReadiness.SENSOR_DOWN.equals(health)) {
                return new WorkloadDelivery(instance, name, targetIds, Verdict.NOT_SEEN_BY_SENSOR, "target " + targetId
                        + " is tagged " + TargetReadiness.SENSOR_HEALTH_TAG + "=" + health + " by brain-health",
                        "see the Brain's health findings for this Sensor (pairing, connectivity, traffic drop)");
            }
        }
        for (var targetId : targetIds) {
            if (!measured.receivedByTarget().containsKey(targetId)) {
                return new WorkloadDelivery(instance, name, targetIds, Verdict.TARGET_NOT_MEASURED, "mirrored " + bytes.mirrored()
                        + " bytes; target " + targetId + " has no receive metric read", "nothing to fix at the source");
            }
        }
        return new WorkloadDelivery(instance, name, targetIds, Verdict.VERIFIED, "mirrored " + bytes.mirrored() + " bytes, "
                + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * bytes.skippedShare()) + " skipped; its targets received what "
                + "their sources sent", "");
    }
}
