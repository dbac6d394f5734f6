package dev.mirrorpilot.policy.plan;

import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Tags;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One step of a plan, always with a reason. Only {@link Create}, {@link Delete} and
 * {@link Retarget} change anything; {@link Keep} and {@link Skip} explain what is left alone.
 * Delete and Retarget only ever name sessions carrying the MirrorPilot ownership tag.
 */
public sealed interface Action {
    Source source();

    Reason reason();

    /** Whether applying this action calls AWS. */
    default boolean isChange() {
        return false;
    }

    /** Create a session on the source ENI. */
    record Create(Source source, String targetId, String filterId, int sessionNumber, OptionalInt virtualNetworkId,
                  OptionalInt packetLength, Tags tags, Reason reason) implements Action {
        public Create {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(targetId, "targetId");
            Objects.requireNonNull(filterId, "filterId");
            Objects.requireNonNull(virtualNetworkId, "virtualNetworkId");
            Objects.requireNonNull(packetLength, "packetLength");
            Objects.requireNonNull(tags, "tags");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean isChange() {
            return true;
        }
    }

    /** Delete a MirrorPilot session. */
    record Delete(Source source, MirrorSession session, Reason reason) implements Action {
        public Delete {
            Objects.requireNonNull(session, "session");
            if (!session.isManaged()) {
                throw new IllegalArgumentException("refusing to delete foreign session " + session.id());
            }
        }

        @Override
        public boolean isChange() {
            return true;
        }
    }

    /**
     * Modify a MirrorPilot session in place (ModifyTrafficMirrorSession): a new target, and the
     * filter, session number, VNI and packet length the policy asks for. No delete/create gap.
     */
    record Retarget(Source source, MirrorSession session, String targetId, String filterId, int sessionNumber,
                    OptionalInt virtualNetworkId, OptionalInt packetLength, Reason reason) implements Action {
        public Retarget {
            Objects.requireNonNull(session, "session");
            if (!session.isManaged()) {
                throw new IllegalArgumentException("refusing to modify foreign session " + session.id());
            }
        }

        public boolean changesTarget() {
            return !session.targetId().equals(targetId);
        }

        @Override
        public boolean isChange() {
            return true;
        }
    }

    /** Leave a MirrorPilot session as it is. */
    record Keep(Source source, MirrorSession session, Reason reason) implements Action {
    }

    /** Leave a source unmirrored. */
    record Skip(Source source, Reason reason) implements Action {
    }
}
