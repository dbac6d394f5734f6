package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.inventory.InventoryFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** The CloudTrail events the simulator emits for its EC2 mutations, as EventBridge would deliver them. */
class CloudTrailEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSuccessfulMutationIsAnnouncedWithItsCallerAndParametersAndNothingElseIs() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
             var mallory = Ec2Client.builder().endpointOverride(simulator.endpoint()).region(Region.of("eu-west-1"))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("mallory", "x"))).build()) {
            mallory.describeTrafficMirrorSessions(b -> { });
            mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0a2b3c4d5e6f70050"));
            assertThatThrownBy(() -> mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0a2b3c4d5e6f70050")))
                    .isInstanceOf(Ec2Exception.class);
            mallory.createTags(b -> b.resources("i-0a2b3c4d5e6f7001a").tags(t -> t.key("mirrorpilot:mirror").value("false")));

            var events = simulator.cloudTrail().events();

            assertThat(events).as("a describe and a refused call are not recorded").hasSize(2);
            var delete = JSON.readTree(events.get(0));
            assertThat(delete.path("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
            assertThat(delete.at("/detail/eventName").asText()).isEqualTo("DeleteTrafficMirrorSession");
            assertThat(delete.at("/detail/userIdentity/arn").asText()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
            assertThat(delete.at("/detail/requestParameters/DeleteTrafficMirrorSessionRequest/TrafficMirrorSessionId").asText())
                    .isEqualTo("tms-0a2b3c4d5e6f70050");
            var tags = JSON.readTree(events.get(1));
            assertThat(tags.at("/detail/requestParameters/resourcesSet/items/0/resourceId").asText()).isEqualTo("i-0a2b3c4d5e6f7001a");
            assertThat(tags.at("/detail/requestParameters/tagSet/items/0/key").asText()).isEqualTo("mirrorpilot:mirror");
        }
    }

    @Test
    void mirrorPilotsLocalKeyIsItsAssumedRole() throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
             var ec2 = Ec2Client.builder().endpointOverride(simulator.endpoint()).region(Region.of("eu-west-1"))
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            ec2.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId("tms-0a2b3c4d5e6f70050"));

            var identity = JSON.readTree(simulator.cloudTrail().events().get(0)).at("/detail/userIdentity");

            assertThat(identity.path("type").asText()).isEqualTo("AssumedRole");
            assertThat(identity.at("/sessionContext/sessionIssuer/arn").asText())
                    .isEqualTo("arn:aws:iam::111122223333:role/mirrorpilot-local");
        }
    }
}
