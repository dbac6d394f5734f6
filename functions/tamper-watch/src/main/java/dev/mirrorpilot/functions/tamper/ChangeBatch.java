package dev.mirrorpilot.functions.tamper;

import dev.mirrorpilot.events.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch of change events sorted into what to read again, each resource once however many events
 * named it (a burst coalesces): MirrorPilot's own calls and tag changes of keys that scope nothing
 * are set aside. Pure: the same events give the same batch.
 *
 * @param tampering the calls by someone else on mirroring itself (sessions, targets, filters, rules):
 *                  each is reported, whatever the reconcile finds
 */
public record ChangeBatch(Set<String> sessionsModified, Set<String> deletedSessions, Set<String> targetsChanged, Set<String> filtersDeleted,
                          boolean filterRulesChanged, Set<String> instancesTagged, Set<String> interfacesTagged,
                          boolean targetsRetagged, List<ChangeEvent> tampering, int ownCalls, int tagsIgnored,
                          List<ChangeEvent.SurgeRequested> surges) {

    /**
     * @param ownRolePrefixes MirrorPilot's roles: their calls are its own work, never a reason to act
     * @param scopingKeys     the tag keys that decide what is mirrored and where (opt-in/out, target and filter tags)
     */
    public static ChangeBatch of(List<ChangeEvent> events, Set<String> ownRolePrefixes, Set<String> scopingKeys) {
        var modified = new TreeSet<String>();
        var targets = new TreeSet<String>();
        var filters = new TreeSet<String>();
        var instances = new TreeSet<String>();
        var interfaces = new TreeSet<String>();
        var tampering = new ArrayList<ChangeEvent>();
        var deleted = new TreeSet<String>();
        boolean rules = false;
        boolean retagged = false;
        int own = 0;
        int ignored = 0;
        var surges = new java.util.LinkedHashMap<String, ChangeEvent.SurgeRequested>();
        for (var event : events) {
            if (event instanceof ChangeEvent.SurgeRequested surge) {
                // One surge per instance per batch: the longest asked for.
                surges.merge(surge.resourceId(), surge, (a, b) -> b.minutes() > a.minutes() || b.severity() > a.severity() ? b : a);
                continue;
            }
            if (event.principal().isOneOf(ownRolePrefixes)) {
                own++;
                continue;
            }
            if (event instanceof ChangeEvent.TagsChanged tags) {
                if (!tags.touchesAnyOf(scopingKeys)) {
                    ignored++;
                    continue;
                }
                for (var resource : tags.resources()) {
                    if (resource.startsWith("i-")) {
                        instances.add(resource);
                    } else if (resource.startsWith("eni-")) {
                        interfaces.add(resource);
                    } else {
                        targets.add(resource);
                        retagged = true;
                    }
                }
                continue; // a tag change is a change of scope, not tampering
            }
            if (event instanceof ChangeEvent.SessionDeleted) {
                // An event without the id still counts: "" is known to no memo, so the whole account is read.
                deleted.add(java.util.Objects.requireNonNullElse(event.resourceId(), ""));
            } else if (event instanceof ChangeEvent.SessionModified) {
                modified.add(event.resourceId());
            } else if (event instanceof ChangeEvent.TargetDeleted) {
                targets.add(event.resourceId());
            } else if (event instanceof ChangeEvent.FilterDeleted) {
                filters.add(event.resourceId());
            } else {
                rules = true;
            }
            tampering.add(event);
        }
        return new ChangeBatch(modified, deleted, targets, filters, rules, instances, interfaces, retagged, tampering, own, ignored,
                List.copyOf(surges.values()));
    }

    /** Whether someone else deleted a session (whose id alone the event names). */
    public boolean sessionsDeleted() {
        return !deletedSessions.isEmpty();
    }

    /** Whether anything needs a read. */
    public boolean isEmpty() {
        return sessionsModified.isEmpty() && deletedSessions.isEmpty() && targetsChanged.isEmpty() && filtersDeleted.isEmpty()
                && !filterRulesChanged && instancesTagged.isEmpty() && interfacesTagged.isEmpty() && surges.isEmpty();
    }
}
