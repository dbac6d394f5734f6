package dev.mirrorpilot.functions.attach;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.aws.ec2.InstanceMirroring;
import dev.mirrorpilot.aws.eventbridge.EventBridgeClients;
import dev.mirrorpilot.aws.eventbridge.NearLimitEvents;
import dev.mirrorpilot.events.Ec2Event;
import dev.mirrorpilot.lambda.EventFunction;
import dev.mirrorpilot.lambda.FunctionContainer;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.lambda.Results;
import dev.mirrorpilot.policy.capacity.HeadroomCrossing;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.MirrorSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Mirrors an instance that starts running, and an ENI attached later when the policy covers all
 * interfaces. EventBridge: {@code EC2 Instance State-change Notification} (running) and CloudTrail
 * {@code AttachNetworkInterface}. When a create takes a target above its headroom, a
 * {@code MirrorPilot Target Near Limit} event asks the rebalance function to relieve it; failing to
 * publish it is logged, never fails the launch (the scheduled reconcile asks again).
 */
public final class AttachOnLaunchHandler implements RequestStreamHandler {
    /** {@code false} turns the near-limit events off (the stack sets it from its rebalance parameter). */
    public static final String NEAR_LIMIT_EVENTS = "MIRRORPILOT_NEAR_LIMIT_EVENTS";
    private static final Logger LOG = LoggerFactory.getLogger(AttachOnLaunchHandler.class);
    private static volatile NearLimitEvents publisher;
    private static volatile dev.mirrorpilot.aws.autoscaling.LaunchLifecycle lifecycles;
    private final EventFunction function;
    private final Supplier<Optional<NearLimitEvents>> nearLimit;
    private final Supplier<dev.mirrorpilot.aws.autoscaling.LaunchLifecycle> lifecycle;

    /** What Lambda calls at init: clients and policy are built now, before the first event (and any snapshot). */
    public AttachOnLaunchHandler() {
        this(Container.RUNTIME, AttachOnLaunchHandler::fromEnvironment);
    }

    /** Built when Lambda first instantiates the handler; tests that pass their own runtime never load it. */
    private static final class Container {
        // The EventBridge client only a crossing needs is built before a snapshot, not at every init.
        static final FunctionContainer RUNTIME = FunctionContainer.atInit(System.getenv(), Set.of(InstanceState.RUNNING),
                AttachOnLaunchHandler::fromEnvironment);
    }

    /** With the runtime a test (or the CLI) builds, and no near-limit events. */
    public AttachOnLaunchHandler(Function<Context, FunctionRuntime> runtime) {
        this(runtime, Optional::empty);
    }

    /** With the runtime and the near-limit publisher a test (or the CLI) builds. */
    public AttachOnLaunchHandler(Function<Context, FunctionRuntime> runtime, Supplier<Optional<NearLimitEvents>> nearLimit) {
        this(runtime, nearLimit, AttachOnLaunchHandler::lifecycleFromEnvironment);
    }

    /** With the near-limit publisher and the Auto Scaling lifecycle port a test (or the CLI) builds. */
    public AttachOnLaunchHandler(Function<Context, FunctionRuntime> runtime, Supplier<Optional<NearLimitEvents>> nearLimit,
                                 Supplier<dev.mirrorpilot.aws.autoscaling.LaunchLifecycle> lifecycle) {
        this.function = new EventFunction(runtime, Set.of(InstanceState.RUNNING));
        this.nearLimit = nearLimit;
        this.lifecycle = lifecycle;
    }

    /** Built on the first lifecycle action: most containers never see one. */
    private static dev.mirrorpilot.aws.autoscaling.LaunchLifecycle lifecycleFromEnvironment() {
        if (lifecycles == null) {
            lifecycles = new dev.mirrorpilot.aws.autoscaling.LaunchLifecycle(dev.mirrorpilot.aws.autoscaling.AutoScalingClients
                    .configured().region(Region.of(FunctionRuntime.regionOf(System.getenv()))).build());
        }
        return lifecycles;
    }

    /** Built before a SnapStart snapshot (see {@link Container}), else on the first crossing. */
    private static Optional<NearLimitEvents> fromEnvironment() {
        if ("false".equals(System.getenv(NEAR_LIMIT_EVENTS))) {
            return Optional.empty();
        }
        if (publisher == null) {
            publisher = new NearLimitEvents(EventBridgeClients.configured()
                    .region(Region.of(FunctionRuntime.regionOf(System.getenv()))).build());
        }
        return Optional.of(publisher);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, runtime -> event -> {
            if (event instanceof Ec2Event.InstanceStateChanged || event instanceof Ec2Event.InterfaceAttached
                    || event instanceof Ec2Event.LaunchLifecycleAction) {
                var outcome = runtime.mirroring().mirror(event.instanceId(), event.eventId());
                var result = Results.of(event.instanceId(), outcome, runtime.policy());
                signalCrossings(outcome, runtime.policy(), event.instanceId(), result);
                if (event instanceof Ec2Event.LaunchLifecycleAction action && outcome.failures().isEmpty()) {
                    // Mirrored (or skipped by policy): the group may put the instance in service. A failure above is retried
                    // by Lambda; meanwhile the hook's heartbeat timeout (DefaultResult CONTINUE) keeps scaling going.
                    var refused = lifecycle.get().proceed(action.groupName(), action.hookName(), action.token(), action.instanceId());
                    result.put("lifecycleAction", refused.isEmpty() ? "continued" : "not completed: " + refused.get());
                    refused.ifPresent(why -> LOG.warn("could not complete the launch lifecycle action of {} in {} ({}); the "
                            + "hook's heartbeat timeout continues it; check autoscaling:CompleteLifecycleAction", action.instanceId(),
                            action.groupName(), why));
                }
                return result;
            }
            return Results.ignored(event.getClass().getSimpleName() + " is handled by detach-on-terminate");
        });
    }

    private void signalCrossings(InstanceMirroring.Outcome outcome, MirrorPolicy policy, String instanceId, ObjectNode result) {
        var created = outcome.reports().stream().flatMap(r -> r.createdSessions().stream()).toList();
        if (created.isEmpty() || outcome.lastInventory() == null) {
            return;
        }
        var createdIds = new HashSet<>(created.stream().map(MirrorSession::id).toList());
        var inventory = outcome.lastInventory();
        var before = inventory.withSessions(inventory.sessions().stream().filter(s -> !createdIds.contains(s.id())).toList());
        var crossed = HeadroomCrossing.of(before, created, policy);
        if (crossed.isEmpty()) {
            return;
        }
        var list = result.putArray("crossedHeadroom");
        crossed.forEach(c -> list.addObject().put("targetId", c.targetId()).put("sources", c.after()).put("headroom", c.headroom()));
        var events = nearLimit.get();
        if (events.isEmpty()) {
            result.put("nearLimitEvents", "off");
            return;
        }
        var published = events.get().publish(crossed, instanceId);
        result.put("nearLimitEventsPublished", published.accepted());
        if (!published.complete()) {
            result.put("nearLimitEventsFailed", published.errors().size());
            LOG.warn("could not ask for a rebalance of {} target(s) above their headroom ({}); the scheduled reconcile "
                    + "runs one, or invoke the rebalance function by hand; check events:PutEvents on the default bus",
                    crossed.size(), String.join("; ", published.errors()));
        }
    }
}
