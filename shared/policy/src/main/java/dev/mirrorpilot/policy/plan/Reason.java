package dev.mirrorpilot.policy.plan;

import java.util.Objects;

/** A reason code plus the specifics (which session, which target, which type). */
public record Reason(ReasonCode code, String detail) {
    public Reason {
        Objects.requireNonNull(code, "code");
        detail = detail == null ? "" : detail;
    }

    public static Reason of(ReasonCode code) {
        return new Reason(code, "");
    }

    public static Reason of(ReasonCode code, String detail) {
        return new Reason(code, detail);
    }

    @Override
    public String toString() {
        return detail.isEmpty() ? code.meaning() : code.meaning() + " (" + detail + ")";
    }
}
