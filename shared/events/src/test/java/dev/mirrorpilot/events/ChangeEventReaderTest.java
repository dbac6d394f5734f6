package dev.mirrorpilot.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ChangeEventReaderTest {
    private static final Path TAMPER = Path.of("../../events/tamper");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWN_ROLES = "arn:aws:iam::111122223333:role/mirrorpilot-";
    private final ChangeEventReader reader = new ChangeEventReader("111122223333", "eu-west-1");

    private ChangeVerdict read(String file) throws IOException {
        return reader.read(Files.readString(TAMPER.resolve(file)));
    }

    private ChangeEvent accepted(String file) throws IOException {
        var verdict = read(file);
        assertThat(verdict).as(verdict.toString()).isInstanceOf(ChangeVerdict.Accepted.class);
        return ((ChangeVerdict.Accepted) verdict).event();
    }

    private ChangeVerdict edited(String file, Consumer<ObjectNode> edit) throws IOException {
        var event = (ObjectNode) JSON.readTree(Files.readString(TAMPER.resolve(file)));
        edit.accept(event);
        return reader.read(event.toString());
    }

    private static String reason(ChangeVerdict verdict) {
        assertThat(verdict).as(verdict.toString()).isInstanceOf(ChangeVerdict.Rejected.class);
        return ((ChangeVerdict.Rejected) verdict).reason();
    }

    @Test
    void everySampleIsReadAsTheChangeItNamesWithItsCaller() throws IOException {
        var deleted = accepted("session-deleted.json");
        assertThat(deleted).isInstanceOf(ChangeEvent.SessionDeleted.class);
        assertThat(deleted.resourceId()).isEqualTo("tms-0a2b3c4d5e6f70001");
        assertThat(deleted.principal().name()).isEqualTo("arn:aws:iam::111122223333:user/mallory");
        assertThat(deleted.principal().isOneOf(Set.of(OWN_ROLES))).isFalse();
        // The flat camel-case shape of older EC2 calls is read as well.
        assertThat(accepted("session-modified.json")).isInstanceOf(ChangeEvent.SessionModified.class)
                .extracting(ChangeEvent::resourceId).isEqualTo("tms-0a2b3c4d5e6f70001");
        assertThat(accepted("target-deleted.json")).isInstanceOf(ChangeEvent.TargetDeleted.class);
        assertThat(accepted("filter-rule-deleted.json")).isInstanceOf(ChangeEvent.FilterRuleChanged.class)
                .extracting(ChangeEvent::resourceId).isEqualTo("tmfr-0a2b3c4d5e6f70021");
        var tags = (ChangeEvent.TagsChanged) accepted("instance-opted-out.json");
        assertThat(tags.resources()).containsExactly("i-0a2b3c4d5e6f70024");
        assertThat(tags.touchesAnyOf(Set.of("mirrorpilot:mirror"))).isTrue();
        assertThat(tags.touchesAnyOf(Set.of("Name"))).isFalse();
    }

    @Test
    void mirrorPilotsOwnRoleIsKnownByTheRoleArnNotTheSessionName() throws IOException {
        var own = accepted("session-deleted-by-mirrorpilot.json");

        assertThat(own.principal().isOneOf(Set.of(OWN_ROLES))).isTrue();
        // A user whose ARN merely contains the prefix is someone else.
        var user = new ChangeEvent.Principal("IAMUser", OWN_ROLES + "x", "");
        assertThat(user.isOneOf(Set.of(OWN_ROLES))).isFalse();
        assertThat(own.principal().isOneOf(Set.of(""))).as("an empty prefix matches nothing").isFalse();
    }

    @Test
    void aFailedCallAnotherRegionABadIdOrAWildcardChangesNothing() throws IOException {
        assertThat(reason(edited("session-deleted.json", e -> ((ObjectNode) e.get("detail")).put("errorCode",
                "Client.UnauthorizedOperation")))).isEqualTo("call-failed");
        assertThat(reason(edited("session-deleted.json", e -> ((ObjectNode) e.get("detail")).put("awsRegion", "us-east-1"))))
                .isEqualTo("other-region");
        assertThat(reason(edited("session-deleted.json", e -> e.put("account", "444455556666")))).isEqualTo("other-account");
        for (var bad : List.of("tms-*", "tms-0A2B3C4D5E6F70001", "tmt-0a2b3c4d5e6f70001", "tms-0a2b3c4d5e6f7000１", "")) {
            assertThat(reason(edited("session-deleted.json", e -> ((ObjectNode) e.get("detail").get("requestParameters")
                    .get("DeleteTrafficMirrorSessionRequest")).put("TrafficMirrorSessionId", bad))))
                    .as(bad).isEqualTo("bad-parameters");
        }
        assertThat(reason(edited("session-deleted.json", e -> ((ObjectNode) e.get("detail")).put("eventName", "RunInstances"))))
                .isEqualTo("call-not-handled");
    }

    @Test
    void ambiguousJsonIsRefused() throws IOException {
        var raw = Files.readString(TAMPER.resolve("session-deleted.json"));

        assertThat(reason(reader.read(raw + "{}"))).isNotBlank();
        assertThat(reason(reader.read(raw.replace("\"version\": \"0\",", "\"version\": \"0\", \"version\": \"0\","))))
                .isNotBlank();
        assertThat(reason(reader.read(""))).isEqualTo("not-an-object");
    }

    @Test
    void tagCallsKeepOnlyInstancesInterfacesAndTargetsAndADeleteOfEveryTagTouchesEveryKey() throws IOException {
        var onlyGroups = edited("instance-opted-out.json", e -> ((ObjectNode) e.get("detail").get("requestParameters"))
                .set("resourcesSet", JSON.createObjectNode().set("items", JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("resourceId", "sg-0a2b3c4d5e6f70001")))));
        assertThat(reason(onlyGroups)).isEqualTo("not-relevant");

        var deleteAll = edited("instance-opted-out.json", e -> {
            ((ObjectNode) e.get("detail")).put("eventName", "DeleteTags");
            ((ObjectNode) e.get("detail").get("requestParameters")).remove("tagSet");
        });
        var tags = (ChangeEvent.TagsChanged) ((ChangeVerdict.Accepted) deleteAll).event();
        assertThat(tags.keys()).isEmpty();
        assertThat(tags.touchesAnyOf(Set.of("mirrorpilot:mirror"))).isTrue();

        var createWithoutTags = edited("instance-opted-out.json", e ->
                ((ObjectNode) e.get("detail").get("requestParameters")).remove("tagSet"));
        assertThat(reason(createWithoutTags)).isEqualTo("bad-parameters");
    }

    @Test
    void aCallersNameIsPrintableWhateverItHolds() throws IOException {
        var verdict = edited("session-deleted.json", e -> ((ObjectNode) e.get("detail").get("userIdentity"))
                .put("arn", "arn:aws:iam::111122223333:user/\u001b[2Jall-sensors-healthy\n"));

        var name = ((ChangeVerdict.Accepted) verdict).event().principal().name();

        assertThat(name).doesNotContain("\u001b", "\n");
    }
}
