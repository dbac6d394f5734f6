package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What operators get from the stack: the dashboard, and C1-only compilation on the event functions only. */
class OperationsTemplateTest {
    static JsonNode stack;

    @BeforeAll
    static void read() throws IOException {
        stack = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    }

    @Test
    void theDashboardShowsCoverageChangesReasonsThrottlingFailuresRebalanceBrainAndTheDeadLetterQueue() {
        var body = stack.at("/Resources/Dashboard/Properties/DashboardBody").toString();

        assertThat(body).contains("SessionsCreated", "SessionsDeleted", "UncoveredWorkloads", "WorkloadsSkipped", "Throttled",
                "ChangesRefused", "AWS/Lambda", "ExecutionsFailed", "RebalanceMoves", "RebalanceShortfalls", "BrainReachable",
                "SensorsNotPaired", "ApproximateNumberOfMessagesVisible");
    }

    @Test
    void onlyTheEventFunctionsStopAtC1TheCpuBoundOnesCompileFully() {
        assertThat(stack.at("/Globals/Function/Environment/Variables/JAVA_TOOL_OPTIONS").asText()).contains("TieredStopAtLevel=1");
        for (var function : new String[] {"BackfillFunction", "RebalanceFunction"}) {
            assertThat(stack.at("/Resources/" + function + "/Properties/Environment/Variables/JAVA_TOOL_OPTIONS").asText())
                    .as(function).contains("TieredCompilation").doesNotContain("TieredStopAtLevel");
        }
        for (var function : new String[] {"AttachOnLaunchFunction", "DetachOnTerminateFunction"}) {
            assertThat(stack.at("/Resources/" + function + "/Properties/Environment/Variables/JAVA_TOOL_OPTIONS").isMissingNode())
                    .as(function + " keeps the global C1-only setting").isTrue();
        }
    }
}
