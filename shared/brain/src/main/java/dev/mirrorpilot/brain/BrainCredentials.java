package dev.mirrorpilot.brain;

import java.util.Objects;

/**
 * How MirrorPilot signs in to a Brain: an API token (Detect / Quadrant UX, API v2.5) or an OAuth
 * client (Respond UX / Vectra AI Platform, API v3.3+). {@code toString} never shows a secret, and
 * no message does: a value an HTTP header cannot carry (a line break, a space, an invisible or
 * non-ASCII character) is refused by where it is, never by what it is.
 */
public sealed interface BrainCredentials {
    /**
     * Empty when {@code value} can travel in an Authorization header (visible ASCII, no space);
     * else where the first bad character is, for a message that shows no part of the value.
     */
    static java.util.Optional<String> unfitForHeader(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return java.util.Optional.of("character " + (i + 1) + " of " + value.length() + " is "
                        + (c == '\n' || c == '\r' ? "a line break" : c == ' ' || c == '\t' ? "a space" : "invisible or not ASCII"));
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code Authorization: Token <token>} on every call. */
    record ApiToken(String token) implements BrainCredentials {
        public ApiToken {
            if (Objects.requireNonNull(token, "token").isBlank()) {
                throw new IllegalArgumentException("the Brain API token is empty");
            }
            unfitForHeader(token).ifPresent(where -> {
                throw new IllegalArgumentException("the Brain API token cannot be sent: " + where + "; copy the token again "
                        + "without it (the value is not shown)");
            });
        }

        @Override
        public String toString() {
            return "ApiToken[****]";
        }
    }

    /** Client credentials exchanged at {@code /oauth2/token} for a bearer token. */
    record OAuthClient(String clientId, String secret) implements BrainCredentials {
        public OAuthClient {
            if (Objects.requireNonNull(clientId, "clientId").isBlank() || Objects.requireNonNull(secret, "secret").isBlank()) {
                throw new IllegalArgumentException("the Brain OAuth client id or secret is empty");
            }
            unfitForHeader(clientId).ifPresent(where -> {
                throw new IllegalArgumentException("the Brain OAuth client id cannot be sent: " + where);
            });
            unfitForHeader(secret).ifPresent(where -> {
                throw new IllegalArgumentException("the Brain OAuth client secret cannot be sent: " + where + "; copy it again "
                        + "without it (the value is not shown)");
            });
        }

        @Override
        public String toString() {
            return "OAuthClient[" + clientId + ", ****]";
        }
    }
}
