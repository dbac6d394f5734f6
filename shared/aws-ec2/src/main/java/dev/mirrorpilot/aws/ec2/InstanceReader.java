package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Reads the inventory one instance's plan needs (see {@link Inventory}): the instance, the
 * sessions on its ENIs or made for it, and the cached account context. A warm launch costs two
 * Describe calls here, whatever the size of the fleet.
 */
public final class InstanceReader {
    /** Sessions MirrorPilot creates carry this description prefix and the instance id after it. */
    public static final String DESCRIPTION_PREFIX = "mirrorpilot:";

    /**
     * A new session's description: {@code mirrorpilot:<instance>}, then the ENI's attachment id when
     * known. DescribeTrafficMirrorSessions can filter on the description (not on tags), so a
     * DetachNetworkInterface event, which names only the attachment, finds the sessions of that ENI.
     */
    public static String description(String instanceId, String attachmentId) {
        return DESCRIPTION_PREFIX + instanceId + (attachmentId.isEmpty() ? "" : " " + attachmentId);
    }

    /** Whether a session's description says it was made for this instance (with or without an attachment id). */
    static boolean madeFor(MirrorSession session, String instanceId) {
        var plain = DESCRIPTION_PREFIX + instanceId;
        return session.description().equals(plain) || session.description().startsWith(plain + " ");
    }

    private final Ec2Client ec2;
    private final TypeCatalog types;
    private final AccountContextReader context;
    private final String account;
    private final String region;
    private final Backoff backoff;

    public InstanceReader(Ec2Client ec2, TypeCatalog types, AccountContextReader context, String account, String region,
                          Backoff backoff) {
        this.ec2 = ec2;
        this.types = types;
        this.context = context;
        this.account = account;
        this.region = region;
        this.backoff = backoff;
    }

    public AccountContextReader context() {
        return context;
    }

    /** For a launch or an attach: the instance must exist, so NotFound is retried with backoff. */
    public Inventory forLaunch(String instanceId) {
        // A cold container describes the instance with the Sensors, in one call; a warm one, or one EC2 does not show it to yet, alone.
        var read = context.getAlong(instanceId);
        var workload = read.instance().map(i -> Ec2Mapping.workload(i, account)).orElseGet(() -> describeWithBackoff(instanceId));
        var enis = workload.interfaces().stream().map(NetworkInterface::id).toList();
        var fresh = enis.isEmpty() ? List.<MirrorSession>of() : sessions(Filter.builder().name("network-interface-id").values(enis).build());
        var vpcs = workload.interfaces().stream().map(NetworkInterface::vpcId).collect(Collectors.toSet());
        return assemble(Optional.of(workload), List.of(), fresh, Set.copyOf(enis), null, reachable(vpcs, fresh));
    }

    /** The context, with connectivity read when a target these ENIs or their sessions may use is outside their VPCs. */
    private AccountContext reachable(Set<String> sourceVpcs, List<MirrorSession> sessions) {
        return context.reachableFrom(sourceVpcs, sessions.stream().map(MirrorSession::targetId).toList());
    }

    /** For a terminate, stop or detach: the instance may be gone; sessions are found by their description. */
    public Inventory forCleanup(String instanceId) {
        var ours = sessions(Filter.builder().name("description")
                .values(DESCRIPTION_PREFIX + instanceId, DESCRIPTION_PREFIX + instanceId + " *").build());
        var found = new ArrayList<Workload>();
        ec2.describeInstancesPaginator(b -> b.filters(Filter.builder().name("instance-id").values(instanceId).build()))
                .reservations().forEach(r -> r.instances().forEach(i -> found.add(Ec2Mapping.workload(i, account))));
        var workload = found.stream().findFirst();
        var attached = workload.map(w -> w.interfaces().stream().map(NetworkInterface::id).collect(Collectors.toSet())).orElse(Set.of());
        var otherEnis = ours.stream().map(MirrorSession::sourceEniId).filter(e -> !attached.contains(e)).distinct().toList();
        var others = otherEnis.isEmpty() ? List.<NetworkInterface>of() : interfaces(otherEnis);
        var onInstance = workload.isPresent() && !attached.isEmpty()
                ? sessions(Filter.builder().name("network-interface-id").values(List.copyOf(attached)).build()) : List.<MirrorSession>of();
        var fresh = new ArrayList<>(ours);
        onInstance.stream().filter(s -> ours.stream().noneMatch(o -> o.id().equals(s.id()))).forEach(fresh::add);
        var freshEnis = new java.util.HashSet<>(attached);
        freshEnis.addAll(otherEnis);
        var vpcs = new java.util.HashSet<String>();
        workload.ifPresent(w -> w.interfaces().forEach(e -> vpcs.add(e.vpcId())));
        others.forEach(e -> vpcs.add(e.vpcId())); // ENIs the instance no longer holds
        return assemble(workload, others, fresh, freshEnis, instanceId, reachable(vpcs, fresh));
    }

