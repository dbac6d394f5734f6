package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What an invocation hands to the state machine. */
class BackfillInvocationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static com.fasterxml.jackson.databind.node.ObjectNode resultWithVpcs(int vpcs) {
        var result = JSON.createObjectNode().put("status", "complete");
        var report = result.putObject("report");
        report.putObject("total").put("eligible", 1);
        var lines = report.putArray("vpcs");
        for (int i = 0; i < vpcs; i++) {
            lines.addObject().put("vpcId", String.format("vpc-%017x", i)).put("name", "workloads-" + i).put("eligible", 100)
                    .put("mirrored", 90).put("created", 10).put("pending", 0).put("uncovered", 10).put("notEligible", 3);
        }
        report.putArray("targets");
        return result;
    }

    @Test
    void aResultTooLargeForTheStateMachineKeepsItsTotalsAndLeavesTheLinesToTheLog() {
        var result = resultWithVpcs(3_000);

        BackfillInvocation.trimForStateMachine(result);

        assertThat(result.toString().length()).isLessThan(BackfillInvocation.MAX_RESULT_CHARS);
        assertThat(result.path("report").has("vpcs")).isFalse();
        assertThat(result.path("report").path("total").path("eligible").asInt()).isEqualTo(1);
        assertThat(result.path("reportTrimmed").asText()).contains("log");
    }

    @Test
    void aResultOfOrdinarySizeIsLeftWhole() {
        var result = resultWithVpcs(50);

        BackfillInvocation.trimForStateMachine(result);

        assertThat(result.path("report").path("vpcs")).hasSize(50);
        assertThat(result.has("reportTrimmed")).isFalse();
    }
}
