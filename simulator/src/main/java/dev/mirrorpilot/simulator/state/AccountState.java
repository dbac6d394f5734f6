package dev.mirrorpilot.simulator.state;

import dev.mirrorpilot.simulator.model.Attachment;
import dev.mirrorpilot.simulator.model.LoadBalancer;
import dev.mirrorpilot.simulator.model.SecurityGroup;
import dev.mirrorpilot.simulator.model.TargetKind;
import dev.mirrorpilot.simulator.model.VpcEndpoint;
import dev.mirrorpilot.simulator.rules.MirroringRules;
import dev.mirrorpilot.simulator.rules.Reachability;
import dev.mirrorpilot.simulator.model.InstanceState;
import dev.mirrorpilot.simulator.model.InstanceType;
import dev.mirrorpilot.simulator.model.InterfaceType;
import dev.mirrorpilot.simulator.model.Seed;
import dev.mirrorpilot.simulator.model.MirrorFilter;
import dev.mirrorpilot.simulator.model.MirrorSession;
import dev.mirrorpilot.simulator.model.MirrorTarget;
import dev.mirrorpilot.simulator.model.NetworkInterface;
import dev.mirrorpilot.simulator.model.Subnet;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.model.TransitGatewayAttachment;
import dev.mirrorpilot.simulator.model.Vpc;
import dev.mirrorpilot.simulator.model.VpcPeering;
import dev.mirrorpilot.simulator.AwsError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The simulated account and region: every resource, and the Traffic Mirroring rules AWS enforces
 * on them (aws-facts.md), decided by the simulator's own {@link MirroringRules} and
 * {@link Reachability}, never by MirrorPilot's policy library, on its own records
 * ({@code simulator.model}). All access goes through this object's lock, so concurrent clients see each
 * call as atomic, as they would in AWS.
 */
public final class AccountState {
    /** Sessions per account per region, not adjustable. */
    public static final int SESSIONS_PER_ACCOUNT = MirroringRules.SESSIONS_PER_ACCOUNT;
    private volatile Set<String> refusedSourceTypes = Set.of();
    private static final int MAX_PACKET_LENGTH = 8500;
    private static final int MAX_VNI = 16_777_215;

    private final Seed seed;
    private String accountId;
    private String region;
    private final Map<String, Vpc> vpcs = new TreeMap<>();
    private final Map<String, Subnet> subnets = new TreeMap<>();
    private final Map<String, InstanceType> types = new TreeMap<>();
    private final Map<String, Instance> instances = new TreeMap<>();
    private final Map<String, NetworkInterface> enis = new TreeMap<>();
    /** ENIs by the instance they are attached to; rebuilt after any ENI change (Describe of 10,000 instances stays linear). */
    private Map<String, List<NetworkInterface>> enisByInstance;
    private final Map<String, MirrorTarget> targets = new TreeMap<>();
    private final Map<String, MirrorFilter> filters = new TreeMap<>();
    private final Map<String, MirrorSession> sessions = new LinkedHashMap<>();
    private final List<VpcPeering> peerings = new ArrayList<>();
    private final List<TransitGatewayAttachment> attachments = new ArrayList<>();
    private final Map<String, SecurityGroup> groups = new TreeMap<>();
    private final Map<String, LoadBalancer> loadBalancers = new TreeMap<>();
    private final Map<String, VpcEndpoint> endpoints = new TreeMap<>();
    private final Map<String, Integer> addressCounters = new java.util.HashMap<>();
    /** Each instance's typical throughput in Gbps (in and out): the seed's, else a skewed stand-in (see {@link #trafficGbps}). */
    private final Map<String, Double> traffic = new java.util.HashMap<>();
    private final NetworkAcls networkAcls = new NetworkAcls();
    private final ClientTokens tokens = new ClientTokens();
    private Random random;
    private long nextId;

    public AccountState(Seed seed) {
        this.seed = seed;
        reset();
    }

