package dev.mirrorpilot.policy.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceSupportTest {

    @ParameterizedTest(name = "{0} ({1}, metal={2}) supported={3}")
    @CsvSource({
            "m5.large,     NITRO, false, true",
            "c5n.18xlarge, NITRO, false, true",
            "t3.medium,    NITRO, false, true",
            "m6i.large,    NITRO, false, false",
            "c7g.xlarge,   NITRO, false, false",
            "t2.micro,     XEN,   false, false",
            "m3.medium,    XEN,   false, false",
            "m4.large,     XEN,   false, true",
            "x1e.xlarge,   XEN,   false, true",
            "p2.xlarge,    XEN,   false, true",
            "m5.metal,     NONE,  true,  false",
            "i3.metal,     NONE,  true,  false"})
    void sourceSupportIsDecidedFromTypeFacts(String type, Hypervisor hypervisor, boolean metal, boolean supported) {
        var facts = new InstanceTypeFacts(type, hypervisor, metal);

        assertThat(SourceSupport.whyUnsupported(facts).isEmpty()).isEqualTo(supported);
    }
}
