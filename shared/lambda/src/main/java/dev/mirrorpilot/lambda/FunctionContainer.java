package dev.mirrorpilot.lambda;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import com.amazonaws.services.lambda.runtime.Context;
import dev.mirrorpilot.lambda.snapstart.SnapshotPriming;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link FunctionRuntime} of one Lambda container, built at init when the environment names the
 * account ({@value #ACCOUNT_ID}, which the stack sets), else on the first invocation from the
 * function's ARN, and built again (same client) whenever the {@link StackSettings} read at an
 * invocation differ from those it was built with. A bad setting does not fail init: the first event
 * reports it. Registered for
 * SnapStart: before the snapshot it primes the event, SDK and planner paths without sending a
 * request ({@link SnapshotPriming}); after a restore it drops the account context, so no cached read
 * outlives the snapshot (credentials are resolved per call by the SDK, never before the snapshot).
 */
public final class FunctionContainer implements Function<Context, FunctionRuntime>, Resource {
    /** The account the function runs in; set by the stack from {@code AWS::AccountId}. */
    public static final String ACCOUNT_ID = "MIRRORPILOT_ACCOUNT_ID";
    private static final Logger LOG = LoggerFactory.getLogger(FunctionContainer.class);

    private final StackSettings settings;
    private final Set<InstanceState> states;
    private final Runnable beforeSnapshot;
    private volatile Built built;

    /** A runtime and the settings it was built from. */
    private record Built(Map<String, String> settings, FunctionRuntime runtime) {
    }

    private FunctionContainer(StackSettings settings, Set<InstanceState> states, Runnable beforeSnapshot) {
        this.settings = settings;
        this.states = Set.copyOf(states);
        this.beforeSnapshot = beforeSnapshot;
    }

    /** Builds what it can now and registers for SnapStart's checkpoint and restore. */
    public static FunctionContainer atInit(Map<String, String> environment, Set<InstanceState> states) {
        return atInit(environment, states, () -> { });
    }

    /**
     * As {@link #atInit(Map, Set)}; {@code beforeSnapshot} builds what only some events need (a client
     * most invocations never use), so a snapshot holds it while a start without SnapStart does not pay for it.
     */
    public static FunctionContainer atInit(Map<String, String> environment, Set<InstanceState> states, Runnable beforeSnapshot) {
        return atInit(StackSettings.of(environment), states, beforeSnapshot);
    }

    /** As {@link #atInit(Map, Set, Runnable)} with settings a test or a harness built. */
    public static FunctionContainer atInit(StackSettings settings, Set<InstanceState> states, Runnable beforeSnapshot) {
        var container = new FunctionContainer(settings, states, beforeSnapshot);
        var environment = settings.environment();
        var account = environment.getOrDefault(ACCOUNT_ID, "");
        if (account.matches("\\d{12}")) {
            try {
                // From the environment alone (no request before a snapshot); the first event reads the settings.
                container.built = new Built(environment, FunctionRuntime.forAccount(environment, account));
            } catch (RuntimeException e) {
                // Reported by the first event, with the function's error handling and metric.
            }
        }
        Core.getGlobalContext().register(container);
        return container;
    }

    /** Around a runtime a test or a harness built (not registered for SnapStart; call the hooks directly). */
    public static FunctionContainer around(FunctionRuntime runtime, Map<String, String> environment, Set<InstanceState> states) {
        var settings = StackSettings.of(environment);
        var container = new FunctionContainer(settings, states, () -> { });
        container.built = new Built(settings.environment(), runtime);
        return container;
    }

    /** Whether the runtime was built before the first event. */
    public boolean isBuilt() {
        return built != null;
    }

    @Override
    public FunctionRuntime apply(Context context) {
        var current = settings.current();
        var now = built;
        if (now == null || !now.settings().equals(current)) {
            synchronized (this) {
                now = built;
                if (now == null) {
                    now = new Built(current, FunctionRuntime.fromEnvironment(current, context.getInvokedFunctionArn()));
                } else if (!now.settings().equals(current)) {
                    now = new Built(current, now.runtime().withSettings(current));
                }
                built = now;
            }
        }
        return now.runtime();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            var runtime = built == null ? null : built.runtime();
            var environment = settings.environment();
            var policy = runtime != null ? runtime.policy() : MirrorPolicy.fromSettings(environment);
            var account = runtime != null ? runtime.account() : "000000000000";
            var primed = SnapshotPriming.run(policy, account, FunctionRuntime.regionOf(environment), states);
            beforeSnapshot.run();
            LOG.info("primed for the snapshot: EC2 answered in process, nothing sent", entry("priming_ms", primed.millis()),
                    entry("ec2_actions", primed.actions().size()));
        } catch (RuntimeException e) {
            // A snapshot without priming is only slower; the first event reports a bad setting.
            LOG.warn("priming skipped: {}", e.getMessage());
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        var now = built;
        if (now != null) {
            now.runtime().afterRestore();
        }
    }
}