    /** Back to the seed inventory: every change, token and generated id forgotten. */
    public synchronized void reset() {
        accountId = seed.accountId();
        refusedSourceTypes = Set.of();
        region = seed.region();
        vpcs.clear();
        subnets.clear();
        types.clear();
        instances.clear();
        enis.clear();
        enisByInstance = null;
        targets.clear();
        filters.clear();
        sessions.clear();
        peerings.clear();
        attachments.clear();
        groups.clear();
        loadBalancers.clear();
        endpoints.clear();
        addressCounters.clear();
        traffic.clear();
        tokens.clear();
        random = new Random(11);
        nextId = 0x5100000;
        seed.vpcs().forEach(v -> vpcs.put(v.id(), v));
        seed.subnets().forEach(s -> subnets.put(s.id(), s));
        seed.instanceTypes().forEach(t -> types.put(t.name(), t));
        for (var w : seed.instances()) {
            instances.put(w.id(), new Instance(w.id(), w.instanceType(), w.state(), w.vpcId(),
                    w.subnetId(), w.availabilityZone(), w.tags(), 0));
            w.interfaces().forEach(e -> enis.put(e.id(), addressed(e)));
            w.networkGbps().ifPresent(g -> traffic.put(w.id(), g));
        }
        seed.otherInterfaces().forEach(e -> enis.put(e.id(), addressed(e)));
        enisByInstance = null;
        seed.targets().forEach(t -> targets.put(t.id(), t));
        seed.filters().forEach(f -> filters.put(f.id(), f));
        seed.securityGroups().forEach(g -> groups.put(g.id(), g));
        seed.loadBalancers().forEach(lb -> loadBalancers.put(lb.arn(), lb));
        seed.vpcEndpoints().forEach(e -> endpoints.put(e.id(), e));
        // Every session has a VNI in AWS: one chosen at random when the creator gave none.
        var usedVnis = new java.util.HashSet<Integer>();
        seed.sessions().forEach(s -> s.virtualNetworkId().ifPresent(usedVnis::add));
        seed.sessions().forEach(s -> sessions.put(s.id(), s.virtualNetworkId().isPresent() ? s : s.withVni(freeVni(usedVnis))));
        peerings.addAll(seed.peerings());
        attachments.addAll(seed.attachments());
        var subnetVpc = new TreeMap<String, String>();
        subnets.values().forEach(s -> subnetVpc.put(s.id(), s.vpcId()));
        networkAcls.defaults(subnetVpc);
    }

    /** The account's network ACLs (a default one per VPC that allows everything, until a test adds rules). */
    public NetworkAcls networkAcls() {
        return networkAcls;
    }

    public synchronized String accountId() {
        return accountId;
    }

    public synchronized String region() {
        return region;
    }

    private String newId(String prefix) {
        return String.format("%s-0%016x", prefix, nextId++);
    }

    // ---- reads (each returns a snapshot, sorted by id, safe to use outside the lock) ----

    public synchronized List<Instance> instances() {
        return List.copyOf(instances.values());
    }

    public synchronized List<NetworkInterface> networkInterfaces() {
        return List.copyOf(enis.values());
    }

    public synchronized List<NetworkInterface> interfacesOf(String instanceId) {
        if (enisByInstance == null) {
            enisByInstance = enis.values().stream().filter(e -> e.attachment().isPresent())
                    .sorted(Comparator.comparingInt(NetworkInterface::deviceIndex))
                    .collect(java.util.stream.Collectors.groupingBy(e -> e.attachment().get().instanceId(),
                            java.util.stream.Collectors.toUnmodifiableList()));
        }
        return enisByInstance.getOrDefault(instanceId, List.of());
    }

    public synchronized List<MirrorTarget> targets() {
        return List.copyOf(targets.values());
    }

    public synchronized List<MirrorFilter> filters() {
        return List.copyOf(filters.values());
    }

    public synchronized List<MirrorSession> sessions() {
        return sessions.values().stream().sorted(Comparator.comparing(MirrorSession::id)).toList();
    }

    public synchronized List<Vpc> vpcs() {
        return List.copyOf(vpcs.values());
    }

    public synchronized List<Subnet> subnets() {
        return List.copyOf(subnets.values());
    }

    public synchronized List<InstanceType> instanceTypes() {
        return List.copyOf(types.values());
    }

    public synchronized List<VpcPeering> peerings() {
        return peerings.stream().sorted(Comparator.comparing(VpcPeering::id)).toList();
    }

