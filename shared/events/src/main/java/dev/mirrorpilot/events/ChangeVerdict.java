package dev.mirrorpilot.events;

/** The result of reading a change event: something to look at again, or the reason it was refused. */
public sealed interface ChangeVerdict {
    /** A valid change event. */
    record Accepted(ChangeEvent event) implements ChangeVerdict {
    }

    /** A change event that will not be acted on; {@code reason} is a short code, {@code message} says what was wrong. */
    record Rejected(String eventId, String reason, String message) implements ChangeVerdict {
    }
}
