package dev.mirrorpilot.functions.backfill;

import dev.mirrorpilot.local.LocalRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml promises about the backfill, which cfn-lint cannot check: the state machine
 * loops on {@code next} exactly as {@link LocalRun} does, fails visibly on a refused payload or an
 * unfinished run, and findings may only go to the account's own default product.
 */
class StateMachineTemplateTest {
    static JsonNode template;

    @BeforeAll
    static void read() throws IOException {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("../../template.yaml").toFile());
    }

    private static JsonNode states() {
        return template.at("/Resources/BackfillStateMachine/Properties/Definition/States");
    }

    @Test
    void theStateMachineInvokesTheFunctionWithItsOwnResultsNextPayloadUntilThereIsNone() {
        var reconcile = states().get("Reconcile");
        assertThat(reconcile.at("/Parameters/Payload.$").asText()).isEqualTo("$");
        assertThat(reconcile.path("OutputPath").asText()).isEqualTo("$.Payload");
        assertThat(reconcile.path("Next").asText()).isEqualTo("MoreToDo");

        var firstChoice = states().at("/MoreToDo/Choices/0");
        assertThat(firstChoice.path("Variable").asText()).isEqualTo("$.next");
        assertThat(firstChoice.path("IsPresent").asBoolean()).isTrue();
        assertThat(states().at("/Continue/OutputPath").asText()).isEqualTo("$.next");
        assertThat(states().at("/Continue/Next").asText()).isEqualTo("Reconcile");
        assertThat(states().at("/MoreToDo/Default").asText()).isEqualTo("AfterReconcile");
    }

    @Test
    void aFinishedReconcileThatChangedThingsIsFollowedByARebalanceWhoseFailureNeverFailsTheRun() {
        assertThat(states().at("/AfterReconcile/Choices/0/Variable").asText()).isEqualTo("$.dryRun");
        assertThat(states().at("/AfterReconcile/Choices/0/Next").asText()).isEqualTo("Done");
        assertThat(states().at("/AfterReconcile/Default").asText()).isEqualTo("Rebalance");
        var rebalance = states().get("Rebalance");
        assertThat(rebalance.at("/Parameters/FunctionName").asText()).isEqualTo("${RebalanceFunctionArn}");
        assertThat(rebalance.at("/Parameters/Payload/trigger").asText()).isEqualTo("after-reconcile");
        assertThat(rebalance.path("ResultPath").asText()).isEqualTo("$.rebalance");
        assertThat(rebalance.at("/Retry/0/ErrorEquals").toString()).contains("Lambda.TooManyRequestsException");
        assertThat(rebalance.at("/Catch/0/ErrorEquals/0").asText()).isEqualTo("States.ALL");
        assertThat(rebalance.at("/Catch/0/Next").asText()).isEqualTo("Done");
        assertThat(rebalance.path("Next").asText()).isEqualTo("Done");
    }

    @Test
    void oneRebalanceRunsAtATimeAndTheNearLimitEventInvokesIt() {
        var function = template.at("/Resources/RebalanceFunction/Properties");
        assertThat(function.path("ReservedConcurrentExecutions").path(1).asInt()).isEqualTo(1);
        var pattern = function.at("/Events/TargetNearLimit/Properties/Pattern");
        assertThat(pattern.at("/source/0").asText()).isEqualTo("mirrorpilot");
        assertThat(pattern.at("/detail-type/0").asText()).isEqualTo("MirrorPilot Target Near Limit");
        var policies = function.path("Policies").toString();
        assertThat(policies).contains("cloudwatch:GetMetricData").contains("ec2:ModifyTrafficMirrorSession")
                .doesNotContain("ec2:CreateTrafficMirrorSession").doesNotContain("ec2:DeleteTrafficMirrorSession");
        assertThat(template.at("/Resources/AttachOnLaunchFunction/Properties/Policies").toString()).contains("events:PutEvents");
    }

    @Test
    void aRefusedPayloadOrAnUnfinishedRunFailsTheExecution() {
        var choices = states().at("/MoreToDo/Choices").toString();

        for (var status : new String[] {"rejected", "failed", "permission-denied", "incomplete"}) {
            assertThat(choices).contains("\"" + status + "\"");
        }
        assertThat(states().at("/PayloadRefused/Type").asText()).isEqualTo("Fail");
        assertThat(states().at("/RunNotFinished/Type").asText()).isEqualTo("Fail");
    }

    @Test
    void lambdaErrorsAreRetriedABoundedNumberOfTimes() {
        var retries = states().at("/Reconcile/Retry");
        assertThat(retries).isNotEmpty().allSatisfy(r -> assertThat(r.path("MaxAttempts").asInt()).isBetween(1, 10));
    }

    @Test
    void theDriftReconcileRunsEverySixHoursByDefaultOverTheWholeAccount() {
        assertThat(template.at("/Parameters/ReconcileSchedule/Default").asText()).isEqualTo("rate(6 hours)");
        var schedule = template.at("/Resources/BackfillStateMachine/Properties/Events/DriftReconcile/Properties");
        assertThat(schedule.path("Input").asText()).isEqualTo("{}");
    }

    @Test
    void findingsMayOnlyBeImportedIntoTheAccountsOwnDefaultProduct() {
        var statements = template.at("/Resources/BackfillFunction/Properties/Policies/0/Statement");
        var imports = new java.util.ArrayList<JsonNode>();
        statements.forEach(s -> {
            if (s.path("Action").toString().contains("securityhub:BatchImportFindings")) {
                imports.add(s);
            }
        });

        assertThat(imports).singleElement().satisfies(s -> assertThat(s.path("Resource").toString())
                .contains(":product/${AWS::AccountId}/default").doesNotContain("*"));
    }

    @Test
    void anExecutionStartedWhileAnotherRunsEndsAtOnceSkippedWithoutCountingAsAFailure() {
        var machine = template.at("/Resources/BackfillStateMachine/Properties/Definition");
        assertThat(machine.path("StartAt").asText()).isEqualTo("Start");
        assertThat(states().at("/Start/Next").asText()).isEqualTo("OnlyRun");
        assertThat(states().at("/OnlyRun/Resource").asText()).isEqualTo("arn:aws:states:::aws-sdk:sfn:listExecutions");
        assertThat(states().at("/OnlyRun/Parameters/StatusFilter").asText()).isEqualTo("RUNNING");
        assertThat(states().at("/OnlyRun/Next").asText()).isEqualTo("AnotherRun");
        // Only the Choice after the guard leads to the function: another running execution ends, skipped.
        assertThat(states().at("/AnotherRun/Choices/0/NumericGreaterThan").asInt()).isEqualTo(1);
        assertThat(states().at("/AnotherRun/Choices/0/Next").asText()).isEqualTo("AnotherRunInProgress");
        assertThat(states().at("/AnotherRunInProgress/Type").asText()).isEqualTo("Pass");
        assertThat(states().at("/AnotherRunInProgress/Parameters/status").asText()).isEqualTo("skipped");
        assertThat(states().at("/AnotherRunInProgress/Next").asText()).isEqualTo("Done");
        assertThat(states().at("/Done/Type").asText()).isEqualTo("Succeed");
        assertThat(states().at("/AnotherRun/Default").asText()).isEqualTo("Prepare");
        assertThat(states().at("/Prepare/Next").asText()).isEqualTo("Reconcile");
    }

    @Test
    void theFirstInvocationCarriesTheExecutionNameAsItsRunId() {
        assertThat(states().at("/Start/Parameters/extra/execution.$").asText()).isEqualTo("$$.Execution.Name");
        assertThat(states().at("/Prepare/Parameters/payload.$").asText()).isEqualTo("States.JsonMerge($.request, $.extra, false)");
        assertThat(states().at("/Prepare/OutputPath").asText()).isEqualTo("$.payload");
        var policies = template.at("/Resources/BackfillStateMachine/Properties/Policies").toString();
        assertThat(policies).contains("states:ListExecutions");
    }

    @Test
    void theBrainHealthFunctionIsDeployedOnlyWithABrainAndReadsOnlyItsOwnSecretAndLogGroup() {
        var function = template.at("/Resources/BrainHealthFunction");
        assertThat(function.path("Condition").asText()).isEqualTo("WatchesBrain");
        var policies = function.at("/Properties/Policies").toString();
        assertThat(policies).contains("secretsmanager:GetSecretValue").contains("BrainSecretArn").contains("logs:PutLogEvents")
                .doesNotContain("ec2:CreateTrafficMirrorSession").doesNotContain("ec2:ModifyTrafficMirrorSession");
        assertThat(function.at("/Properties/Events/Poll/Properties/ScheduleExpression").asText()).isEqualTo("BrainHealthSchedule");
        assertThat(template.at("/Parameters/BrainHealthSchedule/Default").asText()).isEqualTo("rate(5 minutes)");
        assertThat(template.at("/Resources/BrainUnreachableAlarm/Properties/EvaluationPeriods").asInt()).isEqualTo(3);
        assertThat(template.at("/Resources/SensorNotPairedAlarm/Properties/MetricName").asText()).isEqualTo("SensorsNotPaired");
    }
}
