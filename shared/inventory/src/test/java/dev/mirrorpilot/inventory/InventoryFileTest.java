package dev.mirrorpilot.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileTest {
    private static final Path SAMPLE = Path.of("../../events/sample-inventory.json");

    @Test
    void sampleInventoryHasEveryScenarioOfTheSeedDocument() {
        var inventory = InventoryFile.read(SAMPLE);

        assertThat(inventory.vpcs()).hasSize(5);
        // One peering in use, one the sandbox VPC waits on (the plan names it as the fix).
        assertThat(inventory.connectivity().peerings()).extracting(p -> p.status())
                .containsExactlyInAnyOrder("active", "pending-acceptance");
        assertThat(inventory.targets()).extracting(t -> t.kind())
                .containsExactlyInAnyOrder(TargetKind.NETWORK_INTERFACE, TargetKind.NETWORK_INTERFACE, TargetKind.NETWORK_LOAD_BALANCER,
                        TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT, TargetKind.NETWORK_INTERFACE, TargetKind.NETWORK_INTERFACE);
        // Issue 9's cases: a dead Sensor, a Sensor registered behind the NLB, a RAM-shared target, a foreign session above 1.
        assertThat(inventory.workloads()).anyMatch(w -> w.tags().valueIs("Name", "vectra-sensor-e")
                && w.state() == dev.mirrorpilot.policy.model.InstanceState.STOPPED);
        assertThat(inventory.loadBalancers()).singleElement().satisfies(lb -> assertThat(lb.registered()).isNotEmpty());
        assertThat(inventory.targets()).anyMatch(t -> !t.ownerId().equals(inventory.accountId()) && t.vpcId().isEmpty());
        assertThat(inventory.sessions()).anyMatch(s -> !s.isManaged() && s.sessionNumber() > 1);
        assertThat(inventory.securityGroups()).isNotEmpty();
        assertThat(inventory.workloads()).anyMatch(w -> w.instanceType().startsWith("t2."));
        assertThat(inventory.workloads()).anyMatch(w -> w.tags().valueIs("mirrorpilot:mirror", "false"));
        assertThat(inventory.sessions()).anyMatch(s -> !s.isManaged());
        assertThat(inventory.otherInterfaces()).anyMatch(e -> e.type() == InterfaceType.NETWORK_LOAD_BALANCER);
    }

    @Test
    void writingAndReadingAnAccountGivesTheSameAccount(@TempDir Path dir) throws Exception {
        var account = SyntheticAccount.generate(SyntheticSpec.of(500, 8), 42);
        var file = dir.resolve("account.json");

        InventoryFile.write(account, file);

        assertThat(InventoryFile.read(file)).isEqualTo(account);
    }

    @Test
    void sampleSurvivesARoundTrip() {
        var sample = InventoryFile.read(SAMPLE);

        assertThat(InventoryFile.parse(InventoryFile.write(sample), "copy")).isEqualTo(sample);
    }

    @Test
    void aKeyTwiceIsAnErrorNotALastValueWins() {
        var json = """
                {"accountId": "111122223333", "region": "eu-west-1", "region": "us-east-1"}""";

        assertThatThrownBy(() -> InventoryFile.parse(json, "twice.json"))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("twice.json").hasMessageContaining("region");
    }

    @Test
    void aNumberWhereAStringBelongsIsAnError() {
        var json = """
                {"accountId": 111122223333, "region": "eu-west-1"}""";

        assertThatThrownBy(() -> InventoryFile.parse(json, "typed.json"))
                .isInstanceOf(InvalidInventoryException.class).hasMessageContaining("accountId");
    }

    @Test
    void unknownFieldIsAnErrorThatNamesItsPlaceAndTheKnownFields() {
        var json = """
                {"accountId": "111122223333", "region": "eu-west-1",
                 "instances": [{"instanceId": "i-00000001", "instanceType": "m5.large", "state": "running",
                                "vpcId": "vpc-00000001", "subnetId": "subnet-00000001", "availabilityZone": "eu-west-1a",
                                "tagz": {}}]}""";

        assertThatThrownBy(() -> InventoryFile.parse(json, "bad.json"))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("bad.json: instances[0].tagz: unknown field 'tagz'")
                .hasMessageContaining("tags");
    }

    @Test
    void missingRequiredFieldNamesTheElement() {
        var json = """
                {"accountId": "111122223333", "region": "eu-west-1",
                 "mirrorSessions": [{"trafficMirrorSessionId": "tms-00000001", "networkInterfaceId": "eni-00000001",
                                     "trafficMirrorTargetId": "tmt-00000001", "sessionNumber": 1}]}""";

        assertThatThrownBy(() -> InventoryFile.parse(json, "x.json"))
                .hasMessage("x.json: mirrorSessions[0]: 'trafficMirrorFilterId' is required");
    }

    @Test
    void malformedJsonSaysWhere() {
        assertThatThrownBy(() -> InventoryFile.parse("{\"accountId\": \"111122223333\",, }", "broken.json"))
                .isInstanceOf(InvalidInventoryException.class)
                .hasMessageContaining("broken.json: not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void badValuesAreExplained() {
        assertThatThrownBy(() -> InventoryFile.parse("{\"accountId\": \"12345\", \"region\": \"eu-west-1\"}", "a.json"))
                .hasMessageContaining("not a 12-digit AWS account id");
        assertThatThrownBy(() -> InventoryFile.parse("""
                {"accountId": "111122223333", "region": "eu-west-1",
                 "instances": [{"instanceId": "i-00000001", "instanceType": "m5.large", "state": "sleeping",
                                "vpcId": "vpc-00000001", "subnetId": "subnet-00000001", "availabilityZone": "eu-west-1a"}]}""", "s.json"))
                .hasMessageContaining("s.json: instances[0]: unknown instance state 'sleeping'");
        assertThatThrownBy(() -> InventoryFile.parse("""
                {"accountId": "111122223333", "region": "eu-west-1", "formatVersion": 9}""", "v.json"))
                .hasMessageContaining("version 9 is not supported");
    }

    @Test
    void duplicateIdsAreRejected() {
        assertThatThrownBy(() -> InventoryFile.parse("""
                {"accountId": "111122223333", "region": "eu-west-1",
                 "vpcs": [{"vpcId": "vpc-00000001"}, {"vpcId": "vpc-00000001"}]}""", "d.json"))
                .hasMessageContaining("duplicate VPC id(s): vpc-00000001");
    }

    @Test
    void missingFileSaysSo() {
        assertThatThrownBy(() -> InventoryFile.read(Path.of("no/such/inventory.json")))
                .hasMessage("no/such/inventory.json: no such file");
    }

    @Test
    void attachedInterfaceDefaultsComeFromItsInstance() {
        var inventory = InventoryFile.parse("""
                {"accountId": "111122223333", "region": "eu-west-1",
                 "instances": [{"instanceId": "i-00000001", "instanceType": "m5.large", "state": "running",
                                "vpcId": "vpc-00000001", "subnetId": "subnet-00000001", "availabilityZone": "eu-west-1a",
                                "networkInterfaces": [{"networkInterfaceId": "eni-00000001", "deviceIndex": 0},
                                                      {"networkInterfaceId": "eni-00000002", "deviceIndex": 1}]}]}""", "i.json");

        var enis = inventory.workloads().get(0).interfaces();
        assertThat(enis.get(0).vpcId()).isEqualTo("vpc-00000001");
        assertThat(enis.get(0).ownerId()).isEqualTo("111122223333");
        assertThat(enis.get(0).outlivesInstance()).isFalse();
        assertThat(enis.get(1).outlivesInstance()).isTrue();
    }

    @Test
    void anIdWithFullWidthDigitsANulOrAnythingButItsAwsFormIsRefusedNamingTheField() {
        for (var id : new String[] {"i-\uff10a2b3c4d", "i-0a2b3c4d\u0000", "i-0A2B3C4D", "i-0a2b3c4d5e", "web-7"}) {
            var json = """
                    {"formatVersion": 2, "accountId": "111122223333", "region": "eu-west-1",
                     "instances": [{"instanceId": "%s", "instanceType": "m5.large", "state": "running",
                                    "vpcId": "vpc-00000001", "subnetId": "subnet-00000001", "availabilityZone": "eu-west-1a"}]}"""
                    .formatted(id.replace("\u0000", "\\u0000"));
            assertThatThrownBy(() -> InventoryFile.parse(json, "ids.json")).as(id)
                    .hasMessageContaining("ids.json: instances[0].instanceId:").hasMessageContaining("is not an AWS id")
                    .hasMessageNotContaining("\u0000");
        }
    }

    @Test
    void twoInterfacesOnOneDeviceIndexAreRefused() {
        assertThatThrownBy(() -> InventoryFile.parse("""
                {"formatVersion": 2, "accountId": "111122223333", "region": "eu-west-1",
                 "instances": [{"instanceId": "i-00000001", "instanceType": "m5.large", "state": "running",
                                "vpcId": "vpc-00000001", "subnetId": "subnet-00000001", "availabilityZone": "eu-west-1a",
                                "networkInterfaces": [{"networkInterfaceId": "eni-00000001", "deviceIndex": 0},
                                                      {"networkInterfaceId": "eni-00000002", "deviceIndex": 0}]}]}""", "two.json"))
                .hasMessageContaining("two.json: instances[0].networkInterfaces[1]: deviceIndex 0 is taken by another interface");
    }

    @Test
    void aVersionOneFileIsRefusedWithWhatChangedAndWhereTheMappingIs() {
        assertThatThrownBy(() -> InventoryFile.parse("""
                {"formatVersion": 1, "accountId": "111122223333", "region": "eu-west-1"}""", "old.json"))
                .hasMessageContaining("old.json: formatVersion 1 is the format before December 2026")
                .hasMessageContaining("largestSizeOfFamily").hasMessageContaining("securityGroups")
                .hasMessageContaining("docs/inventory-format.md");
    }
}
