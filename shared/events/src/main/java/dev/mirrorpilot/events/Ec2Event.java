package dev.mirrorpilot.events;

import dev.mirrorpilot.policy.model.InstanceState;

/** An EC2 event MirrorPilot acts on, validated: ids well formed, account and region known. */
public sealed interface Ec2Event {
    String eventId();

    String account();

    String region();

    /** The instance the event is about, or empty when the event names only an ENI or attachment. */
    String instanceId();

    /** {@code EC2 Instance State-change Notification}. */
    record InstanceStateChanged(String eventId, String account, String region, String instanceId,
                                InstanceState state) implements Ec2Event {
    }

    /** CloudTrail {@code AttachNetworkInterface}: an ENI attached after launch. */
    record InterfaceAttached(String eventId, String account, String region, String instanceId,
                             String networkInterfaceId, int deviceIndex) implements Ec2Event {
    }

    /**
     * An Auto Scaling group's launch lifecycle action ({@code EC2 Instance-launch Lifecycle Action},
     * {@code autoscaling:EC2_INSTANCE_LAUNCHING}): mirror the instance, then let the group continue.
     */
    record LaunchLifecycleAction(String eventId, String account, String region, String instanceId, String groupName,
                                 String hookName, String token) implements Ec2Event {
    }

    /** CloudTrail {@code DetachNetworkInterface}: only the attachment id is known. */
    record InterfaceDetached(String eventId, String account, String region, String attachmentId) implements Ec2Event {
        @Override
        public String instanceId() {
            return "";
        }
    }

    /** CloudTrail {@code DeleteNetworkInterface}: AWS deletes the ENI's sessions with it. */
    record InterfaceDeleted(String eventId, String account, String region, String networkInterfaceId) implements Ec2Event {
        @Override
        public String instanceId() {
            return "";
        }
    }
}
