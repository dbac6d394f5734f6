package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.Action;
import java.util.List;

/**
 * What applying a plan did: sessions created, modified and deleted (and those AWS had already
 * deleted), creates refused for capacity (re-plan), permanent failures with the AWS code (a person
 * must act; not retried), and the changes not started because the run stopped early.
 */
public record ApplyReport(List<MirrorSession> createdSessions, List<MirrorSession> retargetedSessions,
                          List<String> deleted, List<String> alreadyGone,
                          List<Action.Create> refusedForCapacity, List<Failure> failures,
                          List<Action> notStarted, Stop stop) {

    /** Why applying ended. */
    public enum Stop {
        /** Every change was tried. */
        COMPLETE,
        /** The caller's limit (deadline, maximum changes) was reached. */
        LIMIT,
        /** A change kept failing transiently (throttling, 5xx) after retries and slowing down. */
        TRANSIENT_FAILURES,
        /** EC2 refused a change for lack of permission: the rest would be refused too. */
        PERMISSION_DENIED,
        /** EC2 refused a create: the account holds 10,000 sessions. */
        ACCOUNT_SESSION_LIMIT
    }

    public ApplyReport(List<MirrorSession> createdSessions, List<MirrorSession> retargetedSessions, List<String> deleted,
                       List<String> alreadyGone, List<Action.Create> refusedForCapacity, List<Failure> failures) {
        this(createdSessions, retargetedSessions, deleted, alreadyGone, refusedForCapacity, failures, List.of(), Stop.COMPLETE);
    }

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
        notStarted = List.copyOf(notStarted);
        java.util.Objects.requireNonNull(stop, "stop");
    }

    /** Changes made (created, retargeted, deleted, or found already done by AWS). */
    public int changesMade() {
        return createdSessions.size() + retargetedSessions.size() + deleted.size() + alreadyGone.size();
    }

    public List<String> created() {
        return createdSessions.stream().map(MirrorSession::id).toList();
    }
}
