package dev.mirrorpilot.simulator.state;

import dev.mirrorpilot.simulator.model.MirrorSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CreateTrafficMirrorSession idempotency: a token seen before with the same parameters returns the
 * session it created (even if that session has since been deleted, as EC2 keeps tokens for at
 * least a day); with other parameters it is IdempotentParameterMismatch.
 */
final class ClientTokens {
    private record Seen(String parameters, MirrorSession created) {
    }

    private final Map<String, Seen> seen = new HashMap<>();

    /** The earlier result for this token, or empty if the token is new. */
    Optional<MirrorSession> replay(String token, String parameters) {
        var earlier = seen.get(token);
        if (earlier == null) {
            return Optional.empty();
        }
        if (!earlier.parameters().equals(parameters)) {
            throw new dev.mirrorpilot.simulator.AwsError(400, "IdempotentParameterMismatch",
                    "The client token " + token + " was already used with different parameters");
        }
        return Optional.of(earlier.created());
    }

    void remember(String token, String parameters, MirrorSession created) {
        seen.put(token, new Seen(parameters, created));
    }

    void clear() {
        seen.clear();
    }
}
