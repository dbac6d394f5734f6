package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.SessionPlan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TrafficMirrorSessionField;

/**
 * Applies a plan's changes to EC2, in the plan's order. Creates carry the ownership tags, a
 * description naming the instance and a ClientToken derived from the event and the session's
 * parameters: a duplicate delivery of the same event gets the same token (and so the same
 * session), while a later, legitimately new session never reuses one. Transient failures are
 * thrown (after the SDK's retries) so the event is retried; the rest is reported.
 */
public final class PlanApplier {
    /** How a run paces its changes, and what it does when one still fails transiently after the SDK's retries. */
    public interface Pacing {
        /** What to do about a change that failed transiently. */
        enum OnTransient { RETRY, STOP, THROW }

        /** Called before each change; may block. */
        void beforeChange();

        /** The change failed transiently for the {@code failures}-th time. */
        OnTransient onTransient(int failures);

        /** Event functions: no pacing; transient failures are thrown so Lambda retries the event. */
        Pacing EVENT = new Pacing() {
            @Override
            public void beforeChange() {
            }

            @Override
            public OnTransient onTransient(int failures) {
                return OnTransient.THROW;
            }
        };

        /** Bulk runs: paced; a throttled change is retried after slowing down, then the run stops to resume later. */
        static Pacing bulk(MutationPacer pacer, int retries) {
            return new Pacing() {
                @Override
                public void beforeChange() {
                    pacer.acquire();
                }

                @Override
                public OnTransient onTransient(int failures) {
                    pacer.throttled();
                    return failures <= retries ? OnTransient.RETRY : OnTransient.STOP;
                }
            };
        }
    }

    private final Ec2Client ec2;
    private final Pacing pacing;
    private final java.util.function.Consumer<Action> afterChange;

    public PlanApplier(Ec2Client ec2) {
        this(ec2, Pacing.EVENT, action -> { });
    }

    /** With pacing and a listener called after each change (bulk runs: progress). */
    public PlanApplier(Ec2Client ec2, Pacing pacing, java.util.function.Consumer<Action> afterChange) {
        this.ec2 = ec2;
        this.pacing = pacing;
        this.afterChange = afterChange;
    }

    public ApplyReport apply(SessionPlan plan, String eventId) {
        return apply(plan, eventId, () -> true);
    }

    /** As {@link #apply(SessionPlan, String)}, naming each new session's ENI attachment in its description. */
    public ApplyReport apply(SessionPlan plan, String eventId, dev.mirrorpilot.policy.model.Inventory inventory) {
        return apply(plan, eventId, () -> true, attachments(inventory));
    }

    /** The attachment id of every attached ENI the inventory read. */
    static java.util.Map<String, String> attachments(dev.mirrorpilot.policy.model.Inventory inventory) {
        var out = new java.util.HashMap<String, String>();
        inventory.allInterfaces().forEach(e -> e.attachment().filter(a -> !a.attachmentId().isEmpty())
                .ifPresent(a -> out.put(e.id(), a.attachmentId())));
        return out;
    }

    public ApplyReport apply(SessionPlan plan, String eventId, java.util.function.BooleanSupplier mayStartAnother) {
        return apply(plan, eventId, mayStartAnother, java.util.Map.of());
    }

