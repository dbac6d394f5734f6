package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optional onboarding resources of the stack (the guide's filter, a target per Sensor, NLB or
 * GWLB endpoint given) and templates/sensor-nlb.yaml. Both templates also pass cfn-lint in `make test`.
 */
class OnboardingTemplateTest {
    static JsonNode stack;
    static JsonNode nlb;

    @BeforeAll
    static void read() throws IOException {
        var yaml = new ObjectMapper(new YAMLFactory());
        stack = yaml.readTree(Path.of("../../template.yaml").toFile());
        nlb = yaml.readTree(Path.of("../../templates/sensor-nlb.yaml").toFile());
    }

    @Test
    void theGuidesFilterIsCreatedOnlyWhenAskedAcceptingAllTrafficBothWaysAndAmazonDns() {
        assertThat(stack.at("/Parameters/CreateFilter/Default").asText()).isEqualTo("false");
        var filter = stack.at("/Resources/MirrorFilter");
        assertThat(filter.path("Condition").asText()).isEqualTo("CreatesFilter");
        assertThat(filter.at("/Properties/NetworkServices/0").asText()).isEqualTo("amazon-dns");
        for (var rule : new String[] {"MirrorFilterAcceptAllInbound", "MirrorFilterAcceptAllOutbound"}) {
            var properties = stack.at("/Resources/" + rule + "/Properties");
            assertThat(properties.path("RuleAction").asText()).isEqualTo("accept");
            assertThat(properties.path("SourceCidrBlock").asText()).isEqualTo("0.0.0.0/0");
            assertThat(properties.path("DestinationCidrBlock").asText()).isEqualTo("0.0.0.0/0");
        }
        assertThat(stack.at("/Resources/MirrorFilterAcceptAllInbound/Properties/TrafficDirection").asText()).isEqualTo("ingress");
        assertThat(stack.at("/Resources/MirrorFilterAcceptAllOutbound/Properties/TrafficDirection").asText()).isEqualTo("egress");
    }

    @Test
    void aTargetIsCreatedPerSensorGivenAndNoneByDefault() {
        assertThat(stack.at("/Parameters/SensorEniIds/Default").asText()).isEmpty();
        for (int i = 0; i < 8; i++) {
            var target = stack.at("/Resources/SensorEni" + i);
            assertThat(target.path("Condition").asText()).isEqualTo("HasSensorEni" + i);
            assertThat(target.at("/Properties/NetworkInterfaceId").isMissingNode()).isFalse();
        }
        assertThat(stack.at("/Resources/SensorNlb0/Properties/NetworkLoadBalancerArn").isMissingNode()).isFalse();
        assertThat(stack.at("/Resources/SensorGwlbEndpoint0/Properties/GatewayLoadBalancerEndpointId").isMissingNode()).isFalse();
    }

    @Test
    void theSensorNlbListensOnUdp4789HealthChecksOverTcpAndBalancesAcrossZones() {
        var listener = nlb.at("/Resources/SensorListener/Properties");
        assertThat(listener.path("Protocol").asText()).isEqualTo("UDP");
        assertThat(listener.path("Port").asInt()).isEqualTo(4789);
        var group = nlb.at("/Resources/SensorTargetGroup/Properties");
        assertThat(group.path("Protocol").asText()).isEqualTo("UDP");
        assertThat(group.path("HealthCheckProtocol").asText()).isEqualTo("TCP");
        var balancer = nlb.at("/Resources/SensorLoadBalancer/Properties");
        assertThat(balancer.path("Scheme").asText()).isEqualTo("internal");
        assertThat(balancer.path("Subnets")).hasSize(2);
        assertThat(balancer.path("LoadBalancerAttributes").toString()).contains("load_balancing.cross_zone.enabled")
                .contains("\"true\"");
        // The mirror target comes after the listener: without it AWS accepts the target and mirrors nothing.
        assertThat(nlb.at("/Resources/SensorMirrorTarget/DependsOn").asText()).isEqualTo("SensorListener");
    }

    @Test
    void theCoverageRoleIsReadOnlyAndTrustsOnlyTheGivenAccount() {
        var role = stack.at("/Resources/CoverageRole");
        assertThat(role.path("Condition").asText()).isEqualTo("CreatesCoverageRole");
        assertThat(role.at("/Properties/AssumeRolePolicyDocument").toString()).contains("CoverageTrustAccount");
        var actions = role.at("/Properties/Policies/0/PolicyDocument/Statement/0/Action");
        // Read-only verbs only (Get: a managed prefix list's entries, what a security group rule admits).
        assertThat(actions).isNotEmpty().allSatisfy(a -> assertThat(a.asText()).matches("[a-z0-9-]+:(Describe|Get)[A-Za-z]+"));
        assertThat(actions.toString()).doesNotContain("Create").doesNotContain("Delete").doesNotContain("Modify");
    }
}
