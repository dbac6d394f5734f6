package dev.mirrorpilot.functions.detach;

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
 * Removes MirrorPilot sessions that should not outlive their source: when an instance shuts down
 * or terminates (sessions of surviving secondary ENIs keep billing otherwise), when it stops and
 * the policy removes sessions on stop, and when an ENI is detached or deleted.
 */
public final class DetachOnTerminateHandler implements RequestStreamHandler {
    private static volatile FunctionRuntime container;
    private final EventFunction function;

    public DetachOnTerminateHandler() {
        this(context -> {
            if (container == null) {
                container = FunctionRuntime.fromEnvironment(System.getenv(), context.getInvokedFunctionArn());
            }
            return container;
        });
    }

    public DetachOnTerminateHandler(Function<Context, FunctionRuntime> runtime) {
        this.function = new EventFunction(runtime, Set.of(InstanceState.SHUTTING_DOWN, InstanceState.TERMINATED,
                InstanceState.STOPPING, InstanceState.STOPPED));
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        function.handle(input, output, context, runtime -> event -> {
            if (event instanceof Ec2Event.InstanceStateChanged changed) {
                return Results.of(changed.instanceId(), runtime.mirroring().cleanUp(changed.instanceId(), changed.eventId()),
                        runtime.policy());
            }
            if (event instanceof Ec2Event.InterfaceDeleted deleted) {
                return Results.deletions(deleted.networkInterfaceId(),
                        runtime.mirroring().cleanUpInterface(deleted.networkInterfaceId()));
            }
            if (event instanceof Ec2Event.InterfaceDetached detached) {
                return Results.deletions(detached.attachmentId(), runtime.mirroring().cleanUpDetached(detached.attachmentId()));
            }
            return Results.ignored("AttachNetworkInterface is handled by attach-on-launch");
        });
    }
}
