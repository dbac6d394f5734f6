package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.plan.Action;
import java.util.List;

/**
 * What applying a plan did: sessions created, modified and deleted, creates refused for capacity
 * (re-plan), and permanent failures with the AWS code (a person must act; not retried).
 */
public record ApplyReport(List<String> created, List<String> retargeted, List<String> deleted,
                          List<Action.Create> refusedForCapacity, List<Failure> failures) {

    /** A change AWS refused for good. */
    public record Failure(Action action, String code, String message) {
    }

    public ApplyReport {
        created = List.copyOf(created);
        retargeted = List.copyOf(retargeted);
        deleted = List.copyOf(deleted);
        refusedForCapacity = List.copyOf(refusedForCapacity);
        failures = List.copyOf(failures);
    }
}
