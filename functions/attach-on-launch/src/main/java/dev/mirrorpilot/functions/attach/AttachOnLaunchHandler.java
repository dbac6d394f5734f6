package dev.mirrorpilot.functions.attach;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mirrorpilot.events.Ec2Event;
import dev.mirrorpilot.lambda.EventFunction;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.lambda.Results;
import dev.mirrorpilot.policy.model.InstanceState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import java.util.function.Function;

/**
 * Mirrors an instance that starts running, and an ENI attached later when the policy covers all
 * interfaces. EventBridge: {@code EC2 Instance State-change Notification} (running) and CloudTrail
 * {@code AttachNetworkInterface}.
 */
public final class AttachOnLaunchHandler implements RequestStreamHandler {
    private static volatile FunctionRuntime container;
    private final EventFunction function;

    public AttachOnLaunchHandler() {
        this(context -> {
            if (container == null) {
                container = FunctionRuntime.fromEnvironment(System.getenv(), context.getInvokedFunctionArn());
            }
            return container;
        });
    }

    /** With the runtime a test (or the CLI) builds. */
    public AttachOnLaunchHandler(Function<Context, FunctionRuntime> runtime) {
        this.function = new EventFunction(runtime, Set.of(InstanceState.RUNNING));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, runtime -> event -> {
            if (event instanceof Ec2Event.InstanceStateChanged || event instanceof Ec2Event.InterfaceAttached) {
                var outcome = runtime.mirroring().mirror(event.instanceId(), event.eventId());
                return Results.of(event.instanceId(), outcome, runtime.policy());
            }
            return Results.ignored(event.getClass().getSimpleName() + " is handled by detach-on-terminate");
        });
    }
}
