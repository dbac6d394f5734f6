package dev.mirrorpilot.simulator.state;

import dev.mirrorpilot.simulator.model.Tags;
import java.util.OptionalInt;

/** The parameters of CreateTrafficMirrorSession, already parsed. */
public record SessionRequest(String networkInterfaceId, String targetId, String filterId, int sessionNumber,
                             OptionalInt virtualNetworkId, OptionalInt packetLength, String description, Tags tags,
                             String clientToken, boolean dryRun) {

    /** Everything that must match for a ClientToken replay to be the same request. */
    String fingerprint() {
        return String.join("|", networkInterfaceId, targetId, filterId, Integer.toString(sessionNumber),
                virtualNetworkId.toString(), packetLength.toString(), String.valueOf(description));
    }
}
