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

        assertThat(body).contains("MirroredInterfaces", "EligibleInterfaces", "SessionsCreated", "SessionsDeleted",
                "UncoveredWorkloads", "WorkloadsSkipped", "Throttled",
                "ChangesRefused", "AWS/Lambda", "ExecutionsFailed", "RebalanceMoves", "RebalanceShortfalls", "BrainReachable",
                "SensorsNotPaired", "ApproximateNumberOfMessagesVisible");
    }

    @Test
    void everyMirrorPilotMetricTheDashboardAndTheAlarmsShowIsOneTheFunctionsWrite() throws IOException {
        // The dashboard body as CloudWatch reads it once CloudFormation has substituted the ${...} references.
        var body = new ObjectMapper().readTree(stack.at("/Resources/Dashboard/Properties/DashboardBody/0").asText()
                .replaceAll("\\$\\{[^}]+}", "x"));
        var shown = new java.util.TreeSet<String>();
        for (var widget : body.path("widgets")) {
            String namespace = null;
            for (var metric : widget.at("/properties/metrics")) {
                var first = metric.path(0);
                if (first.isObject()) {
                    var expression = first.path("expression").asText();
                    // A SEARCH over the MirrorPilot namespace may name several metrics (MetricName="A" OR MetricName="B").
                    var search = java.util.regex.Pattern.compile("MetricName=\"(\\w+)\"")
                            .matcher(expression.contains("{MirrorPilot,") ? expression : "");
                    while (search.find()) {
                        shown.add(search.group(1));
                    }
                    continue;
                }
                namespace = ".".equals(first.asText()) || "...".equals(first.asText()) ? namespace : first.asText();
                if ("MirrorPilot".equals(namespace)) {
                    shown.add(metric.path(1).asText());
                }
            }
        }
        stack.path("Resources").forEach(resource -> {
            if (resource.at("/Properties/Namespace").asText().equals("MirrorPilot")) {
                shown.add(resource.at("/Properties/MetricName").asText());
            }
            // Metric-math alarms: each metric they sum.
            resource.at("/Properties/Metrics").forEach(m -> {
                if (m.at("/MetricStat/Metric/Namespace").asText().equals("MirrorPilot")) {
                    shown.add(m.at("/MetricStat/Metric/MetricName").asText());
                }
            });
        });
        var written = new java.util.TreeSet<String>();
        var call = java.util.regex.Pattern.compile("(?:count|gauge|flushSingleMetric)\\(\"(\\w+)\"");
        for (var sources : new String[] {"../../functions", "../../shared"}) {
            try (var files = java.nio.file.Files.walk(Path.of(sources))) {
                for (var file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                    var matcher = call.matcher(java.nio.file.Files.readString(file));
                    while (matcher.find()) {
                        written.add(matcher.group(1));
                    }
                }
            }
        }

        assertThat(shown).contains("MirroredInterfaces", "BrainReachable", "WorkloadsSkipped", "ChangesRefused");
        assertThat(written).as("metrics the functions write").containsAll(shown);
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
