package dev.mirrorpilot.policy.config;

/** One bad setting: which key, the value given, and what is wrong and allowed. */
public record PolicyError(String key, String value, String message) {
    @Override
    public String toString() {
        return key + "=" + (value == null ? "" : value) + ": " + message;
    }
}
