package dev.mirrorpilot.policy.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Network ACL evaluation as the VPC guide states it: by rule number, first match, then the implicit deny. */
class NetworkAclTest {
    private static NetworkAcl acl(NetworkAcl.Rule... rules) {
        return new NetworkAcl("acl-1", "vpc-1", Set.of("subnet-1"), List.of(rules));
    }

    @Test
    void theLowestNumberedMatchingRuleDecidesWhateverOrderTheyCameIn() {
        var acl = acl(new NetworkAcl.Rule(100, false, -1, true, "0.0.0.0/0", 0, 65535),
                new NetworkAcl.Rule(50, false, 17, false, "10.0.0.0/8", 4789, 4789));

        assertThat(acl.decidingUdp(false, "10.1.2.3", 4789)).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(50));
        assertThat(acl.decidingUdp(false, "192.168.1.1", 4789)).hasValueSatisfying(r -> assertThat(r.allow()).isTrue());
        assertThat(acl.decidingUdp(false, "10.1.2.3", 53)).hasValueSatisfying(r -> assertThat(r.number()).isEqualTo(100));
    }

    @Test
    void aRuleOfTheOtherDirectionOrAnotherProtocolNeverMatchesAndNothingMatchingIsTheImplicitDeny() {
        var acl = acl(new NetworkAcl.Rule(100, true, -1, true, "0.0.0.0/0", 0, 65535),
                new NetworkAcl.Rule(110, false, 6, true, "0.0.0.0/0", 0, 65535));

        assertThat(acl.decidingUdp(false, "10.1.2.3", 4789)).isEmpty();
        assertThat(acl.decidingUdp(true, "10.1.2.3", 4789)).isPresent();
    }

    @Test
    void cidrsCoverTheirAddressesOnly() {
        assertThat(NetworkAcl.Ipv4.covers("10.0.0.0/8", "10.255.0.1")).isTrue();
        assertThat(NetworkAcl.Ipv4.covers("10.0.0.0/8", "11.0.0.1")).isFalse();
        assertThat(NetworkAcl.Ipv4.covers("10.0.1.7/32", "10.0.1.7")).isTrue();
        assertThat(NetworkAcl.Ipv4.covers("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(NetworkAcl.Ipv4.covers("::/0", "10.0.0.1")).as("an IPv6 rule never matches IPv4 VXLAN").isFalse();
    }
}
