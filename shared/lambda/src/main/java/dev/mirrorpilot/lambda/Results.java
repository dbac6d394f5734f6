package dev.mirrorpilot.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.ec2.InstanceMirroring;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.plan.Action;
import java.util.List;

/** A function's result as JSON: what was created, deleted, skipped and why; what failed for good. */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Results() {
    }

    public static ObjectNode of(String instanceId, InstanceMirroring.Outcome outcome, MirrorPolicy policy) {
        var node = JSON.createObjectNode().put("status", outcome.failures().isEmpty() ? "ok" : "partly-failed")
                .put("instanceId", instanceId).put("plans", outcome.plans().size());
        var created = node.putArray("created");
        outcome.created().forEach(created::add);
        var deleted = node.putArray("deleted");
        outcome.deleted().forEach(deleted::add);
        var skipped = node.putArray("skipped");
        outcome.lastPlan().of(Action.Skip.class).forEach(s -> skipped.add(s.reason().code().label()));
        var reasons = node.putArray("reasons");
        outcome.lastPlan().actions().forEach(a -> reasons.add(a.getClass().getSimpleName().toLowerCase() + " "
                + a.source().eniId() + ": " + a.reason()));
        var failures = node.putArray("failures");
        outcome.failures().forEach(f -> failures.addObject().put("code", f.code()).put("message", f.message()));
        if (outcome.lastInventory() != null) {
            var report = CoverageReport.of(outcome.lastInventory(), policy, outcome.lastPlan());
            node.put("targetsNearLimit", (int) report.targets().stream().filter(t -> t.nearLimitAfter() || t.atLimitAfter()).count());
            var freed = node.putObject("freedCapacity");
            report.targets().stream().filter(t -> t.loadAfter() < t.loadBefore())
                    .forEach(t -> freed.put(t.targetId(), t.loadBefore() - t.loadAfter()));
        }
        return node;
    }

    public static ObjectNode deletions(String what, List<String> deleted) {
        var node = JSON.createObjectNode().put("status", "ok").put("handled", what);
        var list = node.putArray("deleted");
        deleted.forEach(list::add);
        return node;
    }

    public static ObjectNode ignored(String why) {
        return JSON.createObjectNode().put("status", "ignored").put("reason", why);
    }
}
