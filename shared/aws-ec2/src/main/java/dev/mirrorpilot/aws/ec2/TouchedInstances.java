package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Which instances a change to mirroring touched, read fresh from EC2: the instances whose ENIs the
 * named sessions mirror, or the sessions on a named target or filter, or that hold the named ENIs.
 * Every id comes from a Describe answer, never from the event that named the change. Sessions of
 * any owner count (a foreign session renumbered ahead of ours starves it); what to do about them is
 * the planner's business.
 */
public final class TouchedInstances {
    static final int IDS_PER_CALL = 100;
    private final Ec2Client ec2;
    private int reads;

    public TouchedInstances(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The sessions with these ids that still exist. */
    public List<MirrorSession> sessions(List<String> sessionIds) {
        return sessionsWhere("traffic-mirror-session-id", sessionIds);
    }

    /** The sessions that mirror into these targets (AWS keeps them when a target is deleted). */
    public List<MirrorSession> sessionsOnTargets(List<String> targetIds) {
        return sessionsWhere("traffic-mirror-target-id", targetIds);
    }

    /** The sessions that use these filters. */
    public List<MirrorSession> sessionsWithFilters(List<String> filterIds) {
        return sessionsWhere("traffic-mirror-filter-id", filterIds);
    }

    /** The instances these sessions' source ENIs are attached to now. */
    public Set<String> instancesOf(List<MirrorSession> sessions) {
        return instancesHolding(sessions.stream().map(MirrorSession::sourceEniId).distinct().toList());
    }

    /** The instances these ENIs are attached to now (an unattached or deleted ENI names none). */
    public Set<String> instancesHolding(List<String> eniIds) {
        var instances = new TreeSet<String>();
        for (int i = 0; i < eniIds.size(); i += IDS_PER_CALL) {
            var part = eniIds.subList(i, Math.min(eniIds.size(), i + IDS_PER_CALL));
            reads++;
            ec2.describeNetworkInterfacesPaginator(b -> b.filters(Filter.builder().name("network-interface-id").values(part).build()))
                    .networkInterfaces().forEach(n -> {
                        if (n.attachment() != null && n.attachment().instanceId() != null) {
                            instances.add(n.attachment().instanceId());
                        }
                    });
        }
        return instances;
    }

    /** The filters the policy selects, as they are now (their rules decide whether they still take every packet). */
    public List<dev.mirrorpilot.policy.model.MirrorFilter> filters(dev.mirrorpilot.policy.config.Selection selection) {
        var out = new ArrayList<dev.mirrorpilot.policy.model.MirrorFilter>();
        reads++;
        ec2.describeTrafficMirrorFiltersPaginator(b -> b.maxResults(1000)).trafficMirrorFilters().stream().map(Ec2Mapping::filter)
                .filter(f -> selection.selects(f.id(), f.tags())).forEach(out::add);
        return out;
    }

    /** Describe calls made so far (pages count once per call started). */
    public int reads() {
        return reads;
    }

    private List<MirrorSession> sessionsWhere(String filter, List<String> ids) {
        var out = new ArrayList<MirrorSession>();
        for (int i = 0; i < ids.size(); i += IDS_PER_CALL) {
            var part = ids.subList(i, Math.min(ids.size(), i + IDS_PER_CALL));
            reads++;
            ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000).filters(Filter.builder().name(filter).values(part).build()))
                    .trafficMirrorSessions().forEach(s -> out.add(Ec2Mapping.session(s)));
        }
        return out;
    }
}
