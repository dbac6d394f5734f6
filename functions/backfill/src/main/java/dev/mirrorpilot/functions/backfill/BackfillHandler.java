package dev.mirrorpilot.functions.backfill;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.lambda.AwsFailure;
import dev.mirrorpilot.lambda.ScheduledFunction;
import dev.mirrorpilot.lambda.Telemetry;
import dev.mirrorpilot.policy.report.RunTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Backfill and drift reconcile over the account (or some VPCs): invoked by hand with
 * {@code {"dryRun": true}} and the like, and by the state machine on a schedule, which invokes it
 * again with the {@code next} payload while a run has work left. A bad payload is refused before
 * anything is read or changed; the report goes to the result and, as JSON and as a table, to the log.
 */
public final class BackfillHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROGRESS_EVERY = 100;
    private static final Function<Context, BackfillRuntime> CONTAINER = ScheduledFunction.perContainer(BackfillRuntime::fromEnvironment);

    private final ScheduledFunction<BackfillRuntime> function;

    public BackfillHandler() {
        this(CONTAINER);
    }

    /** With the runtime a test (or the CLI) builds. */
    public BackfillHandler(Function<Context, BackfillRuntime> runtime) {
        this.function = new ScheduledFunction<>("backfill", runtime);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, BackfillRequest::parse, BackfillHandler::run);
    }

    private static ObjectNode run(BackfillRequest request, BackfillRuntime functions, Context context, Telemetry telemetry) {
    long deadline = System.nanoTime() + Math.max(0L,
            context.getRemainingTimeInMillis() - functions.settings().stopMargin().toMillis()) * 1_000_000L;
    MDC.put("run_id", BackfillInvocation.runId(request, context.getAwsRequestId()));
    try {
        var outcome = BackfillInvocation.run(functions, request, context.getAwsRequestId(), Clock.systemUTC(),
                System::nanoTime, deadline, BackfillHandler::progress);
        count(telemetry, outcome, request.vpcIds().isEmpty());
        LOG.info("backfill invocation {}: {}", outcome.status().label(), summary(outcome),
                entry("result", JSON.convertValue(outcome.result(), Map.class)));
        LOG.info(RunTable.render(outcome.report()));
        outcome.findings().flatMap(f -> f.error()).ifPresent(e -> LOG.error("Security Hub findings not written: {}", e));
        if (!outcome.result().path("createdVisible").asBoolean(true)) {
            LOG.warn("sessions created by this invocation are not yet visible to DescribeTrafficMirrorSessions; "
                    + "the next invocation may plan some again: the same create reuses its session (ClientToken), "
                    + "another one is removed as a duplicate by the next run");
        }
        if (outcome.status() == BackfillInvocation.Status.PERMISSION_DENIED) {
            LOG.error("EC2 refused a change for lack of permission; nothing else was tried. Check the function's role "
                    + "(ec2:CreateTrafficMirrorSession, DeleteTrafficMirrorSession, ModifyTrafficMirrorSession, CreateTags)");
        }
        return outcome.result();
    } catch (SdkException e) {
        return AwsFailure.handle(e, telemetry, LOG, "the state machine retries the invocation",
                "AWS refused to describe the account: {}; check the function's role, nothing was changed");
    } finally {
        MDC.remove("run_id");
    }
    }

    private static void progress(int done, int total) {
        if (done % PROGRESS_EVERY == 0 || done == total) {
            LOG.info("backfill progress: {}/{} changes made in this invocation", done, total, entry("changes", done),
                    entry("planned", total));
        }
    }

    private static String summary(BackfillInvocation.Outcome outcome) {
        var total = outcome.report().total();
        return total.mirrored() + "/" + total.eligible() + " eligible ENIs mirrored, " + total.created() + " created by this run, "
                + total.pending() + " pending, " + total.uncovered() + " uncovered";
    }

    private static void count(Telemetry telemetry, BackfillInvocation.Outcome outcome, boolean wholeAccount) {
        var result = outcome.result();
        var changes = outcome.report().changes();
        // Counts of this invocation only: the report's changes are the run's, summed over invocations.
        telemetry.count("SessionsCreated", result.path("createdNow").asInt(0));
        // Throttled attempts the SDK retried are expected under contention; `Throttled` (alarmed) is kept for
        // a change that still failed after the retries and the slowing down.
        telemetry.count("ThrottledAttempts", (int) outcome.throttledAttempts());
        if (result.path("stoppedBy").asText().equals("transient-failures")) {
            telemetry.count("Throttled", 1);
        }
        telemetry.count("ChangesFailed", result.path("failedNow").asInt(0)); // the failures list is capped at 50
        if (outcome.status() == BackfillInvocation.Status.REJECTED) {
            telemetry.count("PayloadRejected", 1);
            LOG.warn("backfill payload names no VPC of this account and region: {}", result.path("errors"));
        }
        if (outcome.status() != BackfillInvocation.Status.CONTINUING && outcome.status() != BackfillInvocation.Status.REJECTED) {
            // Alarmed: only what a person can fix; instance types AWS cannot mirror are reported, not alarmed.
            telemetry.count("UncoveredWorkloads", result.path("actionableUncoveredWorkloads").asInt(0));
            telemetry.count("RunSessionsCreated", changes.created());
            telemetry.count("RunSessionsDeleted", changes.deleted());
            telemetry.count("RunSessionsRetargeted", changes.retargeted());
            if (wholeAccount) {
                // The dashboard's coverage line; a run over some VPCs would draw it for a part of the account.
                var total = outcome.report().total();
                telemetry.gauge("EligibleInterfaces", total.eligible(), MetricUnit.COUNT);
                telemetry.gauge("MirroredInterfaces", total.mirrored(), MetricUnit.COUNT);
                var delivery = result.path("delivery");
                if (delivery.has("verifiedInterfaces") && !delivery.has("error")) {
                    telemetry.gauge("VerifiedInterfaces", delivery.path("verifiedInterfaces").asInt(), MetricUnit.COUNT);
                    telemetry.count("WorkloadsNotDelivered", delivery.path("notDelivered").size());
                }
                if (delivery.has("error")) {
                    telemetry.count("DeliveryUnverified", 1);
                }
                var deliveryFindings = delivery.path("findings");
                if (!deliveryFindings.isMissingNode()) {
                    telemetry.count("FindingsFailed", deliveryFindings.path("failed").asInt(0) + (deliveryFindings.has("error") ? 1 : 0));
                }
            }
        }
        if (outcome.status() == BackfillInvocation.Status.INCOMPLETE) {
            telemetry.count("BackfillIncomplete", 1);
        }
        if (outcome.status() == BackfillInvocation.Status.PERMISSION_DENIED) {
            telemetry.count("PermissionDenied", 1);
        }
        outcome.findings().ifPresent(f -> {
            telemetry.count("FindingsActive", f.active());
            telemetry.count("FindingsArchived", f.archived());
            telemetry.count("FindingsFailed", f.failed() + (f.error().isPresent() ? 1 : 0));
        });
    }
}
