package dev.mirrorpilot.policy.model;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Everything that exists in one account and region, as far as mirroring cares. Immutable;
 * construction rejects duplicate ids so that every later lookup is unambiguous.
 * {@code otherInterfaces} holds ENIs not listed under a workload: unattached ENIs, load balancer
 * and endpoint ENIs, and ENIs of instances outside this inventory (their attachment says so).
 * An inventory for one instance ({@link dev.mirrorpilot.policy.plan.Scope.Instance}) need only
 * hold that instance, the targets, filters, connectivity, every session on the instance's ENIs,
 * every session on the targets, and the ENIs of sessions tagged with the instance.
 * {@code securityGroups}, {@code loadBalancers} and {@code vpcEndpoints} are what stands behind
 * the targets (with the Sensors' instances and capture ENIs): whether a target can receive.
 */
public record Inventory(
        String accountId,
        String region,
        List<Vpc> vpcs,
        List<Subnet> subnets,
        List<Workload> workloads,
        List<NetworkInterface> otherInterfaces,
        List<MirrorTarget> targets,
        List<MirrorFilter> filters,
        List<MirrorSession> sessions,
        Connectivity connectivity,
        List<InstanceTypeFacts> instanceTypes,
        List<SecurityGroup> securityGroups,
        List<LoadBalancer> loadBalancers,
        List<VpcEndpoint> vpcEndpoints) {

    /** An inventory without the facts behind targets (security groups, load balancers, endpoints). */
    public Inventory(String accountId, String region, List<Vpc> vpcs, List<Subnet> subnets, List<Workload> workloads,
                     List<NetworkInterface> otherInterfaces, List<MirrorTarget> targets, List<MirrorFilter> filters,
                     List<MirrorSession> sessions, Connectivity connectivity, List<InstanceTypeFacts> instanceTypes) {
        this(accountId, region, vpcs, subnets, workloads, otherInterfaces, targets, filters, sessions, connectivity,
                instanceTypes, List.of(), List.of(), List.of());
    }

    public Inventory {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
        vpcs = List.copyOf(vpcs);
        subnets = List.copyOf(subnets);
        workloads = List.copyOf(workloads);
        otherInterfaces = List.copyOf(otherInterfaces);
        targets = List.copyOf(targets);
        filters = List.copyOf(filters);
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(connectivity, "connectivity");
        instanceTypes = List.copyOf(instanceTypes);
        securityGroups = List.copyOf(securityGroups);
        loadBalancers = List.copyOf(loadBalancers);
        vpcEndpoints = List.copyOf(vpcEndpoints);
        requireUnique("VPC", vpcs.stream().map(Vpc::id));
        requireUnique("subnet", subnets.stream().map(Subnet::id));
        requireUnique("instance", workloads.stream().map(Workload::instanceId));
        requireUnique("network interface", Stream.concat(
                workloads.stream().flatMap(w -> w.interfaces().stream()), otherInterfaces.stream())
                .map(NetworkInterface::id));
        requireUnique("mirror target", targets.stream().map(MirrorTarget::id));
        requireUnique("mirror filter", filters.stream().map(MirrorFilter::id));
        requireUnique("mirror session", sessions.stream().map(MirrorSession::id));
        requireUnique("instance type", instanceTypes.stream().map(InstanceTypeFacts::name));
        requireUnique("security group", securityGroups.stream().map(SecurityGroup::id));
        requireUnique("load balancer", loadBalancers.stream().map(LoadBalancer::arn));
        requireUnique("VPC endpoint", vpcEndpoints.stream().map(VpcEndpoint::id));
    }

    private static void requireUnique(String what, Stream<String> ids) {
        var seen = new HashSet<String>();
        var duplicates = ids.filter(id -> !seen.add(id)).distinct().sorted().toList();
        if (!duplicates.isEmpty()) {
            throw new IllegalArgumentException("duplicate " + what + " id(s): " + String.join(", ", duplicates));
        }
    }

    public Stream<NetworkInterface> allInterfaces() {
        return Stream.concat(workloads.stream().flatMap(w -> w.interfaces().stream()), otherInterfaces.stream());
    }

    public Map<String, InstanceTypeFacts> instanceTypesByName() {
        return index(instanceTypes, InstanceTypeFacts::name);
    }

    public Map<String, MirrorTarget> targetsById() {
        return index(targets, MirrorTarget::id);
    }

    public Map<String, MirrorFilter> filtersById() {
        return index(filters, MirrorFilter::id);
    }

    public Optional<Workload> workload(String instanceId) {
        return workloads.stream().filter(w -> w.instanceId().equals(instanceId)).findFirst();
    }

    public Inventory withSessions(List<MirrorSession> newSessions) {
        return new Inventory(accountId, region, vpcs, subnets, workloads, otherInterfaces, targets,
                filters, newSessions, connectivity, instanceTypes, securityGroups, loadBalancers, vpcEndpoints);
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity()));
    }
}
