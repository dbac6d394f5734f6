package dev.mirrorpilot.functions.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.cloudwatch.DeliveryReader;
import dev.mirrorpilot.aws.ec2.Reconciler;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.policy.delivery.DeliveryReport;
import dev.mirrorpilot.policy.delivery.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * After a whole-account run, what is measured to arrive: the last hour of CloudWatch over the
 * account as the run left it, the ENIs of verified workloads ({@code VerifiedInterfaces}, beside
 * {@code MirroredInterfaces}), a finding per workload mirrored but not delivered (archived once it
 * is). CloudWatch refusing (a permission) is reported, never fails the run.
 */
record Delivery(int verifiedInterfaces, int workloads, int verified, List<DeliveryReport.WorkloadDelivery> notDelivered,
                int getMetricDataCalls, Optional<CoverageFindings.Outcome> findings, Optional<String> error) {
    static final Duration WINDOW = Duration.ofHours(1);

    /** @param mirrored the run report's mirrored interfaces: the verified ones are those less every ENI of a workload not verified */
    static Delivery check(BackfillRuntime runtime, Reconciler.Pass pass, int mirrored, Clock clock, Optional<CoverageFindings> publisher) {
        var after = pass.inventory().withSessions(pass.sessionsAfter());
        try {
            var reader = new DeliveryReader(runtime.cloudWatch());
            var report = DeliveryReport.of(after, reader.read(after, clock.instant(), WINDOW), DeliveryReport.Thresholds.defaults());
            var unverified = report.workloads().stream().filter(w -> !w.verdict().delivered())
                    .map(DeliveryReport.WorkloadDelivery::instanceId).collect(java.util.stream.Collectors.toSet());
            var enis = new java.util.HashMap<String, String>();
            after.allInterfaces().forEach(e -> e.attachment().ifPresent(a -> enis.put(e.id(), a.instanceId())));
            // Counted against the report's mirrored interfaces, so verified never exceeds configured.
            int unverifiedEnis = (int) after.sessions().stream().filter(s -> s.isManaged()).map(s -> s.sourceEniId()).distinct()
                    .filter(e -> unverified.contains(enis.get(e))).count();
            int verifiedEnis = Math.max(0, mirrored - unverifiedEnis);
            // No data yet is not a failure to report: a workload mirrored minutes ago has no full period.
            var problems = report.workloads().stream().filter(w -> !w.verdict().delivered() && w.verdict() != Verdict.NO_DATA).toList();
            var findings = publisher.map(p -> p.publishDelivery(problems));
            return new Delivery(verifiedEnis, report.workloads().size(), (int) report.verified(), problems, reader.calls(), findings,
                    reader.unlisted());
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            return new Delivery(0, 0, 0, List.of(), 0, Optional.empty(), Optional.of("CloudWatch could not be read (" + e.getMessage()
                    + "); delivery is not verified this run: the role needs cloudwatch:GetMetricData and cloudwatch:ListMetrics"));
        }
    }

    void write(ObjectNode node) {
        node.put("verifiedInterfaces", verifiedInterfaces).put("workloads", workloads).put("verified", verified)
                .put("getMetricDataCalls", getMetricDataCalls);
        var list = node.putArray("notDelivered");
        notDelivered.stream().limit(50).forEach(w -> list.addObject().put("instanceId", w.instanceId()).put("verdict", w.verdict().label())
                .put("evidence", w.evidence()));
        findings.ifPresent(f -> {
            var n = node.putObject("findings").put("active", f.active()).put("archived", f.archived()).put("failed", f.failed());
            f.error().ifPresent(e -> n.put("error", e));
        });
        error.ifPresent(e -> node.put("error", e));
    }
}
