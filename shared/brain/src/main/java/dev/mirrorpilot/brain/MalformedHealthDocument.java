package dev.mirrorpilot.brain;

/**
 * A health answer that cannot be read at all: not JSON, too large, a key given twice, or a section
 * whose shape is not the API's. Its message says what is wrong and never quotes the document (a
 * Brain's answer is not logged whole).
 */
public final class MalformedHealthDocument extends Exception {
    public MalformedHealthDocument(String message) {
        super(message);
    }
}
