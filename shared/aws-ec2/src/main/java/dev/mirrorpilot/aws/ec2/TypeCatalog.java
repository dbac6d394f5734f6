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
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;

/**
 * Instance type facts from DescribeInstanceTypes, kept for the life of the container (they do not
 * change). Whether a type is the largest size of its family matters only for the Sensor behind an
 * ENI target (10 or 100 sources), so only {@link #sensorFacts} asks for the whole family: the type
 * with the most vCPUs among its non-metal sizes. {@link #facts} leaves it false.
 */
public final class TypeCatalog {
    /** What DescribeInstanceTypes says of one type. */
    private record Described(Hypervisor hypervisor, boolean bareMetal, int vcpus) {
    }

    private final Ec2Client ec2;
    private final Map<String, Described> known = new ConcurrentHashMap<>();
    private final Map<String, Integer> familyMaxVcpus = new ConcurrentHashMap<>();

    public TypeCatalog(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Facts of workload types (source support); unknown names are left out, and the planner reports them. */
    public List<InstanceTypeFacts> facts(Collection<String> names) {
        return describe(names).stream().map(name -> toFacts(name, false)).toList();
    }

    public Optional<InstanceTypeFacts> facts(String name) {
        return facts(List.of(name)).stream().findFirst();
    }

    /** Facts of Sensor types, with whether each is the largest size of its family. */
    public List<InstanceTypeFacts> sensorFacts(Collection<String> names) {
        return describe(names).stream().map(name -> toFacts(name, true)).toList();
    }

    private List<String> describe(Collection<String> names) {
        var missing = names.stream().filter(n -> !known.containsKey(n) && n.contains(".")).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            ec2.describeInstanceTypesPaginator(b -> b.filters(Filter.builder().name("instance-type").values(missing).build()))
                    .instanceTypes().forEach(info -> known.put(info.instanceTypeAsString(), new Described(
                            info.hypervisor() == null ? Hypervisor.NONE : Hypervisor.fromAws(info.hypervisorAsString()),
                            Boolean.TRUE.equals(info.bareMetal()), vcpus(info))));
        }
        return names.stream().distinct().filter(known::containsKey).toList();
    }

    private InstanceTypeFacts toFacts(String name, boolean decideLargest) {
        var described = known.get(name);
        boolean largest = decideLargest && !described.bareMetal() && described.vcpus() > 0
                && described.vcpus() >= familyMaxVcpus(name.substring(0, name.indexOf('.')));
        return new InstanceTypeFacts(name, described.hypervisor(), described.bareMetal(), largest);
    }

    private static int vcpus(InstanceTypeInfo info) {
        return info.vCpuInfo() == null || info.vCpuInfo().defaultVCpus() == null ? 0 : info.vCpuInfo().defaultVCpus();
    }

    private int familyMaxVcpus(String family) {
        return familyMaxVcpus.computeIfAbsent(family, f -> ec2.describeInstanceTypesPaginator(b -> b.filters(
                        Filter.builder().name("instance-type").values(f + ".*").build())).instanceTypes().stream()
                .filter(i -> !Boolean.TRUE.equals(i.bareMetal()))
                .mapToInt(TypeCatalog::vcpus)
                .max().orElse(Integer.MAX_VALUE));
    }
}
