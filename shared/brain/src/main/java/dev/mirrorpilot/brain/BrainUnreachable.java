package dev.mirrorpilot.brain;

/**
 * The Brain's health could not be had this run: no connection, TLS not trusted, refused
 * credentials, rate limited past the run's time, an error answer, or an answer that cannot be read.
 * The message says which and what to check; it never holds a credential or the answer's body.
 */
public final class BrainUnreachable extends Exception {
    /** Why, for metrics and findings. */
    public enum Reason { CONNECTION, TLS, CREDENTIALS, RATE_LIMITED, SERVER_ERROR, MALFORMED, TIMEOUT }

    private final Reason reason;

    public BrainUnreachable(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