    /** {@code ownedBy}: an instance whose own sessions were just read by description, so cached ones are stale. */
    private Inventory assemble(Optional<Workload> workload, List<NetworkInterface> others, List<MirrorSession> fresh,
                               Set<String> freshEnis, String ownedBy, AccountContext ctx) {
        // Fresh sessions replace cached ones on the ENIs just read; the cache supplies target loads.
        var sessions = new LinkedHashMap<String, MirrorSession>();
        ctx.sessionsOnTargets().stream().filter(s -> !freshEnis.contains(s.sourceEniId()))
                .filter(s -> ownedBy == null || !madeFor(s, ownedBy))
                .forEach(s -> sessions.put(s.id(), s));
        fresh.forEach(s -> sessions.put(s.id(), s));
        var typeFacts = new HashMap<String, InstanceTypeFacts>();
        workload.flatMap(w -> types.facts(w.instanceType())).ifPresent(t -> typeFacts.put(t.name(), t));
        ctx.sensorTypes().forEach(t -> typeFacts.put(t.name(), t));
        // The Sensors come along so the planner can tell whether each target can receive; only the instance is planned.
        var receivers = ctx.receivers();
        var workloads = new ArrayList<Workload>();
        workload.ifPresent(workloads::add);
        receivers.sensors().stream().filter(s -> workload.map(w -> !w.instanceId().equals(s.instanceId())).orElse(true))
                .forEach(workloads::add);
        var listed = workloads.stream().flatMap(w -> w.interfaces().stream()).map(NetworkInterface::id)
                .collect(Collectors.toSet());
        var otherInterfaces = new ArrayList<NetworkInterface>(others);
        receivers.unattachedCaptureInterfaces().stream().filter(e -> !listed.contains(e.id()))
                .filter(e -> others.stream().noneMatch(o -> o.id().equals(e.id()))).forEach(otherInterfaces::add);
        return new Inventory(account, region, List.of(), List.of(), workloads, otherInterfaces,
                ctx.targets(), ctx.filters(), List.copyOf(sessions.values()), ctx.connectivity(), List.copyOf(typeFacts.values()),
                receivers.securityGroups(), receivers.loadBalancers(), receivers.endpoints());
    }

    private Workload describeWithBackoff(String instanceId) {
        int attempt = 0;
        while (true) {
            try {
                var reservations = ec2.describeInstances(b -> b.instanceIds(instanceId)).reservations();
                if (!reservations.isEmpty() && !reservations.get(0).instances().isEmpty()) {
                    return Ec2Mapping.workload(reservations.get(0).instances().get(0), account);
                }
            } catch (Ec2Exception e) {
                if (!"InvalidInstanceID.NotFound".equals(Ec2Failure.code(e))) {
                    throw e;
                }
            }
            if (attempt >= backoff.delays().size()) {
                throw new InstanceNotVisibleException(instanceId, attempt + 1);
            }
            try {
                backoff.sleeper().sleep(backoff.delays().get(attempt++));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InstanceNotVisibleException(instanceId, attempt);
            }
        }
    }

    List<MirrorSession> sessions(Filter filter) {
        var out = new ArrayList<MirrorSession>();
        ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000).filters(filter)).trafficMirrorSessions()
                .forEach(s -> out.add(Ec2Mapping.session(s)));
        return out;
    }

    /** Which of these ENIs exist and are attached to an instance. */
    Set<String> attachedInterfaces(List<String> ids) {
        var attached = new java.util.HashSet<String>();
        for (int i = 0; i < ids.size(); i += 100) {
            interfaces(ids.subList(i, Math.min(ids.size(), i + 100))).stream()
                    .filter(e -> e.attachment().isPresent()).forEach(e -> attached.add(e.id()));
        }
        return attached;
    }

    /** Which of these ENIs exist now (a fresh read, 100 ids a call). */
    Set<String> existingInterfaces(List<String> ids) {
        var existing = new java.util.HashSet<String>();
        for (int i = 0; i < ids.size(); i += 100) {
            interfaces(ids.subList(i, Math.min(ids.size(), i + 100))).forEach(e -> existing.add(e.id()));
        }
        return existing;
    }

    private List<NetworkInterface> interfaces(List<String> ids) {
        var out = new ArrayList<NetworkInterface>();
        ec2.describeNetworkInterfacesPaginator(b -> b.filters(Filter.builder().name("network-interface-id").values(ids).build()))
                .networkInterfaces().forEach(n -> out.add(Ec2Mapping.networkInterface(n)));
        return out;
    }
}