    /**
     * An instance's typical throughput, Gbps in and out together: the seed's, else a stand-in that is
     * the same for the same id and skewed like real fleets (one in twenty talks 0.5-3 Gbps, the rest
     * 0.005-0.155 Gbps).
     */
    public synchronized double trafficGbps(String instanceId) {
        var seeded = traffic.get(instanceId);
        if (seeded != null) {
            return seeded;
        }
        var hash = new Random(instanceId.hashCode());
        return hash.nextInt(20) == 0 ? 0.5 + 2.5 * hash.nextDouble() : 0.005 + 0.15 * hash.nextDouble();
    }

    /** Sets an instance's throughput (control API, tests). */
    public synchronized void setTrafficGbps(String instanceId, double gbps) {
        requireInstance(instanceId);
        traffic.put(instanceId, gbps);
    }

    /** Whether any session mirrors one of the instance's ENIs now. */
    public synchronized boolean isMirrored(String instanceId) {
        var own = interfacesOf(instanceId).stream().map(NetworkInterface::id).collect(Collectors.toSet());
        return sessions.values().stream().anyMatch(s -> own.contains(s.sourceEniId()));
    }

    public synchronized List<SecurityGroup> securityGroups() {
        return List.copyOf(groups.values());
    }

    public synchronized List<LoadBalancer> loadBalancers() {
        return List.copyOf(loadBalancers.values());
    }

    public synchronized List<VpcEndpoint> vpcEndpoints() {
        return List.copyOf(endpoints.values());
    }

    /** The subnets an endpoint receives in: those of its ENIs, sorted (none when it has no ENI). */
    public synchronized List<String> subnetsOf(VpcEndpoint endpoint) {
        return enis.values().stream().filter(e -> endpoint.networkInterfaceIds().contains(e.id()))
                .map(NetworkInterface::subnetId).distinct().sorted().toList();
    }

    /** An ENI with a private address: the seed's, or the next free one in its VPC's range. */
    private NetworkInterface addressed(NetworkInterface eni) {
        if (!eni.privateIpAddress().isBlank()) {
            return eni;
        }
        var cidr = Optional.ofNullable(vpcs.get(eni.vpcId())).map(Vpc::cidrBlock).orElse("");
        var octets = cidr.split("[./]");
        var prefix = octets.length >= 2 ? octets[0] + "." + octets[1] : "10.255";
        int n = addressCounters.merge(eni.vpcId(), 1, Integer::sum) + 3;
        return eni.withAddress(prefix + "." + (n / 250) + "." + (n % 250 + 1));
    }

    public synchronized List<TransitGatewayAttachment> transitGatewayAttachments() {
        return attachments.stream().sorted(Comparator.comparing(TransitGatewayAttachment::id)).toList();
    }

    /** The whole account, in the seed's shape: what a perfect DescribeX sweep would return now. */
    public synchronized Seed snapshot() {
        var described = instances.values().stream().map(i -> new Seed.Instance(i.id(), i.instanceType(), i.state(),
                i.vpcId(), i.subnetId(), i.availabilityZone(), i.tags(), interfacesOf(i.id()),
                traffic.containsKey(i.id()) ? java.util.OptionalDouble.of(traffic.get(i.id())) : java.util.OptionalDouble.empty()))
                .toList();
        var others = enis.values().stream()
                .filter(e -> e.attachment().map(a -> !instances.containsKey(a.instanceId())).orElse(true)).toList();
        return new Seed(accountId, region, vpcs(), subnets(), described, others, targets(), filters(), sessions(),
                peerings(), transitGatewayAttachments(), instanceTypes(), securityGroups(), loadBalancers(), vpcEndpoints());
    }

    // ---- Traffic Mirroring sessions ----

