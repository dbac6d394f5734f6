package dev.mirrorpilot.events;

import java.util.List;
import java.util.Set;

/**
 * A change someone made to mirroring or to what scopes it, read from a CloudTrail call EventBridge
 * delivered: ids well formed, account and region the function's own, the caller named. Nothing is
 * acted on from what the event says: it only tells MirrorPilot what to read again.
 */
public sealed interface ChangeEvent {
    String eventId();

    /** The CloudTrail {@code eventName}. */
    String call();

    /** Who made the call. */
    Principal principal();

    /** When CloudTrail recorded the call ({@code detail.eventTime}, ISO-8601), or empty. */
    String eventTime();

    /** The resource the call named (a session, target, filter or filter rule id, or the first tagged resource). */
    String resourceId();

    /** {@code DeleteTrafficMirrorSession}: the session is gone, and with it the only record of its ENI. */
    record SessionDeleted(String eventId, String call, Principal principal, String eventTime, String resourceId)
            implements ChangeEvent {
    }

    /** {@code ModifyTrafficMirrorSession}: the session exists; what it now does is read again. */
    record SessionModified(String eventId, String call, Principal principal, String eventTime, String resourceId)
            implements ChangeEvent {
    }

    /** {@code DeleteTrafficMirrorTarget}: AWS keeps the target's sessions, which then mirror into nothing. */
    record TargetDeleted(String eventId, String call, Principal principal, String eventTime, String resourceId)
            implements ChangeEvent {
    }

    /** {@code DeleteTrafficMirrorFilter}. */
    record FilterDeleted(String eventId, String call, Principal principal, String eventTime, String resourceId)
            implements ChangeEvent {
    }

    /** {@code DeleteTrafficMirrorFilterRule} or {@code ModifyTrafficMirrorFilterRule}: the rule id only. */
    record FilterRuleChanged(String eventId, String call, Principal principal, String eventTime, String resourceId)
            implements ChangeEvent {
    }

    /**
     * {@code CreateTags} or {@code DeleteTags} on instances, ENIs or mirror targets (other resources
     * are left out). {@code keys} is empty when a DeleteTags named no tag (it removes them all).
     */
    record TagsChanged(String eventId, String call, Principal principal, String eventTime, List<String> resources,
                       Set<String> keys) implements ChangeEvent {
        public TagsChanged {
            resources = List.copyOf(resources);
            keys = Set.copyOf(keys);
        }

        @Override
        public String resourceId() {
            return resources.get(0);
        }

        /** Whether the call may have changed one of {@code scopingKeys} (a DeleteTags without keys removes every tag). */
        public boolean touchesAnyOf(Set<String> scopingKeys) {
            return keys.isEmpty() && call.equals("DeleteTags") || keys.stream().anyMatch(scopingKeys::contains);
        }
    }

    /**
     * A request to mirror one instance in full for a while: a GuardDuty finding on it ({@code call}
     * {@code GuardDuty Finding}, its severity and type) or a {@code MirrorPilot Surge Request} (a SOAR
     * playbook, a Vectra detection). {@code minutes} is 0 when the request names none (the setting decides).
     */
    record SurgeRequested(String eventId, String call, Principal principal, String eventTime, String resourceId, double severity,
                          int minutes, String reason) implements ChangeEvent {
    }

    /**
     * The caller of a CloudTrail call ({@code detail.userIdentity}). For an assumed role, {@code issuer}
     * is the role's ARN ({@code sessionContext.sessionIssuer.arn}), the one part a session name cannot change.
     */
    record Principal(String type, String arn, String issuer) {
        /** Whether the caller is one of MirrorPilot's own roles: its role ARN starts with one of {@code ownRolePrefixes}. */
        public boolean isOneOf(Set<String> ownRolePrefixes) {
            return type.equals("AssumedRole") && !issuer.isEmpty()
                    && ownRolePrefixes.stream().anyMatch(p -> !p.isEmpty() && issuer.startsWith(p));
        }

        /** The caller as a person reads it: the role or user ARN, else the type. */
        public String name() {
            return !issuer.isEmpty() ? issuer : !arn.isEmpty() ? arn : type.isEmpty() ? "an unknown caller" : type;
        }
    }
}
