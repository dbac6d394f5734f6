package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * Instance type facts from DescribeInstanceTypes, kept for the life of the container (they do not
 * change): what source support depends on. How many sources a Sensor type takes is not described
 * by EC2 (see {@link dev.mirrorpilot.policy.capacity.SourceLimits}).
 */
public final class TypeCatalog {
    /** What DescribeInstanceTypes says of one type. */
    private record Described(Hypervisor hypervisor, boolean bareMetal) {
    }

    private final Ec2Client ec2;
    private final Map<String, Described> known = new ConcurrentHashMap<>();

    public TypeCatalog(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Facts of these types; unknown names are left out, and the planner reports them. */
    public List<InstanceTypeFacts> facts(Collection<String> names) {
        return describe(names).stream().map(name -> new InstanceTypeFacts(name, known.get(name).hypervisor(),
                known.get(name).bareMetal())).toList();
    }

    public Optional<InstanceTypeFacts> facts(String name) {
        return facts(List.of(name)).stream().findFirst();
    }

    private List<String> describe(Collection<String> names) {
        var missing = names.stream().filter(n -> !known.containsKey(n) && n.contains(".")).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            ec2.describeInstanceTypesPaginator(b -> b.filters(Filter.builder().name("instance-type").values(missing).build()))
                    .instanceTypes().forEach(info -> known.put(info.instanceTypeAsString(), new Described(
                            info.hypervisor() == null ? Hypervisor.NONE : Hypervisor.fromAws(info.hypervisorAsString()),
                            Boolean.TRUE.equals(info.bareMetal()))));
        }
        return names.stream().distinct().filter(known::containsKey).toList();
    }

}
