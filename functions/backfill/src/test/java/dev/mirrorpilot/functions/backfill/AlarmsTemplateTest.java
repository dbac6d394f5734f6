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
    static JsonNode template;
    static JsonNode resources;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
        resources = template.path("Resources");
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

        assertThat(functions).hasSize(6);
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

    @Test
    void theAlarmTopicIsEncryptedWithAKeyCloudWatchMayUse() {
        assertThat(resources.at("/AlarmTopic/Properties/KmsMasterKeyId").asText()).isEqualTo("AlarmTopicKey");
        var statements = resources.at("/AlarmTopicKey/Properties/KeyPolicy/Statement");
        assertThat(statements).anySatisfy(st -> {
            assertThat(st.at("/Principal/Service").asText()).isEqualTo("cloudwatch.amazonaws.com");
            assertThat(st.path("Action").toString()).contains("kms:Decrypt").contains("kms:GenerateDataKey");
        });
    }

    @Test
    void everyAlarmAlsoSaysWhenItIsOk() {
        assertThat(ofType("AWS::CloudWatch::Alarm")).allSatisfy(alarm ->
                assertThat(resources.at("/" + alarm + "/Properties/OKActions/0").asText()).as(alarm).isEqualTo("AlarmTopic"));
    }

    @Test
    void eachFunctionHasItsOwnServiceNameAndEveryAlarmNamesOneOfThem() {
        var services = new ArrayList<String>();
        for (var function : ofType("AWS::Serverless::Function")) {
            var service = resources.at("/" + function + "/Properties/Environment/Variables/POWERTOOLS_SERVICE_NAME").asText();
            assertThat(service).as(function).startsWith("mirrorpilot-");
            services.add(service);
        }
        assertThat(services).doesNotHaveDuplicates().hasSize(6);
        var named = new ArrayList<String>();
        for (var alarm : ofType("AWS::CloudWatch::Alarm")) {
            resources.path(alarm).findValues("Dimensions").forEach(d -> d.forEach(dimension -> {
                if (dimension.path("Name").asText().equals("Service")) {
                    named.add(dimension.path("Value").asText());
                }
            }));
        }
        assertThat(named).isNotEmpty().allSatisfy(service -> assertThat(services).contains(service));
    }

    @Test
    void everyFailureCounterAPersonMustActOnIsAlarmed() {
        var alarmed = new ArrayList<String>();
        for (var alarm : ofType("AWS::CloudWatch::Alarm")) {
            resources.path(alarm).findValues("MetricName").forEach(m -> alarmed.add(m.asText()));
        }
        assertThat(alarmed).contains("ChangesRefused", "ChangesFailed", "FindingsFailed", "SensorTagsFailed", "RebalanceFailures",
                "PermissionDenied", "ConfigurationInvalid", "Throttled");
    }

    @Test
    void findingsThatCouldNotBeWrittenAreAlarmedForEveryFunctionThatWritesThem() {
        var services = new ArrayList<String>();
        resources.path("FindingsFailedAlarm").findValues("Dimensions").forEach(d -> d.forEach(x -> services.add(x.path("Value").asText())));

        assertThat(services).containsExactlyInAnyOrder("mirrorpilot-backfill", "mirrorpilot-rebalance", "mirrorpilot-brain-health",
                "mirrorpilot-tamper-watch");
    }

    @Test
    void nothingIsTracedThatIsNotInstrumented() {
        assertThat(template.at("/Globals/Function/Tracing").isMissingNode()).isTrue();
        assertThat(ofType("AWS::Serverless::Function")).allSatisfy(f ->
                assertThat(resources.at("/" + f + "/Properties/Tracing").isMissingNode()).as(f).isTrue());
    }

    @Test
    void theCreatedFilterMirrorsIpv6BothWays() {
        var rules = ofType("AWS::EC2::TrafficMirrorFilterRule");
        for (var direction : List.of("ingress", "egress")) {
            assertThat(rules).as(direction).anySatisfy(rule -> {
                assertThat(resources.at("/" + rule + "/Properties/TrafficDirection").asText()).isEqualTo(direction);
                assertThat(resources.at("/" + rule + "/Properties/SourceCidrBlock").asText()).isEqualTo("::/0");
                assertThat(resources.at("/" + rule + "/Properties/DestinationCidrBlock").asText()).isEqualTo("::/0");
            });
        }
    }

    @Test
    void brainHealthMayManageNetworkInterfacesOnlyWhenItRunsInAVpc() {
        var statements = resources.at("/BrainHealthFunction/Properties/Policies/0/Statement");
        assertThat(statements).allSatisfy(st -> {
            if (st.path("Action").toString().contains("ec2:CreateNetworkInterface")) {
                throw new AssertionError("unconditional ENI permission: " + st);
            }
        });
        assertThat(statements).anySatisfy(st -> {
            assertThat(st.isArray()).isTrue();
            assertThat(st.get(0).asText()).isEqualTo("BrainInVpc");
            assertThat(st.get(1).path("Action").toString()).contains("ec2:CreateNetworkInterface");
        });
    }

    @Test
    void verifiedCoverageBelowItsParameterIsAlarmedFromTheBackfillsTwoGauges() {
        var alarm = resources.path("VerifiedCoverageLowAlarm");
        var metrics = new ArrayList<String>();
        alarm.findValues("MetricName").forEach(m -> metrics.add(m.asText()));

        assertThat(metrics).containsExactlyInAnyOrder("VerifiedInterfaces", "MirroredInterfaces");
        assertThat(alarm.at("/Properties/ComparisonOperator").asText()).isEqualTo("LessThanThreshold");
        assertThat(alarm.at("/Properties/Threshold").toString()).contains("VerifiedCoverageAlarmPercent");
        assertThat(alarm.toString()).contains("100 * verified / mirrored");
        assertThat(resources.toString()).contains("cloudwatch:GetMetricData");
    }
}
