package dev.mirrorpilot.functions.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mirrorpilot.events.ChangeEventReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What template.yaml wires for tamper-watch: the calls the reader handles reach the queue, in batches, to the function. */
class TamperTemplateTest {
    static JsonNode resources;
    static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
        resources = template.path("Resources");
    }

    @Test
    void everyCallTheReaderHandlesIsRoutedToTheQueueAndNoOther() {
        var routed = new TreeSet<String>();
        for (var rule : new String[] {"MirroringChangedRule", "ScopeTagsChangedRule"}) {
            resources.at("/" + rule + "/Properties/EventPattern/detail/eventName").forEach(n -> routed.add(n.asText()));
            assertThat(resources.at("/" + rule + "/Properties/Targets/0/Arn").toString()).contains("TamperQueue");
            assertThat(resources.at("/" + rule + "/Properties/Targets/0/DeadLetterConfig/Arn").toString()).contains("EventDeadLetterQueue");
        }
        var handled = new TreeSet<>(ChangeEventReader.TAMPER_CALLS);
        handled.addAll(ChangeEventReader.TAG_CALLS);

        assertThat(routed).isEqualTo(handled);
        var surge = resources.at("/SurgeRequestedRule/Properties/EventPattern");
        assertThat(surge.path("detail-type").toString()).contains("GuardDuty Finding").contains("MirrorPilot Surge Request");
        assertThat(resources.at("/SurgeRequestedRule/Properties/Targets/0/Arn").toString()).contains("TamperQueue");
    }

    @Test
    void surgeTagsAreTheOnlyTagsTheFunctionsMayWriteOnExistingSessions() {
        for (var function : new String[] {"TamperWatchFunction", "BackfillFunction"}) {
            var statements = new ArrayList<JsonNode>();
            resources.at("/" + function + "/Properties/Policies/0/Statement").forEach(statements::add);
            var surge = statements.stream().filter(s -> s.path("Sid").asText().equals("MarkSurgeOnOwnSessions")).findFirst().orElseThrow();
            assertThat(surge.toString()).contains("aws:ResourceTag/mirrorpilot:managed").contains("mirrorpilot:surge-until")
                    .contains("ForAllValues:StringEquals");
        }
    }

    @Test
    void theQueueFeedsTheFunctionInBatchesAndKeepsWhatFailsThreeTimes() {
        var source = resources.at("/TamperWatchFunction/Properties/Events/MirroringChanged");
        assertThat(source.path("Type").asText()).isEqualTo("SQS");
        assertThat(source.at("/Properties/MaximumBatchingWindowInSeconds").toString()).contains("TamperBatchWindowSeconds");
        assertThat(resources.at("/TamperQueue/Properties/RedrivePolicy/maxReceiveCount").asInt()).isEqualTo(3);
        // Lambda advises a visibility timeout of at least six times the function's timeout.
        assertThat(resources.at("/TamperQueue/Properties/VisibilityTimeout").asInt())
                .isGreaterThanOrEqualTo(6 * resources.at("/TamperWatchFunction/Properties/Timeout").asInt());
    }

    @Test
    void mirrorPilotsOwnRolesAreTheStacksRolesAndTheFunctionMayOnlyTouchItsOwnSessions() {
        var settings = resources.at("/SettingsParameter/Properties/Value").toString();
        assertThat(settings).contains("\\\"MIRRORPILOT_OWN_ROLE_PREFIXES\\\": \\\"arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-\\\"");
        var statements = new ArrayList<String>();
        resources.at("/TamperWatchFunction/Properties/Policies/0/Statement").forEach(s -> statements.add(s.toString()));
        assertThat(statements).anySatisfy(s -> assertThat(s).contains("DeleteTrafficMirrorSession", "aws:ResourceTag/mirrorpilot:managed"));
        assertThat(statements).noneMatch(s -> s.contains("DeleteTrafficMirrorSession") && !s.contains("mirrorpilot:managed"));
    }
}
