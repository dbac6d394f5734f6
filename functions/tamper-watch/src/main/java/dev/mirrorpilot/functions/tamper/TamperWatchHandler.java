package dev.mirrorpilot.functions.tamper;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.securityhub.CoverageFindings;
import dev.mirrorpilot.aws.securityhub.SecurityHubClients;
import dev.mirrorpilot.events.ChangeEvent;
import dev.mirrorpilot.events.ChangeVerdict;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.lambda.ScheduledFunction;
import dev.mirrorpilot.lambda.Telemetry;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Reacts within seconds to changes of mirroring that MirrorPilot did not make: a session deleted
 * or modified, a target or filter deleted, a filter rule changed, or a scoping tag changed on an
 * instance, ENI or target. EventBridge (CloudTrail calls) feeds an SQS queue, so a burst arrives
 * as one batch and each resource is read once. Every event goes through the input contract; the
 * account is read fresh and reconciled through the launch path; nothing is done on an event's say-so.
 */
public final class TamperWatchHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(TamperWatchHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stop starting reconciles this long before the Lambda deadline. */
    static final long MARGIN_MILLIS = 20_000;
    private final ScheduledFunction<TamperWatchRun.Runtime> function;

    public TamperWatchHandler() {
        this(ScheduledFunction.perContainer(TamperWatchHandler::fromSettings));
    }

    /** With the runtime a test (or the CLI) builds. */
    public TamperWatchHandler(Function<Context, TamperWatchRun.Runtime> runtime) {
        this.function = new ScheduledFunction<>("tamper-watch", runtime);
    }

    /** Against a local endpoint (the simulator), with default settings: the demo and the CLI. */
    public static TamperWatchHandler forEndpoint(java.net.URI endpoint, MirrorPolicy policy, String account, String region) {
        var runtime = new TamperWatchRun.Runtime(FunctionRuntime.forEndpoint(endpoint, policy, account, region),
                TamperWatchSettings.fromEnvironment(Map.of(), account, partition(region)),
                () -> new CoverageFindings(SecurityHubClients.forLocalEndpoint(endpoint, region), account, region, Clock.systemUTC()));
        return new TamperWatchHandler(context -> runtime);
    }

    static TamperWatchRun.Runtime fromSettings(Map<String, String> settings, String functionArn) {
        var functions = FunctionRuntime.fromEnvironment(settings, functionArn);
        var region = functions.region();
        var watch = TamperWatchSettings.fromEnvironment(settings, functions.account(), partition(region));
        return new TamperWatchRun.Runtime(functions, watch, () -> new CoverageFindings(
                SecurityHubClients.configured().region(Region.of(region)).build(), functions.account(), region, Clock.systemUTC()));
    }

    static String partition(String region) {
        return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, new ChangeBatchReader(), TamperWatchHandler::run);
    }

    private static ObjectNode run(List<ChangeVerdict> verdicts, TamperWatchRun.Runtime runtime, Context context, Telemetry telemetry) {
        var accepted = new ArrayList<ChangeEvent>();
        var rejected = JSON.createArrayNode();
        for (var verdict : verdicts) {
            if (verdict instanceof ChangeVerdict.Rejected r) {
                telemetry.rejected(r.reason());
                LOG.warn("change event rejected, nothing changed: {}", r.message(), entry("event_id", r.eventId()),
                        entry("reason", r.reason()));
                rejected.addObject().put("eventId", r.eventId()).put("reason", r.reason());
            } else {
                accepted.add(((ChangeVerdict.Accepted) verdict).event());
            }
        }
        var batch = ChangeBatch.of(accepted, runtime.settings().ownRolePrefixes(), scopingKeys(runtime.functions().policy()));
        var result = new TamperWatchRun(runtime).react(batch, context.getAwsRequestId(),
                () -> context.getRemainingTimeInMillis() > MARGIN_MILLIS);
        result.put("events", verdicts.size());
        result.set("rejected", rejected);
        telemetry.count("OwnCallsIgnored", batch.ownCalls());
        telemetry.count("TamperDetected", result.path("tampering").size());
        telemetry.count("SessionsRestored", result.path("restore").path("created").asInt(0));
        telemetry.count("InstancesReconciled", result.path("instances").size());
        int created = 0;
        int deleted = 0;
        for (var instance : result.path("instances")) {
            created += instance.path("created").size();
            deleted += instance.path("deleted").size();
        }
        telemetry.count("SessionsCreated", created + result.path("restore").path("created").asInt(0));
        telemetry.count("SessionsDeleted", deleted);
        int findingsFailed = 0;
        for (var field : List.of("findingsDetected", "findings", "surgeFindings")) {
            var node = result.path(field);
            findingsFailed += node.path("failed").asInt(0) + (node.has("error") ? 1 : 0);
        }
        telemetry.count("FindingsFailed", findingsFailed);
        if (result.path("status").asText().equals("partly-restored")) {
            telemetry.count("TamperNotRestored", 1);
            LOG.error("a change to mirroring is not fully repaired: {}; the scheduled reconcile tries again, and the "
                    + "Security Hub finding stays active until coverage is back", result.path("status").asText(),
                    entry("result", JSON.convertValue(result, Map.class)));
        } else {
            LOG.info("changes handled", entry("result", JSON.convertValue(result, Map.class)));
        }
        return result;
    }

    /** The tag keys that decide what is mirrored and where: the opt-in/out tag and the target and filter tags. */
    static Set<String> scopingKeys(MirrorPolicy policy) {
        var keys = new TreeSet<String>();
        keys.add(MirrorPolicy.MIRROR_TAG);
        for (var selection : List.of(policy.targets(), policy.filter())) {
            if (selection instanceof Selection.ByTag byTag) {
                keys.add(byTag.tag().key());
            }
        }
        return keys;
    }
}
