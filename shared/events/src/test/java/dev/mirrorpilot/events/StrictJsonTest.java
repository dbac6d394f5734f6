package dev.mirrorpilot.events;

import dev.mirrorpilot.policy.text.Printable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The one JSON contract of every entry point, and what it echoes. */
class StrictJsonTest {
    private static String refusal(String raw) {
        return catchThrowableOfType(StrictJson.RefusedException.class, () -> StrictJson.read(raw, "the payload")).reason();
    }

    @Test
    void exactlyOneDocumentWithEachKeyOnceIsRead() {
        assertThat(StrictJson.read("{\"dryRun\": true}", "the payload").path("dryRun").asBoolean()).isTrue();
        assertThat(refusal("{\"dryRun\": false}{\"dryRun\": true}")).isEqualTo("trailing-data");
        assertThat(refusal("{\"dryRun\": false} true")).isEqualTo("trailing-data");
        assertThat(refusal("{\"dryRun\": false, \"dryRun\": true}")).isEqualTo("duplicate-key");
        assertThat(refusal("")).isEqualTo("empty");
        assertThat(refusal(" \n")).isEqualTo("empty");
        assertThat(refusal("{dryRun: true}")).isEqualTo("not-json");
        assertThat(refusal("[".repeat(100) + "]".repeat(100))).isEqualTo("too-deep");
        assertThat(refusal("\"" + "x".repeat(StrictJson.MAX_BYTES) + "\"")).isEqualTo("too-large");
    }

    @Test
    void printableTextEscapesWhatCouldForgeALineOrHideAndSaysHowLongACutValueWas() {
        assertThat(Printable.of("web\u001b[2J\nfake line\u202e\u200b")).isEqualTo("web\\u001b[2J\\u000afake line\\u202e\\u200b");
        assertThat(Printable.of("Sensör-ä 東京")).isEqualTo("Sensör-ä 東京");
        assertThat(Printable.of("x".repeat(150))).endsWith("... (150 characters)").startsWith("x".repeat(100) + "...");
        assertThat(Printable.isSafe("i-0a2b\u0000")).isFalse();
        assertThat(Printable.of(null)).isEmpty();
    }
}
