package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.TransitGatewayAttachment;
import dev.mirrorpilot.policy.model.VpcPeering;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Reads the {@link AccountContext} and keeps it for {@code ttl}; {@link #invalidate()} forces a
 * reload (after a target error). Target VPCs come from the target's ENI, for an NLB from
 * DescribeLoadBalancers, for a Gateway Load Balancer endpoint from DescribeVpcEndpoints. A target
 * whose VPC cannot be read (owned by another account, shared through AWS RAM) keeps an empty VPC;
 * the planner's shared-target rules say which VPCs reach it.
 */
public final class AccountContextReader {
    private static final int CHUNK = 100;
    private final Ec2Client ec2;
    private final LoadBalancerReader loadBalancers;
    private final TypeCatalog types;
    private final Selection targetSelection;
    private final boolean selectedTargetsOnly;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private AccountContext cached;
    private long loadedAt;
    /** Whether the cached context's connectivity was read; the launch path reads it only when a plan needs it. */
    private boolean connectivityRead;

    public AccountContextReader(Ec2Client ec2, TypeCatalog types, Selection targetSelection, Duration ttl, LongSupplier nanoClock) {
        this(ec2, types, targetSelection, false, ttl, nanoClock);
    }

    /**
     * {@code selectedTargetsOnly}: read what stands behind the selected targets only, and peerings and
     * transit gateway attachments only when a plan needs them ({@link #reachableFrom}): the launch path,
     * which places nothing on the other targets. The account-wide report reads every target's state.
     */
    public AccountContextReader(Ec2Client ec2, TypeCatalog types, Selection targetSelection, boolean selectedTargetsOnly,
                                Duration ttl, LongSupplier nanoClock) {
        this.ec2 = ec2;
        this.selectedTargetsOnly = selectedTargetsOnly;
        this.loadBalancers = new LoadBalancerReader(Ec2Clients.loadBalancingLike(ec2));
        this.types = types;
        this.targetSelection = targetSelection;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The context, and the instance a launch asked for when it was read along with the Sensors. */
    public record Read(AccountContext context, Optional<software.amazon.awssdk.services.ec2.model.Instance> instance) {
    }

    public synchronized AccountContext get() {
        return getAlong(null).context();
    }

    /**
     * The context; when it has to be read, {@code instanceId} (a launched instance, may be null) is
     * described in the same DescribeInstances call as the Sensors and its type in the same
     * DescribeInstanceTypes call as theirs, so a cold launch pays for neither twice. The instance is
     * absent when the context was cached, or when EC2 does not show it yet.
     */
    public synchronized Read getAlong(String instanceId) {
        long now = nanoClock.getAsLong();
        if (cached == null || now - loadedAt >= ttlNanos) {
            var read = load(instanceId);
            cached = read.context();
            connectivityRead = !selectedTargetsOnly;
            loadedAt = now;
            return read;
        }
        return new Read(cached, Optional.empty());
    }

    public synchronized void invalidate() {
        cached = null;
    }

    /**
     * The cached context (read first if there is none), with its peerings and transit gateway
     * attachments read when the plan of sources in {@code sourceVpcIds} may need them: when one of
     * the selected targets, or of {@code alsoTargetIds} (the targets of the sources' sessions), is in
     * another VPC or in none this account can read (shared through AWS RAM). A target in the sources'
     * own VPC is reached without them, so a launch where every such target is in its VPC reads neither.
     */
    public synchronized AccountContext reachableFrom(java.util.Collection<String> sourceVpcIds,
                                                     java.util.Collection<String> alsoTargetIds) {
        var context = get();
        if (connectivityRead) {
            return context;
        }
        var also = java.util.Set.copyOf(alsoTargetIds);
        boolean needed = context.targets().stream()
                .filter(t -> also.contains(t.id()) || targetSelection.selects(t.id(), t.tags()))
                // A target shared through AWS RAM has no readable VPC (blank): never a source's own.
                .anyMatch(t -> sourceVpcIds.stream().anyMatch(v -> !v.equals(t.vpcId())));
        if (!needed) {
            return context;
        }
        cached = context.withConnectivity(connectivity());
        connectivityRead = true;
        return cached;
    }

    /**
     * Keeps the cached target loads true to this container's own writes, so the next warm plan
     * neither counts a session it deleted nor misses one it created.
     */
    public synchronized void record(ApplyReport report) {
        if (cached == null) {
            return;
        }
        var gone = new java.util.HashSet<>(report.deleted());
        gone.addAll(report.alreadyGone());
        report.retargetedSessions().forEach(s -> gone.add(s.id()));
        var sessions = new ArrayList<MirrorSession>();
        cached.sessionsOnTargets().stream().filter(s -> !gone.contains(s.id())).forEach(sessions::add);
        var onTargets = cached.targets().stream().map(MirrorTarget::id).collect(java.util.stream.Collectors.toSet());
        report.createdSessions().stream().filter(s -> onTargets.contains(s.targetId())).forEach(sessions::add);
        report.retargetedSessions().stream().filter(s -> onTargets.contains(s.targetId())).forEach(sessions::add);
        cached = cached.withSessionsOnTargets(sessions);
    }

    /** Forgets sessions deleted outside a plan (duplicate clean-up, ENI clean-up). */
    public synchronized void forget(java.util.Collection<String> sessionIds) {
        record(new ApplyReport(List.of(), List.of(), List.copyOf(sessionIds), List.of(), List.of(), List.of()));
    }

    private Read load(String alsoInstanceId) {
        var read = loadWithoutLoads(alsoInstanceId);
        var structure = read.context();
        return new Read(structure.withSessionsOnTargets(sessionsOn(structure.targets().stream()
                .filter(t -> targetSelection.selects(t.id(), t.tags())).map(MirrorTarget::id).toList())), read.instance());
    }

    /**
     * Targets, filters, connectivity, Sensor types and what stands behind the targets, without
     * the sessions on the targets. A target owned by another account (AWS RAM) is kept with an
     * empty VPC unless it can be read: its ENI, VPC and load balancer belong to that account.
     */
    AccountContext loadWithoutLoads() {
        return loadWithoutLoads(null).context();
    }

    private Read loadWithoutLoads(String alsoInstanceId) {
        var raw = ec2.describeTrafficMirrorTargetsPaginator(b -> b.maxResults(1000)).trafficMirrorTargets().stream().toList();
        // What stands behind a target is read only where it matters: every target, or the selected ones.
        var behind = raw.stream().filter(t -> !selectedTargetsOnly
                || targetSelection.selects(t.trafficMirrorTargetId(), Ec2Mapping.tags(t.tags()))).toList();
        var eniIds = behind.stream().filter(t -> t.networkInterfaceId() != null).map(t -> t.networkInterfaceId()).toList();
        var enis = new HashMap<String, software.amazon.awssdk.services.ec2.model.NetworkInterface>();
        chunks(eniIds).forEach(chunk -> ec2.describeNetworkInterfacesPaginator(b -> b.filters(
                Filter.builder().name("network-interface-id").values(chunk).build())).networkInterfaces()
                .forEach(n -> enis.put(n.networkInterfaceId(), n)));
        // The load balancers first: the Sensors registered behind an NLB are read with the capture ENIs' Sensors.
        var lbs = new ArrayList<>(loadBalancers.read(behind.stream().map(t -> t.networkLoadBalancerArn())
                .filter(java.util.Objects::nonNull).distinct().toList()));
        if (raw.stream().anyMatch(t -> t.gatewayLoadBalancerEndpointId() != null
                && targetSelection.selects(t.trafficMirrorTargetId(), Ec2Mapping.tags(t.tags())))) {
            loadBalancers.readGateways().stream().filter(g -> lbs.stream().noneMatch(l -> l.arn().equals(g.arn())))
                    .forEach(lbs::add);
        }
        var behindNlbs = lbs.stream().filter(l -> !l.isGateway()).flatMap(l -> l.registered().stream()).toList();
        // Sensors registered behind an NLB by IP address: the ENIs holding those addresses (their groups are read below).
        var addresses = behindNlbs.stream().filter(t -> !t.isInstance()).map(LoadBalancer.RegisteredTarget::id)
                .distinct().sorted().toList();
        chunks(addresses).forEach(chunk -> ec2.describeNetworkInterfacesPaginator(b -> b.filters(
                Filter.builder().name("private-ip-address").values(chunk).build())).networkInterfaces()
                .forEach(n -> enis.putIfAbsent(n.networkInterfaceId(), n)));
        var sensorInstances = java.util.stream.Stream.concat(
                enis.values().stream().filter(n -> n.attachment() != null && n.attachment().instanceId() != null)
                        .map(n -> n.attachment().instanceId()),
                behindNlbs.stream().filter(LoadBalancer.RegisteredTarget::isInstance).map(LoadBalancer.RegisteredTarget::id))
                .distinct().toList();
        var sensors = new HashMap<String, Workload>();
        var instanceIds = new ArrayList<>(sensorInstances);
        if (alsoInstanceId != null && !instanceIds.contains(alsoInstanceId)) {
            instanceIds.add(alsoInstanceId);
        }
        var also = new java.util.concurrent.atomic.AtomicReference<software.amazon.awssdk.services.ec2.model.Instance>();
        chunks(instanceIds).forEach(chunk -> ec2.describeInstancesPaginator(b -> b.filters(
                Filter.builder().name("instance-id").values(chunk).build())).reservations()
                .forEach(r -> r.instances().forEach(i -> {
                    if (i.instanceId().equals(alsoInstanceId)) {
                        also.set(i);
                    }
                    if (sensorInstances.contains(i.instanceId())) {
                        sensors.put(i.instanceId(), Ec2Mapping.workload(i, ""));
                    }
                })));
        var captureInterfaces = enis.values().stream().map(Ec2Mapping::networkInterface).toList();
        // One read for the security groups of the capture ENIs, of the NLBs that have some and of the Sensors behind them.
        var groupIds = java.util.stream.Stream.of(captureInterfaces.stream().flatMap(e -> e.securityGroupIds().stream()),
                        lbs.stream().flatMap(l -> l.securityGroupIds().stream()),
                        sensors.values().stream().flatMap(w -> w.interfaces().stream()).flatMap(e -> e.securityGroupIds().stream()))
                .flatMap(ids -> ids).distinct().sorted().toList();
        var rawGroups = new ArrayList<software.amazon.awssdk.services.ec2.model.SecurityGroup>();
        chunks(groupIds).forEach(chunk -> ec2.describeSecurityGroupsPaginator(b -> b.filters(
                Filter.builder().name("group-id").values(chunk).build())).securityGroups().forEach(rawGroups::add));
        var prefixLists = new HashMap<String, List<String>>();
        Ec2Mapping.prefixListIds(rawGroups).forEach(id -> prefixLists.put(id, prefixListEntries(id)));
        var groups = new ArrayList<SecurityGroup>();
        rawGroups.forEach(g -> groups.add(Ec2Mapping.securityGroup(g, prefixLists::get)));
        var lbVpcs = lbs.stream().collect(java.util.stream.Collectors.toMap(LoadBalancer::arn, LoadBalancer::vpcId));
        var endpoints = endpoints(behind.stream().map(t -> t.gatewayLoadBalancerEndpointId()).filter(java.util.Objects::nonNull)
                .toList());
        var endpointVpcs = endpoints.stream().collect(java.util.stream.Collectors.toMap(VpcEndpoint::id, VpcEndpoint::vpcId));

        var targets = new ArrayList<MirrorTarget>();
        for (var t : raw) {
            var kind = TargetKind.fromAws(t.typeAsString());
            var tags = Ec2Mapping.tags(t.tags());
            switch (kind) {
                case NETWORK_INTERFACE -> {
                    var eni = Optional.ofNullable(enis.get(t.networkInterfaceId()));
                    var sensorType = eni.map(n -> n.attachment() == null ? null : sensors.get(n.attachment().instanceId()))
                            .map(Workload::instanceType);
                    targets.add(new MirrorTarget(t.trafficMirrorTargetId(), kind, t.networkInterfaceId(),
                            eni.map(n -> n.vpcId()).orElse(""), eni.map(n -> n.availabilityZone()), t.ownerId(), sensorType, tags));
                }
                case NETWORK_LOAD_BALANCER -> targets.add(new MirrorTarget(t.trafficMirrorTargetId(), kind,
                        t.networkLoadBalancerArn(), lbVpcs.getOrDefault(t.networkLoadBalancerArn(), ""), Optional.empty(),
                        t.ownerId(), Optional.empty(), tags));
                case GATEWAY_LOAD_BALANCER_ENDPOINT -> targets.add(new MirrorTarget(t.trafficMirrorTargetId(), kind,
                        t.gatewayLoadBalancerEndpointId(), endpointVpcs.getOrDefault(t.gatewayLoadBalancerEndpointId(), ""),
                        Optional.empty(), t.ownerId(), Optional.empty(), tags));
            }
        }
        var filters = ec2.describeTrafficMirrorFiltersPaginator(b -> b.maxResults(1000)).trafficMirrorFilters().stream()
                .map(Ec2Mapping::filter).toList();
        var typeNames = new ArrayList<String>();
        Optional.ofNullable(also.get()).map(i -> i.instanceTypeAsString()).ifPresent(typeNames::add);
        targets.stream().flatMap(t -> t.sensorInstanceType().stream()).forEach(typeNames::add);
        var described = types.facts(typeNames); // one call for the Sensors' types and the launched instance's
        var sensorTypeNames = targets.stream().flatMap(t -> t.sensorInstanceType().stream()).collect(java.util.stream.Collectors.toSet());
        var sensorTypes = described.stream().filter(t -> sensorTypeNames.contains(t.name())).toList();
        var receivers = new Receivers(List.copyOf(sensors.values()), captureInterfaces, groups, lbs, endpoints);
        // The launch path reads connectivity when a plan needs it (reachableFrom); every other reader, now.
        return new Read(new AccountContext(targets, filters, selectedTargetsOnly ? Connectivity.NONE : connectivity(), sensorTypes,
                List.of(), receivers), Optional.ofNullable(also.get()));
    }

    /**
     * A managed prefix list's CIDRs; none when this account may not read it or it is gone (a rule naming it then admits
     * nothing, and the report says so). Throttling and other failures propagate: the invocation is retried.
     */
    private List<String> prefixListEntries(String prefixListId) {
        try {
            return ec2.getManagedPrefixListEntriesPaginator(b -> b.prefixListId(prefixListId).maxResults(100)).entries().stream()
                    .map(e -> e.cidr()).toList();
        } catch (software.amazon.awssdk.services.ec2.model.Ec2Exception e) {
            var code = Ec2Failure.code(e);
            // Both spellings are seen in the field: InvalidPrefixListID.NotFound and InvalidPrefixListId.NotFound.
            if (code.equals("UnauthorizedOperation") || code.toLowerCase(java.util.Locale.ROOT).startsWith("invalidprefixlistid")) {
                return List.of();
            }
            throw e;
        }
    }

    /**
     * Peerings and transit gateway attachments that carry traffic (active, available), and those on
     * their way, which a report names as what would connect an unreachable source.
     */
    private Connectivity connectivity() {
        var peeringStates = new ArrayList<String>(VpcPeering.ON_ITS_WAY);
        peeringStates.add("active");
        var attachmentStates = new ArrayList<String>(TransitGatewayAttachment.ON_ITS_WAY);
        attachmentStates.add("available");
        peeringStates.sort(null); // the same request every time
        attachmentStates.sort(null);
        var peerings = ec2.describeVpcPeeringConnectionsPaginator(b -> b.maxResults(1000).filters(
                        Filter.builder().name("status-code").values(peeringStates).build())).vpcPeeringConnections().stream()
                .map(p -> new VpcPeering(p.vpcPeeringConnectionId(), p.requesterVpcInfo().vpcId(), p.accepterVpcInfo().vpcId(),
                        p.status().codeAsString(), p.requesterVpcInfo().region(), p.accepterVpcInfo().region())).toList();
        var attachments = ec2.describeTransitGatewayVpcAttachmentsPaginator(b -> b.maxResults(1000).filters(
                        Filter.builder().name("state").values(attachmentStates).build())).transitGatewayVpcAttachments().stream()
                .map(a -> new TransitGatewayAttachment(a.transitGatewayAttachmentId(), a.transitGatewayId(), a.vpcId(),
                        a.stateAsString())).toList();
        return new Connectivity(peerings, attachments);
    }

    /** Every session on these targets (ours and foreign): their load, which AWS limits. */
    private List<MirrorSession> sessionsOn(List<String> targetIds) {
        var sessions = new ArrayList<MirrorSession>();
        chunks(targetIds).forEach(chunk -> ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000).filters(
                        Filter.builder().name("traffic-mirror-target-id").values(chunk).build())).trafficMirrorSessions()
                .forEach(s -> sessions.add(Ec2Mapping.session(s))));
        return sessions;
    }

    /** The Gateway Load Balancer endpoints behind targets: their VPC and state. */
    private List<VpcEndpoint> endpoints(List<String> endpointIds) {
        var out = new ArrayList<VpcEndpoint>();
        chunks(endpointIds).forEach(chunk -> ec2.describeVpcEndpointsPaginator(b -> b.maxResults(1000).filters(
                Filter.builder().name("vpc-endpoint-id").values(chunk).build())).vpcEndpoints()
                .forEach(e -> out.add(new VpcEndpoint(e.vpcEndpointId(), e.vpcId(), e.vpcEndpointTypeAsString(),
                        e.stateAsString(), e.networkInterfaceIds()))));
        return out;
    }

    private static <T> List<List<T>> chunks(List<T> items) {
        var out = new ArrayList<List<T>>();
        for (int i = 0; i < items.size(); i += CHUNK) {
            out.add(items.subList(i, Math.min(items.size(), i + CHUNK)));
        }
        return out;
    }
}
