package dev.mirrorpilot.events;

import dev.mirrorpilot.policy.text.Printable;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * How every MirrorPilot entry point reads JSON (events, payloads, DLQ records, files): exactly one
 * document, no key twice (which value counts would be the parser's guess), nothing after it (so
 * {@code {"dryRun":false}{"dryRun":true}} is not a real run), at most {@link #MAX_BYTES} and 64
 * levels deep. A refusal names what was wrong in words a person can act on, with any echoed text
 * made {@link Printable}; it is never an exception Lambda would retry.
 */
public final class StrictJson {
    /** EventBridge events and Lambda's asynchronous payloads are at most 256 KB. */
    public static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
    }

    /** Input that breaks the contract; {@link #reason()} is a stable code, the message says what to do. */
    public static final class RefusedException extends IllegalArgumentException {
        private final String reason;

        public RefusedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private StrictJson() {
    }

    /** The mapper behind {@link #read}, for writing or for a caller that binds records; configured the same way. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Reads {@code raw} as one JSON document; {@code what} names it in messages ("the payload").
     *
     * @throws RefusedException with reason empty, too-large, duplicate-key, trailing-data, too-deep or not-json
     */
    public static JsonNode read(String raw, String what) {
        if (raw == null || raw.isBlank()) {
            throw new RefusedException("empty", what + " is empty");
        }
        if (raw.length() > MAX_BYTES || raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new RefusedException("too-large", what + " is larger than " + MAX_BYTES / 1024 + " KB");
        }
        try {
            return MAPPER.readTree(raw);
        } catch (JacksonException e) {
            var detail = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
            if (detail.startsWith("Duplicate field")) {
                throw new RefusedException("duplicate-key", what + " has a key twice (" + Printable.of(detail)
                        + "); which value counts would be a guess, so nothing is done");
            }
            if (detail.startsWith("Trailing token")) {
                throw new RefusedException("trailing-data", what + " has more after its JSON value; send exactly one JSON document");
            }
            if (detail.contains("nesting depth")) {
                throw new RefusedException("too-deep", what + " is nested deeper than " + MAX_DEPTH + " levels");
            }
            throw new RefusedException("not-json", what + " is not valid JSON (" + Printable.of(detail) + ")");
        }
    }
}
