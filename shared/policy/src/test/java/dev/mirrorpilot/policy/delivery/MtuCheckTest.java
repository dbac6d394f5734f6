package dev.mirrorpilot.policy.delivery;

import static dev.mirrorpilot.policy.TestAccount.ACCOUNT;
import static dev.mirrorpilot.policy.TestAccount.AZ_1;
import static dev.mirrorpilot.policy.TestAccount.OUR_FILTER;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.ManagedTags;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.Tags;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The Traffic Mirroring guide's MTU rule: a mirrored packet is the source's packet plus 54 bytes of VXLAN
 * (IPv4); an instance target truncates what passes its MTU ("an 8996 byte packet ... target MTU 9001 ...
 * truncated"); a GWLB endpoint takes 8500; a transit gateway drops packets above 8500.
 */
class MtuCheckTest {
    private static TestAccount webMirroredTo(String targetId, Tags webTags) {
        return account().workload("i-web", "m5.large", InstanceState.RUNNING, VPC_A, AZ_1, webTags)
                .managedSession("tms-web", eniOf("i-web"), targetId, 1, "i-web");
    }

    @Test
    void jumboSourceIntoJumboSensorIsTruncatedAbove8947BytesAsTheGuideSays() {
        var inventory = webMirroredTo("tmt-s", Tags.of("Name", "web")).sensor("tmt-s").build();

        var oversize = MtuCheck.of(inventory);

        assertThat(oversize).singleElement().satisfies(o -> {
            assertThat(o.targetId()).isEqualTo("tmt-s");
            assertThat(o.limit()).isEqualTo(9001);
            assertThat(o.largestIntact()).isEqualTo(8947);
            assertThat(o.dropped()).isFalse();
            assertThat(o.instanceIds()).containsExactly("i-web");
            assertThat(o.text()).contains("above 8947 bytes are truncated", "source MTU 9001 + 54");
            assertThat(o.fix()).contains("8947", "mirrorpilot:mtu");
        });
    }

    @Test
    void aSourceDeclaredAt8947FitsAJumboSensor() {
        var inventory = webMirroredTo("tmt-s", Tags.of("mirrorpilot:mtu", "8947")).sensor("tmt-s").build();

        assertThat(MtuCheck.of(inventory)).isEmpty();
    }

    @Test
    void aSessionPacketLengthThatLeavesRoomForVxlanFits() {
        var inventory = account().running("i-web").sensor("tmt-s")
                .session(new MirrorSession("tms-web", eniOf("i-web"), "tmt-s", OUR_FILTER, 1, OptionalInt.empty(),
                        OptionalInt.of(8947), "MirrorPilot", ManagedTags.forSession("i-web", VPC_A), ACCOUNT)).build();

        assertThat(MtuCheck.of(inventory)).isEmpty();
    }

    @Test
    void aSensorDeclaredAt1500TruncatesEvenStandardFrames() {
        var inventory = webMirroredTo("tmt-s", Tags.of("mirrorpilot:mtu", "1500")).sensor("tmt-s")
                .targetTag("tmt-s", "mirrorpilot:mtu", "1500").build();

        assertThat(MtuCheck.of(inventory)).singleElement().satisfies(o -> {
            assertThat(o.limit()).isEqualTo(1500);
            assertThat(o.largestIntact()).isEqualTo(1446);
            assertThat(o.sourceMtu()).isEqualTo(1500);
        });
    }

    @Test
    void aTransitGatewayOnThePathDropsWhatAJumboSensorWouldTake() {
        var inventory = account().workload("i-web", "m5.large", InstanceState.RUNNING, VPC_B, AZ_1,
                        Tags.of("mirrorpilot:mtu", "8947"))
                .managedSession("tms-web", eniOf("i-web"), "tmt-s", 1, "i-web")
                .sensor("tmt-s").transitGateway("tgw-1", VPC_A, VPC_B).build();

        assertThat(MtuCheck.of(inventory)).singleElement().satisfies(o -> {
            assertThat(o.hop()).isEqualTo("the transit gateway");
            assertThat(o.dropped()).isTrue();
            assertThat(o.largestIntact()).isEqualTo(8446);
            assertThat(o.text()).contains("dropped");
        });
    }

    @Test
    void aGatewayLoadBalancerEndpointTakesAtMost8500() {
        var endpoint = new MirrorTarget("tmt-gwlbe", TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT, "vpce-1", VPC_A,
                Optional.empty(), ACCOUNT, Optional.empty(), Tags.of("mirrorpilot:role", "sensor"));
        var inventory = webMirroredTo("tmt-gwlbe", Tags.of("mirrorpilot:mtu", "8500")).target(endpoint).build();

        assertThat(MtuCheck.of(inventory)).singleElement().satisfies(o -> {
            assertThat(o.limit()).isEqualTo(8500);
            assertThat(o.largestIntact()).isEqualTo(8446);
        });
    }

    @Test
    void aTagThatIsNoMtuDeclaresNothingAndTheJumboDefaultHolds() {
        for (var value : List.of("jumbo", "-1500", "100", "99999", "9001.5", "")) {
            var inventory = webMirroredTo("tmt-s", Tags.of("mirrorpilot:mtu", value)).sensor("tmt-s")
                    .targetTag("tmt-s", "mirrorpilot:mtu", value).build();

            assertThat(MtuCheck.of(inventory)).as(value).singleElement()
                    .satisfies(o -> assertThat(o.sourceMtu()).isEqualTo(9001));
        }
    }

    @Test
    void anotherTeamsSessionsAreNotJudgedAndNoneWithoutSessions() {
        var inventory = account().running("i-web").sensor("tmt-s")
                .foreignSession("tms-theirs", eniOf("i-web"), "tmt-s", 1, "tmf-http").build();

        assertThat(MtuCheck.of(inventory)).isEmpty();
    }
}
