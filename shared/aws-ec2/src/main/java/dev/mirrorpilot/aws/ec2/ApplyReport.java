package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Action;
import java.util.List;

/**
 * What applying a plan did: sessions created, modified and deleted (and those AWS had already
 * deleted), creates refused for capacity (re-plan), and permanent failures with the AWS code
 * (a person must act; not retried).
 */
public record ApplyReport(List<MirrorSession> createdSessions, List<MirrorSession> retargetedSessions,
                          List<String> deleted, List<String> alreadyGone,
                          List<Action.Create> refusedForCapacity, List<Failure> failures) {

    /** A change AWS refused for good. */
    public record Failure(Action action, String code, String message) {
    }

    public ApplyReport {
        createdSessions = List.copyOf(createdSessions);
        retargetedSessions = List.copyOf(retargetedSessions);
        deleted = List.copyOf(deleted);
        alreadyGone = List.copyOf(alreadyGone);
        refusedForCapacity = List.copyOf(refusedForCapacity);
        failures = List.copyOf(failures);
    }

    public List<String> created() {
        return createdSessions.stream().map(MirrorSession::id).toList();
    }
}
