package dev.mirrorpilot.policy.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when settings do not make a valid policy; carries every error, not just the first. */
public final class InvalidPolicyException extends IllegalArgumentException {
    private final transient List<PolicyError> errors;

    public InvalidPolicyException(List<PolicyError> errors) {
        super("invalid MirrorPilot policy:\n" + errors.stream().map(e -> "  - " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
