package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What template.yaml promises about failures being seen: every alarm notifies a topic, every log group expires. */
class AlarmsTemplateTest {
    static JsonNode resources;

    @BeforeAll
    static void read() throws IOException {
        resources = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile()).path("Resources");
    }

    private static List<String> ofType(String type) {
        var names = new ArrayList<String>();
        resources.fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                names.add(e.getKey());
            }
        });
        return names;
    }

    @Test
    void everyAlarmNotifiesTheStacksTopicWhichCanHaveAnEmailSubscription() {
        var alarms = ofType("AWS::CloudWatch::Alarm");

        assertThat(alarms).hasSizeGreaterThanOrEqualTo(7).contains("ChangesRefusedAlarm");
        assertThat(alarms).allSatisfy(alarm -> assertThat(resources.at("/" + alarm + "/Properties/AlarmActions/0").asText())
                .as(alarm).isEqualTo("AlarmTopic"));
        assertThat(resources.at("/AlarmTopic/Type").asText()).isEqualTo("AWS::SNS::Topic");
        assertThat(resources.at("/AlarmEmailSubscription/Condition").asText()).isEqualTo("HasAlarmEmail");
    }

    @Test
    void eachFunctionHasALogGroupWithTheRetentionParameter() {
        var functions = ofType("AWS::Serverless::Function");
        var logGroups = ofType("AWS::Logs::LogGroup");

        assertThat(functions).hasSize(5);
        for (var function : functions) {
            assertThat(logGroups).as(function).anySatisfy(group -> {
                assertThat(resources.at("/" + group + "/Properties/LogGroupName").asText()).contains("${" + function + "}");
                assertThat(resources.at("/" + group + "/Properties/RetentionInDays").asText()).isEqualTo("LogRetentionDays");
            });
        }
    }

    @Test
    void theUncoveredWorkloadsAlarmCountsOnlyWhatAPersonCanFix() {
        assertThat(resources.at("/UncoveredWorkloadsAlarm/Properties/MetricName").asText()).isEqualTo("UncoveredWorkloads");
        assertThat(resources.at("/UncoveredWorkloadsAlarm/Properties/AlarmDescription").asText())
                .contains("not instance types AWS cannot mirror");
    }
}
