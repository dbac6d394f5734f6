package dev.mirrorpilot.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.coverage.VpcCoverage;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The report and the plan as JSON with stable field names, for scripts and CI checks.
 * Reason codes are lower_snake_case versions of {@link dev.mirrorpilot.policy.plan.ReasonCode}.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    public static String render(CoverageReport report, SessionPlan plan, MirrorPolicy policy) {
        var root = MAPPER.createObjectNode();
        root.put("accountId", report.accountId());
        root.put("region", report.region());
        root.put("scope", scope(plan.scope()));
        root.put("dryRun", true);
        var settings = root.putObject("policy");
        policy.toSettings().forEach(settings::put);
        var summary = root.putObject("summary");
        summary.put("creates", report.creates());
        summary.put("retargets", report.retargets());
        summary.put("deletes", report.deletes());
        coverage(summary.putObject("coverage"), report.total());
        var vpcs = root.putArray("vpcs");
        report.vpcs().forEach(v -> coverage(vpcs.addObject(), v));
        var targets = root.putArray("targets");
        for (var t : report.targets()) {
            var node = targets.addObject();
            node.put("targetId", t.targetId());
            node.put("name", t.name());
            node.put("type", t.kind().awsName());
            node.put("vpcId", t.vpcId());
            node.put("availabilityZone", t.availabilityZone());
            node.put("selected", t.selected());
            if (t.limit().isUnlimited()) {
                node.putNull("sourceLimit");
            } else {
                node.put("sourceLimit", t.limit().hardLimit());
                node.put("headroomLimit", t.limit().headroomLimit());
            }
            node.put("sourcesBefore", t.loadBefore());
            node.put("sourcesAfter", t.loadAfter());
            node.put("state", t.state());
            t.problem().ifPresent(p -> node.put("problem", p.code().label())
                    .put("problemDetail", p.detail()));
            if (!t.sharedBy().isEmpty()) {
                node.put("sharedBy", t.sharedBy());
            }
        }
        var actions = root.putArray("actions");
        plan.actions().forEach(a -> action(actions.addObject(), a));
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void coverage(ObjectNode node, VpcCoverage vpc) {
        node.put("vpcId", vpc.vpcId());
        node.put("name", vpc.name());
        node.put("interfaces", vpc.interfaces());
        node.put("eligible", vpc.eligible());
        node.put("mirrored", vpc.mirrored());
        node.put("partlyMirrored", vpc.partlyMirrored());
        node.put("toCreate", vpc.toCreate());
        node.put("uncovered", vpc.uncovered());
        node.put("notEligible", vpc.notEligible());
        var reasons = node.putObject("skippedByReason");
        vpc.skippedByReason().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> reasons.put(e.getKey().label(), e.getValue()));
    }

    private static void action(ObjectNode node, Action action) {
        node.put("action", action.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        node.put("networkInterfaceId", action.source().eniId());
        node.put("instanceId", action.source().instanceId());
        node.put("vpcId", action.source().vpcId());
        node.put("reason", action.reason().code().label());
        node.put("problem", action.reason().code().isProblem());
        node.put("detail", action.reason().toString());
        if (action instanceof Action.Create c) {
            node.put("trafficMirrorTargetId", c.targetId());
            node.put("trafficMirrorFilterId", c.filterId());
            node.put("sessionNumber", c.sessionNumber());
            optional(node, "virtualNetworkId", c.virtualNetworkId());
            optional(node, "packetLength", c.packetLength());
            var tags = node.putObject("tags");
            c.tags().sorted().forEach(tags::put);
        } else if (action instanceof Action.Retarget r) {
            node.put("trafficMirrorSessionId", r.session().id());
            node.put("fromTrafficMirrorTargetId", r.session().targetId());
            node.put("trafficMirrorTargetId", r.targetId());
            node.put("trafficMirrorFilterId", r.filterId());
            node.put("sessionNumber", r.sessionNumber());
            optional(node, "virtualNetworkId", r.virtualNetworkId());
            optional(node, "packetLength", r.packetLength());
        } else if (action instanceof Action.Delete d) {
            node.put("trafficMirrorSessionId", d.session().id());
            node.put("trafficMirrorTargetId", d.session().targetId());
        } else if (action instanceof Action.Keep k) {
            node.put("trafficMirrorSessionId", k.session().id());
            node.put("trafficMirrorTargetId", k.session().targetId());
        }
    }

    private static void optional(ObjectNode node, String field, OptionalInt value) {
        if (value.isPresent()) {
            node.put(field, value.getAsInt());
        }
    }

    private static String scope(Scope scope) {
        if (scope instanceof Scope.Instance instance) {
            return "instance:" + instance.instanceId();
        }
        if (scope instanceof Scope.Vpcs vpcs) {
            return "vpcs:" + String.join(",", vpcs.vpcIds().stream().sorted().toList());
        }
        return scope instanceof Scope.NearLimitTargets ? "near-limit-targets" : "everything";
    }
}
