package dev.mirrorpilot.events;

/** The result of reading an event: something to act on, or the reason it was refused. */
public sealed interface EventVerdict {
    /** A valid event. */
    record Accepted(Ec2Event event) implements EventVerdict {
    }

    /**
     * An event that will not be acted on, and why. {@code reason} is a short code for the metric
     * dimension; {@code message} says what was wrong and what to check.
     */
    record Rejected(String eventId, String reason, String message) implements EventVerdict {
    }
}
