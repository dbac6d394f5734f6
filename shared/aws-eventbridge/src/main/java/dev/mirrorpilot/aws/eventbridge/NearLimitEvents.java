package dev.mirrorpilot.aws.eventbridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.policy.capacity.HeadroomCrossing;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * Publishes a {@code MirrorPilot Target Near Limit} event on the account's default bus for each
 * target a launch took above its headroom; a rule sends it to the rebalance function. Up to 10
 * entries a call (the PutEvents maximum). IAM: {@code events:PutEvents} on the default bus.
 */
public final class NearLimitEvents {
    public static final String SOURCE = "mirrorpilot";
    public static final String DETAIL_TYPE = "MirrorPilot Target Near Limit";
    static final int ENTRIES_PER_CALL = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What publishing did: events accepted, and why any was not (entry errors or the call's failure). */
    public record Published(int accepted, List<String> errors) {
        public boolean complete() {
            return errors.isEmpty();
        }
    }

    private final EventBridgeClient events;

    public NearLimitEvents(EventBridgeClient events) {
        this.events = events;
    }

    /** Never throws: the sessions are made already, and the scheduled reconcile asks for a rebalance anyway. */
    public Published publish(List<HeadroomCrossing.Crossed> crossed, String instanceId) {
        int accepted = 0;
        var errors = new ArrayList<String>();
        for (int from = 0; from < crossed.size(); from += ENTRIES_PER_CALL) {
            var entries = crossed.subList(from, Math.min(crossed.size(), from + ENTRIES_PER_CALL)).stream()
                    .map(c -> entry(c, instanceId)).toList();
            try {
                var response = events.putEvents(b -> b.entries(entries));
                for (var result : response.entries()) {
                    if (result.errorCode() == null) {
                        accepted++;
                    } else {
                        errors.add(result.errorCode() + ": " + result.errorMessage());
                    }
                }
            } catch (SdkException e) {
                errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return new Published(accepted, List.copyOf(errors));
    }

    private static PutEventsRequestEntry entry(HeadroomCrossing.Crossed c, String instanceId) {
        var detail = JSON.createObjectNode().put("targetId", c.targetId()).put("targetName", c.name())
                .put("sourcesBefore", c.before()).put("sources", c.after()).put("headroom", c.headroom())
                .put("limit", c.limit()).put("launchedInstanceId", instanceId);
        return PutEventsRequestEntry.builder().source(SOURCE).detailType(DETAIL_TYPE).detail(detail.toString()).build();
    }
}
