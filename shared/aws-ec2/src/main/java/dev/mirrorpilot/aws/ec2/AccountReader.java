package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Subnet;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Reads a whole account and region into an {@link Inventory}, with paginated, filtered Describe
 * calls (the filtered bucket, not the small unfiltered one). ENIs come from
 * DescribeNetworkInterfaces, which carries what DescribeInstances leaves out (requester-managed,
 * description), and are grouped under their instances. Sessions are read before anything else,
 * so that every session read belongs to an ENI the later reads see, if that ENI still exists.
 */
public final class AccountReader {
    private final Ec2Client ec2;
    private final TypeCatalog types;
    private final Selection targetSelection;

    public AccountReader(Ec2Client ec2, Selection targetSelection) {
        this.ec2 = ec2;
        this.types = new TypeCatalog(ec2);
        this.targetSelection = targetSelection;
    }

    /**
     * @param account the account id the credentials are in (STS GetCallerIdentity, or the function's ARN); never
     *                guessed from what the read finds: in a shared VPC the VPC's owner is another account
     * @param region  the region the client is in
     */
    public Inventory read(String account, String region) {
        // Sessions first: a session created after this read is not seen at all, rather than seen without the
        // ENI it mirrors (which would make a live session look like an orphan and get it deleted).
        var sessions = ec2.describeTrafficMirrorSessionsPaginator(b -> b.maxResults(1000)).trafficMirrorSessions().stream()
                .map(Ec2Mapping::session).toList();
        var vpcResponses = ec2.describeVpcsPaginator(b -> b.maxResults(1000)).vpcs().stream().toList();
        var owner = java.util.Objects.requireNonNull(account, "account");
        var vpcs = vpcResponses.stream().map(v -> new Vpc(v.vpcId(), v.cidrBlock(), Ec2Mapping.tags(v.tags()), v.ownerId())).toList();
        var subnets = ec2.describeSubnetsPaginator(b -> b.maxResults(1000)).subnets().stream()
                .map(s -> new Subnet(s.subnetId(), s.vpcId(), s.availabilityZone(), s.cidrBlock(), Ec2Mapping.tags(s.tags())))
                .toList();
        var enis = ec2.describeNetworkInterfacesPaginator(b -> b.maxResults(1000)).networkInterfaces().stream()
                .map(Ec2Mapping::networkInterface).toList();
        var byInstance = enis.stream().filter(e -> e.attachment().isPresent())
                .collect(Collectors.groupingBy(e -> e.attachment().get().instanceId()));
        var workloads = new ArrayList<Workload>();
        ec2.describeInstancesPaginator(b -> b.maxResults(1000)).reservations().forEach(r -> r.instances().forEach(i -> {
            var described = Ec2Mapping.workload(i, owner);
            workloads.add(new Workload(described.instanceId(), described.instanceType(), described.state(), described.vpcId(),
                    described.subnetId(), described.availabilityZone(), described.tags(),
                    byInstance.getOrDefault(i.instanceId(), described.interfaces())));
        }));
        var attachedToListed = workloads.stream().flatMap(w -> w.interfaces().stream()).map(NetworkInterface::id)
                .collect(Collectors.toSet());
        var others = enis.stream().filter(e -> !attachedToListed.contains(e.id())).toList();
        // Every session was read above, so the context's own read of the sessions on targets is skipped.
        var context = new AccountContextReader(ec2, types, targetSelection, Duration.ZERO, System::nanoTime).loadWithoutLoads();
        var facts = new LinkedHashMap<String, InstanceTypeFacts>();
        types.facts(workloads.stream().map(Workload::instanceType).distinct().sorted().toList()).forEach(t -> facts.put(t.name(), t));
        context.sensorTypes().forEach(t -> facts.put(t.name(), t));
        var receivers = context.receivers();
        return new Inventory(owner, region, vpcs, subnets, workloads, others, context.targets(), context.filters(),
                sessions, context.connectivity(), List.copyOf(facts.values()), receivers.securityGroups(),
                receivers.loadBalancers(), receivers.endpoints());
    }

}