    /**
     * Applies the changes in order while {@code mayStartAnother} says so (asked before each one);
     * what was not started is in the report, to be planned again by a later run.
     */
    public ApplyReport apply(SessionPlan plan, String eventId, java.util.function.BooleanSupplier mayStartAnother,
                             java.util.Map<String, String> attachmentIds) {
        var created = new ArrayList<MirrorSession>();
        var retargeted = new ArrayList<MirrorSession>();
        var deleted = new ArrayList<String>();
        var gone = new ArrayList<String>();
        var refused = new ArrayList<Action.Create>();
        var failures = new ArrayList<ApplyReport.Failure>();
        var changes = plan.changes();
        var stop = ApplyReport.Stop.COMPLETE;
        int next = 0;
        int transientFailures = 0;
        while (next < changes.size()) {
            var action = changes.get(next);
            if (transientFailures == 0 && !mayStartAnother.getAsBoolean()) {
                stop = ApplyReport.Stop.LIMIT;
                break;
            }
            pacing.beforeChange();
            try {
                if (action instanceof Action.Delete delete) {
                    (delete(delete.session().id()) ? deleted : gone).add(delete.session().id());
                } else if (action instanceof Action.Retarget retarget) {
                    modify(retarget);
                    retargeted.add(modified(retarget));
                } else if (action instanceof Action.Create create) {
                    created.add(create(create, eventId, attachmentIds.getOrDefault(create.source().eniId(), "")));
                }
            } catch (SdkException e) {
                switch (Ec2Failure.of(e)) {
                    case TRANSIENT -> {
                        var decision = pacing.onTransient(++transientFailures);
                        if (decision == Pacing.OnTransient.THROW) {
                            throw e;
                        }
                        if (decision == Pacing.OnTransient.RETRY) {
                            continue;
                        }
                        stop = ApplyReport.Stop.TRANSIENT_FAILURES;
                    }
                    case CAPACITY -> {
                        if (action instanceof Action.Create create) {
                            refused.add(create);
                        } else {
                            failures.add(new ApplyReport.Failure(action, Ec2Failure.code(e), e.getMessage()));
                        }
                    }
                    case GONE -> {
                        if (action instanceof Action.Retarget r) {
                            gone.add(r.session().id());
                        }
                    }
                    case PERMANENT -> {
                        failures.add(new ApplyReport.Failure(action, Ec2Failure.code(e), e.getMessage()));
                        if (Ec2Failure.isPermissionDenied(e)) {
                            stop = ApplyReport.Stop.PERMISSION_DENIED; // every other change would be refused too
                        } else if (Ec2Failure.isAccountSessionLimit(e) && action instanceof Action.Create) {
                            stop = ApplyReport.Stop.ACCOUNT_SESSION_LIMIT; // every other create would be refused too
                        }
                    }
                }
            }
            if (stop == ApplyReport.Stop.PERMISSION_DENIED || stop == ApplyReport.Stop.ACCOUNT_SESSION_LIMIT) {
                next++;
                break;
            }
            if (stop == ApplyReport.Stop.TRANSIENT_FAILURES) {
                break;
            }
            transientFailures = 0;
            next++;
            afterChange.accept(action);
        }
        return new ApplyReport(created, retargeted, deleted, gone, refused, failures, changes.subList(next, changes.size()), stop);
    }

    /** Deletes a session: true if this call deleted it, false if AWS already had. */
    public boolean delete(String sessionId) {
        try {
            ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(sessionId));
            return true;
        } catch (SdkException e) {
            if (Ec2Failure.of(e) != Ec2Failure.GONE) {
                throw e;
            }
            return false;
        }
    }

    private static MirrorSession modified(Action.Retarget r) {
        var s = r.session();
        return new MirrorSession(s.id(), s.sourceEniId(), r.targetId(), r.filterId(), r.sessionNumber(), r.virtualNetworkId(),
                r.packetLength(), s.description(), s.tags(), s.ownerId());
    }

    private MirrorSession create(Action.Create create, String eventId, String attachmentId) {
        var response = ec2.createTrafficMirrorSession(b -> {
            b.networkInterfaceId(create.source().eniId()).trafficMirrorTargetId(create.targetId())
                    .trafficMirrorFilterId(create.filterId()).sessionNumber(create.sessionNumber())
                    .description(InstanceReader.description(create.source().instanceId(), attachmentId))
                    .clientToken(clientToken(eventId, create))
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.TRAFFIC_MIRROR_SESSION)
                            .tags(tags(create.tags())).build());
            create.virtualNetworkId().ifPresent(b::virtualNetworkId);
            create.packetLength().ifPresent(b::packetLength);
        });
        return Ec2Mapping.session(response.trafficMirrorSession());
    }

    private void modify(Action.Retarget retarget) {
        var session = retarget.session();
        ec2.modifyTrafficMirrorSession(b -> {
            b.trafficMirrorSessionId(session.id());
            if (!retarget.targetId().equals(session.targetId())) {
                b.trafficMirrorTargetId(retarget.targetId());
            }
            if (!retarget.filterId().equals(session.filterId())) {
                b.trafficMirrorFilterId(retarget.filterId());
            }
            if (retarget.sessionNumber() != session.sessionNumber()) {
                b.sessionNumber(retarget.sessionNumber());
            }
            if (!retarget.virtualNetworkId().equals(session.virtualNetworkId())) {
                retarget.virtualNetworkId().ifPresent(b::virtualNetworkId);
            }
            if (!retarget.packetLength().equals(session.packetLength())) {
                if (retarget.packetLength().isPresent()) {
                    b.packetLength(retarget.packetLength().getAsInt());
                } else {
                    b.removeFields(TrafficMirrorSessionField.PACKET_LENGTH);
                }
            }
        });
    }

    private static java.util.List<Tag> tags(Tags tags) {
        return tags.sorted().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    /** At most 64 ASCII characters, as EC2 allows; the same event and session parameters give the same token. */
    static String clientToken(String eventId, Action.Create create) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(String.join("|", eventId, create.source().eniId(),
                    create.targetId(), create.filterId(), Integer.toString(create.sessionNumber())).getBytes(StandardCharsets.UTF_8));
            return "mp-" + HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
