package dev.mirrorpilot.inventory;

/** The inventory file cannot be used; the message names the file, the place in it and what is wrong. */
public final class InvalidInventoryException extends IllegalArgumentException {
    public InvalidInventoryException(String message) {
        super(message);
    }

    public InvalidInventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