    public synchronized MirrorSession createSession(SessionRequest request) {
        if (request.clientToken() != null && !request.clientToken().isEmpty()) {
            var replay = tokens.replay(request.clientToken(), request.fingerprint());
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        var eni = requireEni(request.networkInterfaceId());
        var target = requireTarget(request.targetId());
        requireFilter(request.filterId());
        checkNumbers(OptionalInt.of(request.sessionNumber()), request.packetLength(), request.virtualNetworkId());
        checkSource(eni);
        checkReach(eni, target);
        var onEni = sessionsOn(eni.id(), s -> true);
        if (onEni.stream().anyMatch(s -> s.sessionNumber() == request.sessionNumber())) {
            throw AwsError.invalidParameter("Session number " + request.sessionNumber()
                    + " is already in use on network interface " + eni.id());
        }
        if (onEni.size() >= MirroringRules.SESSIONS_PER_SOURCE_INTERFACE) {
            throw AwsError.badRequest("TrafficMirrorSessionsPerInterfaceLimitExceeded",
                    "The maximum number of sessions per network interface (3) has been reached for " + eni.id());
        }
        checkTargetRoom(target, eni.id());
        if (sessions.size() >= SESSIONS_PER_ACCOUNT) {
            throw AwsError.badRequest("TrafficMirrorSessionLimitExceeded",
                    "The maximum number of traffic mirror sessions (10000) has been reached");
        }
        if (request.dryRun()) {
            throw dryRun();
        }
        var vni = request.virtualNetworkId().isPresent() ? request.virtualNetworkId() : OptionalInt.of(freeVni());
        var session = new MirrorSession(newId("tms"), eni.id(), target.id(), request.filterId(), request.sessionNumber(),
                vni, request.packetLength(), request.description(), request.tags(), accountId);
        sessions.put(session.id(), session);
        if (request.clientToken() != null && !request.clientToken().isEmpty()) {
            tokens.remember(request.clientToken(), request.fingerprint(), session);
        }
        return session;
    }

    public synchronized MirrorSession modifySession(SessionChange change) {
        var session = requireOwnSession(change.sessionId());
        var eni = enis.get(session.sourceEniId());
        var targetId = change.targetId().orElse(session.targetId());
        var filterId = change.filterId().orElse(session.filterId());
        if (change.targetId().isPresent()) {
            var target = requireTarget(targetId);
            if (eni != null) {
                checkReach(eni, target);
            }
            if (!targetId.equals(session.targetId())) {
                checkTargetRoom(target, session.sourceEniId());
            }
        }
        if (change.filterId().isPresent()) {
            requireFilter(filterId);
        }
        checkNumbers(change.sessionNumber(), change.packetLength(), change.virtualNetworkId());
        int number = change.sessionNumber().orElse(session.sessionNumber());
        if (number != session.sessionNumber() && sessionsOn(session.sourceEniId(),
                s -> !s.id().equals(session.id())).stream().anyMatch(s -> s.sessionNumber() == number)) {
            throw AwsError.invalidParameter("Session number " + number + " is already in use on network interface "
                    + session.sourceEniId());
        }
        var removing = change.removeFields();
        for (var field : removing) {
            if (!List.of("packet-length", "description", "virtual-network-id").contains(field)) {
                throw AwsError.invalidParameter("RemoveField '" + field
                        + "' is not valid; expected packet-length, description or virtual-network-id");
            }
        }
        if (change.dryRun()) {
            throw dryRun();
        }
        var packetLength = removing.contains("packet-length") ? OptionalInt.empty()
                : change.packetLength().isPresent() ? change.packetLength() : session.packetLength();
        var vni = removing.contains("virtual-network-id") ? OptionalInt.of(freeVni())
                : change.virtualNetworkId().isPresent() ? change.virtualNetworkId() : session.virtualNetworkId();
        var description = removing.contains("description") ? "" : change.description().orElse(session.description());
        var modified = new MirrorSession(session.id(), session.sourceEniId(), targetId, filterId, number, vni,
                packetLength, description, session.tags(), session.ownerId());
        sessions.put(modified.id(), modified);
        return modified;
    }

    public synchronized void deleteSession(String sessionId, boolean dryRun) {
        requireOwnSession(sessionId);
        if (dryRun) {
            throw dryRun();
        }
        sessions.remove(sessionId);
    }

    private void checkNumbers(OptionalInt sessionNumber, OptionalInt packetLength, OptionalInt vni) {
        if (sessionNumber.isPresent() && (sessionNumber.getAsInt() < MirroringRules.MIN_SESSION_NUMBER
                || sessionNumber.getAsInt() > MirroringRules.MAX_SESSION_NUMBER)) {
            throw AwsError.invalidParameter("SessionNumber must be between 1 and 32766, was " + sessionNumber.getAsInt());
        }
        if (packetLength.isPresent() && (packetLength.getAsInt() < 1 || packetLength.getAsInt() > MAX_PACKET_LENGTH)) {
            throw AwsError.invalidParameter("PacketLength must be between 1 and 8500, was " + packetLength.getAsInt());
        }
        if (vni.isPresent() && (vni.getAsInt() < 0 || vni.getAsInt() > MAX_VNI)) {
            throw AwsError.invalidParameter("VirtualNetworkId must be between 0 and 16777215, was " + vni.getAsInt());
        }
    }

    /**
     * EC2 refuses these instance types as sources too, beyond the guide's list (as AWS does when its
     * list has grown since the guide a client carries was written).
     */
    public synchronized void refuseSourceTypes(java.util.Collection<String> instanceTypes) {
        refusedSourceTypes = Set.copyOf(instanceTypes);
    }

    /** An ENI that is a target, not a plain interface, or on an unsupported instance type cannot be a source. */
    private void checkSource(NetworkInterface eni) {
        if (targets.values().stream().anyMatch(t -> t.networkInterfaceId().map(eni.id()::equals).orElse(false))) {
            throw AwsError.invalidParameter("Network interface " + eni.id()
                    + " is a traffic mirror target and cannot be a traffic mirror source");
        }
        if (eni.type() != InterfaceType.INTERFACE) {
            throw AwsError.badRequest("NetworkInterfaceNotSupported", "Network interface " + eni.id() + " of type "
                    + eni.type().awsName() + " is not supported as a traffic mirror source");
        }
        var instance = eni.attachment().map(a -> instances.get(a.instanceId()));
        if (instance.isPresent() && refusedSourceTypes.contains(instance.get().instanceType())) {
            throw AwsError.badRequest("NetworkInterfaceNotSupported", "Network interface " + eni.id()
                    + " is not supported for traffic mirroring: instance type " + instance.get().instanceType());
        }
        if (instance.isPresent()) {
            var facts = types.get(instance.get().instanceType());
            var why = facts == null ? Optional.<String>empty()
                    : MirroringRules.unsupportedSource(facts.name(), facts.hypervisor(), facts.bareMetal());
            if (why.isPresent()) {
                throw AwsError.badRequest("NetworkInterfaceNotSupported", "Network interface " + eni.id()
                        + " is not supported for traffic mirroring: " + why.get());
            }
        }
    }

    private void checkReach(NetworkInterface eni, MirrorTarget target) {
        boolean shared = !target.ownerId().isBlank() && !target.ownerId().equals(accountId);
        if (!Reachability.reaches(region, peerings, attachments, eni.vpcId(), target.vpcId(), shared)) {
            throw AwsError.invalidParameter("Traffic mirror source " + eni.id() + " in " + eni.vpcId()
                    + " cannot reach target " + target.id() + " in " + target.vpcId()
                    + ": they must share a VPC or be connected by peering or a transit gateway");
        }
    }

    private void checkTargetRoom(MirrorTarget target, String sourceEniId) {
        if (target.kind() != TargetKind.NETWORK_INTERFACE) {
            return; // NLB and GWLB endpoint targets take any number of sources
        }
        int limit = MirroringRules.sourcesPerInterfaceTarget(targetInstanceType(target));
        var sources = sessions.values().stream().filter(s -> s.targetId().equals(target.id()))
                .map(MirrorSession::sourceEniId).collect(Collectors.toSet());
        if (!sources.contains(sourceEniId) && sources.size() >= limit) {
            throw AwsError.badRequest("TrafficMirrorSourcesPerTargetLimitExceeded",
                    "Sources per interface-target limit reached for " + target.id() + " (" + limit + ")");
        }
    }

    /**
     * The instance type the limit belongs to: that of the instance the target's ENI is attached to, as EC2
     * knows it; for a target shared from another account, the type its seed names.
     */
    private Optional<String> targetInstanceType(MirrorTarget target) {
        var attached = Optional.ofNullable(enis.get(target.resourceId())).flatMap(NetworkInterface::attachment)
                .map(a -> instances.get(a.instanceId())).map(Instance::instanceType);
        return attached.isPresent() ? attached : target.ownerInstanceType();
    }

    private int freeVni() {
        return freeVni(sessions.values().stream().flatMapToInt(s -> s.virtualNetworkId().stream()).boxed()
                .collect(Collectors.toSet()));
    }

    /** A random VNI not in {@code used}, which it joins. */
    private int freeVni(java.util.Set<Integer> used) {
        int vni;
        do {
            vni = 1 + random.nextInt(MAX_VNI);
        } while (!used.add(vni));
        return vni;
    }

    private List<MirrorSession> sessionsOn(String eniId, Predicate<MirrorSession> also) {
        return sessions.values().stream().filter(s -> s.sourceEniId().equals(eniId)).filter(also).toList();
    }

    private static AwsError dryRun() {
        return new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
    }

    // ---- lookups that answer the AWS NotFound codes ----

    public synchronized NetworkInterface requireEni(String id) {
        return require(enis, id, "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
    }

    public synchronized MirrorTarget requireTarget(String id) {
        return require(targets, id, "InvalidTrafficMirrorTargetId.NotFound", "The traffic mirror target '" + id + "' does not exist");
    }

    public synchronized MirrorFilter requireFilter(String id) {
        return require(filters, id, "InvalidTrafficMirrorFilterId.NotFound", "The traffic mirror filter '" + id + "' does not exist");
    }

    /** Another account's session (the VPC owner's, seen from a participant) does not exist for this one. */
    private MirrorSession requireOwnSession(String id) {
        var session = requireSession(id);
        if (!session.ownerId().isEmpty() && !session.ownerId().equals(accountId)) {
            throw AwsError.badRequest("InvalidTrafficMirrorSessionId.NotFound", "The traffic mirror session '" + id
                    + "' does not exist");
        }
        return session;
    }

    public synchronized MirrorSession requireSession(String id) {
        return require(sessions, id, "InvalidTrafficMirrorSessionId.NotFound", "The traffic mirror session '" + id + "' does not exist");
    }

    public synchronized Instance requireInstance(String id) {
        return require(instances, id, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
    }

    private static <T> T require(Map<String, T> map, String id, String code, String message) {
        var found = map.get(id);
        if (found == null) {
            throw AwsError.badRequest(code, message);
        }
        return found;
    }

    // ---- tags ----

    /** CreateTags / DeleteTags on any resource kind MirrorPilot touches; {@code values} null means delete. */
    public synchronized void changeTags(List<String> resourceIds, Map<String, String> tags, boolean delete) {
        for (var id : resourceIds) {
            resourceTags(id); // NotFound before any change: all or nothing
        }
        for (var id : resourceIds) {
            var current = new TreeMap<>(resourceTags(id).values());
            if (delete) {
                tags.forEach((k, v) -> {
                    if (v == null || v.equals(current.get(k))) {
                        current.remove(k);
                    }
                });
            } else {
                current.putAll(tags);
            }
            applyTags(id, new Tags(current));
        }
    }

    private Tags resourceTags(String id) {
        var prefix = id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
        return switch (prefix) {
            case "tms" -> requireSession(id).tags();
            case "tmt" -> requireTarget(id).tags();
            case "tmf" -> requireFilter(id).tags();
            case "i" -> requireInstance(id).tags();
            case "vpc" -> require(vpcs, id, "InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist").tags();
            case "subnet" -> require(subnets, id, "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist").tags();
            case "eni" -> {
                requireEni(id);
                yield Tags.NONE; // ENI tags are not modelled
            }
            default -> throw AwsError.badRequest("InvalidID", "The ID '" + id + "' is not valid");
        };
    }

    private void applyTags(String id, Tags tags) {
        var prefix = id.substring(0, id.indexOf('-'));
        switch (prefix) {
            case "tms" -> sessions.computeIfPresent(id, (k, s) -> s.withTags(tags));
            case "tmt" -> targets.computeIfPresent(id, (k, t) -> t.withTags(tags));
            case "tmf" -> filters.computeIfPresent(id, (k, f) -> f.withTags(tags));
            case "i" -> instances.computeIfPresent(id, (k, i) -> i.withTags(tags));
            case "vpc" -> vpcs.computeIfPresent(id, (k, v) -> new Vpc(v.id(), v.cidrBlock(), tags, v.ownerId()));
            case "subnet" -> subnets.computeIfPresent(id, (k, s) -> new Subnet(s.id(), s.vpcId(), s.availabilityZone(),
                    s.cidrBlock(), tags));
            default -> {
                // ENI tags are accepted and not kept
            }
        }
    }

    // ---- lifecycle, driven by the control API (what AWS does on its own) ----

    /** Launches a running instance with a primary ENI and {@code extraEnis} secondary ones (their delete-on-termination flags). */
    public synchronized Instance launch(String instanceType, String subnetId, Tags tags, List<Boolean> extraEnis, long nowNanos) {
        var subnet = require(subnets, subnetId, "InvalidSubnetID.NotFound", "The subnet ID '" + subnetId + "' does not exist");
        var instance = new Instance(newId("i"), instanceType, InstanceState.RUNNING, subnet.vpcId(), subnet.id(),
                subnet.availabilityZone(), tags, nowNanos);
        instances.put(instance.id(), instance);
        addEni(instance, 0, true);
        for (int i = 0; i < extraEnis.size(); i++) {
            addEni(instance, i + 1, extraEnis.get(i));
        }
        return instance;
    }

    private NetworkInterface addEni(Instance instance, int deviceIndex, boolean deleteOnTermination) {
        var eni = addressed(new NetworkInterface(newId("eni"), instance.vpcId(), instance.subnetId(), instance.availabilityZone(),
                InterfaceType.INTERFACE, false, accountId,
                Optional.of(new Attachment(instance.id(), deviceIndex, deleteOnTermination)), "", "", List.of()));
        enis.put(eni.id(), eni);
        enisByInstance = null;
        return eni;
    }

    /** Attaches an existing ENI, or a new one when {@code eniId} is null, at the next free device index. */
    public synchronized NetworkInterface attach(String instanceId, String eniId, boolean deleteOnTermination) {
        var instance = requireInstance(instanceId);
        int index = interfacesOf(instanceId).stream().mapToInt(NetworkInterface::deviceIndex).max().orElse(-1) + 1;
        if (eniId == null) {
            return addEni(instance, index, deleteOnTermination);
        }
        var eni = requireEni(eniId);
        if (eni.attachment().isPresent()) {
            throw AwsError.badRequest("InvalidNetworkInterface.InUse", "Interface " + eniId + " is already attached");
        }
        var attached = withAttachment(eni, Optional.of(new Attachment(instanceId, index, deleteOnTermination)));
        enis.put(eniId, attached);
        enisByInstance = null;
        return attached;
    }

    public synchronized NetworkInterface detach(String eniId) {
        var detached = withAttachment(requireEni(eniId), Optional.empty());
        enis.put(eniId, detached);
        enisByInstance = null;
        return detached;
    }

    /** Deleting an ENI deletes its sessions, as AWS does. */
    public synchronized List<String> deleteEni(String eniId) {
        requireEni(eniId);
        enis.remove(eniId);
        enisByInstance = null;
        var gone = sessions.values().stream().filter(s -> s.sourceEniId().equals(eniId)).map(MirrorSession::id).toList();
        gone.forEach(sessions::remove);
        return gone;
    }

    /** Terminating deletes the delete-on-termination ENIs (and so their sessions); the others are detached and survive. */
    public synchronized Instance terminate(String instanceId) {
        var instance = requireInstance(instanceId);
        for (var eni : interfacesOf(instanceId)) {
            if (eni.outlivesInstance()) {
                detach(eni.id());
            } else {
                deleteEni(eni.id());
            }
        }
        var terminated = instance.withState(InstanceState.TERMINATED);
        instances.put(instanceId, terminated);
        return terminated;
    }

    public synchronized Instance setState(String instanceId, InstanceState state) {
        var changed = requireInstance(instanceId).withState(state);
        instances.put(instanceId, changed);
        return changed;
    }

    /** A target deleted behind everyone's back: its sessions stay, as in AWS, and stop mirroring. */
    public synchronized void deleteTarget(String targetId) {
        requireTarget(targetId);
        targets.remove(targetId);
    }

    private static NetworkInterface withAttachment(NetworkInterface eni, Optional<Attachment> attachment) {
        return eni.withAttachment(attachment);
    }

    /** For filters: the instance type facts by name. */
    public synchronized Map<String, InstanceType> typesByName() {
        return types.values().stream().collect(Collectors.toMap(InstanceType::name, Function.identity()));
    }
}
