package dev.mirrorpilot.brain;

import java.util.Locale;
import java.util.Optional;

/** A health check's status as the Brain reports it (Vectra health API: OK, WARNING, CRITICAL, UNKNOWN, SKIP). */
public enum CheckStatus {
    OK, WARNING, CRITICAL, UNKNOWN, SKIP;

    /** Case-insensitive; empty for a value the API does not document. */
    public static Optional<CheckStatus> of(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
