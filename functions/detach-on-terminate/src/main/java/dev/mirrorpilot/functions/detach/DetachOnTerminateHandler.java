package dev.mirrorpilot.functions.detach;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.mirrorpilot.events.Ec2Event;
import dev.mirrorpilot.lambda.EventFunction;
import dev.mirrorpilot.lambda.FunctionContainer;
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
    private static final Set<InstanceState> STATES = Set.of(InstanceState.SHUTTING_DOWN, InstanceState.TERMINATED,
            InstanceState.STOPPING, InstanceState.STOPPED);
    private final EventFunction function;

    /** What Lambda calls at init: clients and policy are built now, before the first event (and any snapshot). */
    public DetachOnTerminateHandler() {
        this(Container.RUNTIME);
    }

    public DetachOnTerminateHandler(Function<Context, FunctionRuntime> runtime) {
        this.function = new EventFunction(runtime, STATES);
    }

    /** Built when Lambda first instantiates the handler; tests that pass their own runtime never load it. */
    private static final class Container {
        static final FunctionContainer RUNTIME = FunctionContainer.atInit(System.getenv(), STATES);
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
            return Results.ignored(event.getClass().getSimpleName() + " is handled by attach-on-launch");
        });
    }
}
