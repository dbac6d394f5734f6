package dev.mirrorpilot.brain;

import java.util.Objects;

/**
 * How MirrorPilot signs in to a Brain: an API token (Detect / Quadrant UX, API v2.5) or an OAuth
 * client (Respond UX / Vectra AI Platform, API v3.3+). {@code toString} never shows a secret.
 */
public sealed interface BrainCredentials {
    /** {@code Authorization: Token <token>} on every call. */
    record ApiToken(String token) implements BrainCredentials {
        public ApiToken {
            if (Objects.requireNonNull(token, "token").isBlank()) {
                throw new IllegalArgumentException("the Brain API token is empty");
            }
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
        }

        @Override
        public String toString() {
            return "OAuthClient[" + clientId + ", ****]";
        }
    }
}
