package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.delivery.NetworkAcl;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/** The network ACLs of some VPCs (paginated, filtered by VPC, 200 VPC ids a call). IAM: {@code ec2:DescribeNetworkAcls}. */
public final class NetworkAclReader {
    private final Ec2Client ec2;

    public NetworkAclReader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public List<NetworkAcl> read(Set<String> vpcIds) {
        var ids = List.copyOf(vpcIds);
        var out = new ArrayList<NetworkAcl>();
        for (int i = 0; i < ids.size(); i += 200) {
            var part = ids.subList(i, Math.min(ids.size(), i + 200));
            ec2.describeNetworkAclsPaginator(b -> b.maxResults(1000).filters(Filter.builder().name("vpc-id").values(part).build()))
                    .networkAcls().forEach(a -> out.add(new NetworkAcl(a.networkAclId(), a.vpcId(),
                            a.associations().stream().map(x -> x.subnetId()).filter(s -> s != null).collect(Collectors.toSet()),
                            a.entries().stream().filter(e -> e.cidrBlock() != null).map(e -> new NetworkAcl.Rule(e.ruleNumber(),
                                    Boolean.TRUE.equals(e.egress()), protocol(e.protocol()), "allow".equals(e.ruleActionAsString()),
                                    e.cidrBlock(), e.portRange() == null ? 0 : e.portRange().from(),
                                    e.portRange() == null ? 65535 : e.portRange().to())).toList())));
        }
        return out;
    }

    private static int protocol(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException | NullPointerException e) {
            return -2; // a protocol name AWS does not send; matches no rule check
        }
    }
}
