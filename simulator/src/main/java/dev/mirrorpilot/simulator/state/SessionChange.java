package dev.mirrorpilot.simulator.state;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/** The parameters of ModifyTrafficMirrorSession, already parsed; empty means "leave as is". */
public record SessionChange(String sessionId, Optional<String> targetId, Optional<String> filterId,
                            OptionalInt sessionNumber, OptionalInt virtualNetworkId, OptionalInt packetLength,
                            Optional<String> description, Set<String> removeFields, boolean dryRun) {
}
