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
 * function's ARN. A bad setting does not fail init: the first event reports it. Registered for
 * SnapStart: before the snapshot it primes the event, SDK and planner paths without sending a
 * request ({@link SnapshotPriming}); after a restore it drops the account context, so no cached read
 * outlives the snapshot (credentials are resolved per call by the SDK, never before the snapshot).
 */
public final class FunctionContainer implements Function<Context, FunctionRuntime>, Resource {
    /** The account the function runs in; set by the stack from {@code AWS::AccountId}. */
    public static final String ACCOUNT_ID = "MIRRORPILOT_ACCOUNT_ID";
    private static final Logger LOG = LoggerFactory.getLogger(FunctionContainer.class);

    private final Map<String, String> environment;
    private final Set<InstanceState> states;
    private final Runnable beforeSnapshot;
    private volatile FunctionRuntime runtime;

    private FunctionContainer(Map<String, String> environment, Set<InstanceState> states, Runnable beforeSnapshot) {
        this.environment = Map.copyOf(environment);
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
        var container = new FunctionContainer(environment, states, beforeSnapshot);
        var account = environment.getOrDefault(ACCOUNT_ID, "");
        if (account.matches("\\d{12}")) {
            try {
                container.runtime = FunctionRuntime.forAccount(environment, account);
            } catch (RuntimeException e) {
                // Reported by the first event, with the function's error handling and metric.
            }
        }
        Core.getGlobalContext().register(container);
        return container;
    }

    /** Around a runtime a test or a harness built (not registered for SnapStart; call the hooks directly). */
    public static FunctionContainer around(FunctionRuntime runtime, Map<String, String> environment, Set<InstanceState> states) {
        var container = new FunctionContainer(environment, states, () -> { });
        container.runtime = runtime;
        return container;
    }

    /** Whether the runtime was built before the first event. */
    public boolean isBuilt() {
        return runtime != null;
    }

    @Override
    public FunctionRuntime apply(Context context) {
        var built = runtime;
        if (built == null) {
            synchronized (this) {
                if (runtime == null) {
                    runtime = FunctionRuntime.fromEnvironment(environment, context.getInvokedFunctionArn());
                }
                built = runtime;
            }
        }
        return built;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            var built = runtime;
            var policy = built != null ? built.policy() : MirrorPolicy.fromSettings(environment);
            var account = built != null ? built.account() : "000000000000";
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
        var built = runtime;
        if (built != null) {
            built.afterRestore();
        }
    }
}
