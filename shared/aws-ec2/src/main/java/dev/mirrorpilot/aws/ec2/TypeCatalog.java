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
 * change). Whether a type is the largest size of its family is decided from the whole family: the
 * type with the most vCPUs among its non-metal sizes.
 */
public final class TypeCatalog {
    private final Ec2Client ec2;
    private final Map<String, InstanceTypeFacts> known = new ConcurrentHashMap<>();
    private final Map<String, Integer> familyMaxVcpus = new ConcurrentHashMap<>();

    public TypeCatalog(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** Facts for these types; unknown names are left out (the planner then reports them). */
    public List<InstanceTypeFacts> facts(Collection<String> names) {
        var missing = names.stream().filter(n -> !known.containsKey(n) && n.contains(".")).distinct().sorted().toList();
        if (!missing.isEmpty()) {
            ec2.describeInstanceTypesPaginator(b -> b.filters(Filter.builder().name("instance-type").values(missing).build()))
                    .instanceTypes().forEach(info -> known.put(info.instanceTypeAsString(), toFacts(info)));
        }
        return names.stream().distinct().map(known::get).filter(f -> f != null).toList();
    }

    public Optional<InstanceTypeFacts> facts(String name) {
        return facts(List.of(name)).stream().findFirst();
    }

    private InstanceTypeFacts toFacts(InstanceTypeInfo info) {
        var name = info.instanceTypeAsString();
        boolean metal = Boolean.TRUE.equals(info.bareMetal());
        int vcpus = info.vCpuInfo() == null || info.vCpuInfo().defaultVCpus() == null ? 0 : info.vCpuInfo().defaultVCpus();
        boolean largest = !metal && vcpus > 0 && vcpus >= familyMaxVcpus(name.substring(0, name.indexOf('.')));
        var hypervisor = info.hypervisor() == null ? Hypervisor.NONE : Hypervisor.fromAws(info.hypervisorAsString());
        return new InstanceTypeFacts(name, hypervisor, metal, largest);
    }

    private int familyMaxVcpus(String family) {
        return familyMaxVcpus.computeIfAbsent(family, f -> ec2.describeInstanceTypesPaginator(b -> b.filters(
                        Filter.builder().name("instance-type").values(f + ".*").build())).instanceTypes().stream()
                .filter(i -> !Boolean.TRUE.equals(i.bareMetal()))
                .mapToInt(i -> i.vCpuInfo() == null || i.vCpuInfo().defaultVCpus() == null ? 0 : i.vCpuInfo().defaultVCpus())
                .max().orElse(Integer.MAX_VALUE));
    }
}
