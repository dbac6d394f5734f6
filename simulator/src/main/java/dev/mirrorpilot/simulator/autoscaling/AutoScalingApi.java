package dev.mirrorpilot.simulator.autoscaling;

import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.ec2.Xml;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Auto Scaling's {@code CompleteLifecycleAction} (AWS Query protocol, version 2011-01-01) over launch
 * lifecycle actions a test opens: each has a token, a group, a hook and an instance, and completes
 * once; an unknown or spent token, or a group, hook or instance that does not match it, is a
 * {@code ValidationError}, as Auto Scaling answers.
 */
public final class AutoScalingApi {
    public static final String VERSION = "2011-01-01";
    private static final String NAMESPACE = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    /** One lifecycle action waiting for its result. */
    public record Pending(String token, String group, String hook, String instanceId) {
    }

    /** A completed action and the result given. */
    public record Completed(Pending action, String result) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<Completed> completed = new ArrayList<>();

    /** Opens a launch lifecycle action (as a group scaling out with a launch hook does) and returns its token. */
    public synchronized String launching(String group, String hook, String instanceId) {
        var token = UUID.randomUUID().toString();
        pending.put(token, new Pending(token, group, hook, instanceId));
        return token;
    }

    public synchronized List<Completed> completed() {
        return List.copyOf(completed);
    }

    public synchronized void reset() {
        pending.clear();
        completed.clear();
    }

    public synchronized String handle(QueryRequest request, String requestId) {
        if (!request.action().equals("CompleteLifecycleAction")) {
            throw AwsError.badRequest("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
        }
        var group = request.required("AutoScalingGroupName");
        var hook = request.required("LifecycleHookName");
        var result = request.required("LifecycleActionResult");
        if (!result.equals("CONTINUE") && !result.equals("ABANDON")) {
            throw AwsError.badRequest("ValidationError", "LifecycleActionResult must be CONTINUE or ABANDON");
        }
        var token = request.string("LifecycleActionToken").orElse("");
        var action = pending.get(token);
        if (action == null || !action.group().equals(group) || !action.hook().equals(hook)
                || request.string("InstanceId").filter(id -> !id.equals(action.instanceId())).isPresent()) {
            throw AwsError.badRequest("ValidationError", "No active Lifecycle Action found with token " + token);
        }
        pending.remove(token);
        completed.add(new Completed(action, result));
        return new Xml().openRoot("CompleteLifecycleActionResponse", NAMESPACE).open("CompleteLifecycleActionResult")
                .close("CompleteLifecycleActionResult").open("ResponseMetadata").element("RequestId", requestId)
                .close("ResponseMetadata").close("CompleteLifecycleActionResponse").toString();
    }
}
