package dev.mirrorpilot.functions.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.report.RunChanges;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The backfill payload: what is accepted, and what each malformed payload is told. */
class BackfillRequestTest {

    private static List<String> errorsOf(String payload) {
        try {
            BackfillRequest.parse(payload);
        } catch (BackfillRequest.InvalidRequestException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + payload);
    }

    @Test
    void emptyPayloadIsAnApplyOfTheWholeAccountWithoutLimit() {
        var request = BackfillRequest.parse("{}");

        assertThat(request.dryRun()).isFalse();
        assertThat(request.vpcIds()).isEmpty();
        assertThat(request.maxChanges()).isEmpty();
        assertThat(request.continuation()).isEmpty();
    }

    @Test
    void dryRunVpcsAndMaximumAreRead() {
        var request = BackfillRequest.parse("""
                {"dryRun": true, "vpcIds": ["vpc-0a2b3c4d5e6f70001", "vpc-12345678"], "maxChanges": 0}""");

        assertThat(request.dryRun()).isTrue();
        assertThat(request.vpcIds()).containsExactlyInAnyOrder("vpc-0a2b3c4d5e6f70001", "vpc-12345678");
        assertThat(request.maxChanges()).contains(0);
    }

    static final dev.mirrorpilot.lambda.ScheduledFunction.Origin HERE =
            new dev.mirrorpilot.lambda.ScheduledFunction.Origin("111122223333", "eu-west-1");
    static final String SCHEDULED = """
            {"version": "0", "id": "x", "detail-type": "Scheduled Event", "source": "aws.events", "account": "111122223333",
             "time": "2026-11-26T10:00:00Z", "region": "eu-west-1", "resources": [%s], "detail": {}%s}""";

    @Test
    void aScheduledEventOfThisAccountAndRegionIsADriftReconcile() {
        var request = BackfillRequest.parse(SCHEDULED.formatted(
                "\"arn:aws:events:eu-west-1:111122223333:rule/mirrorpilot-reconcile\"", ""), HERE);

        assertThat(request.dryRun()).isFalse();
        assertThat(request.vpcIds()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            other account     | 444455556666 | eu-west-1 |                                                   | from account '111122223333', this function serves 444455556666
            other region      | 111122223333 | us-east-1 |                                                   | from region 'eu-west-1', this function serves us-east-1
            resource elsewhere| 111122223333 | eu-west-1 | "arn:aws:events:us-east-1:111122223333:rule/x"    | is not in account 111122223333 and region eu-west-1
            dryRun beside it  | 111122223333 | eu-west-1 | DRYRUN                                            | an EventBridge event has no field [dryRun]
            """)
    void aScheduledEventFromElsewhereOrWithAPayloadFieldIsRefused(String why, String account, String region, String resource,
                                                                  String expected) {
        var event = "DRYRUN".equals(resource) ? SCHEDULED.formatted("", ", \"dryRun\": true")
                : SCHEDULED.formatted(resource == null ? "" : resource, "");
        try {
            BackfillRequest.parse(event, new dev.mirrorpilot.lambda.ScheduledFunction.Origin(account, region));
        } catch (BackfillRequest.InvalidRequestException e) {
            assertThat(e.errors()).anySatisfy(m -> assertThat(m).contains(expected));
            return;
        }
        throw new AssertionError("accepted: " + event);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field                 | {"dryrun": true}                           | unknown field 'dryrun'
            dry run not a boolean         | {"dryRun": "yes"}                          | dryRun: "yes" is not true or false
            bad VPC id                    | {"vpcIds": ["vpc-xyz"]}                    | vpcIds[0]: "vpc-xyz" is not a VPC id
            VPC id not a string           | {"vpcIds": [42]}                           | vpcIds[0]: 42 is not a VPC id
            VPC list not a list           | {"vpcIds": "vpc-0a2b3c4d5e6f70001"}        | vpcIds: expected a list
            negative maximum              | {"maxChanges": -1}                         | maxChanges: -1 is not allowed
            fractional maximum            | {"maxChanges": 2.5}                        | maxChanges: 2.5 is not allowed
            maximum beyond int            | {"maxChanges": 99999999999}                | maxChanges: 99999999999 is not allowed
            not JSON                      | {dryRun: true                              | the payload is not valid JSON
            trailing second document      | {"dryRun": false}{"dryRun": true}          | the payload has more after its JSON value
            empty                         | ''                                         | the payload is empty; send {} for a drift reconcile
            event without source          | {"detail-type": "Scheduled Event", "detail": {}} | an EventBridge event is accepted only by the deployed function
            control characters echoed     | {"dryRun": "\\u001b[2J"}                  | dryRun: "\\u001B[2J" is not true or false
            not an object                 | [1, 2]                                     | the payload must be a JSON object
            forged continuation           | {"continuation": {"runId": "a b"}}         | continuation.runId
            a key twice                   | {"dryRun": true, "dryRun": false}          | the payload has a key twice
            empty VPC list                | {"vpcIds": []}                             | vpcIds: the list is empty
            forged execution name         | {"execution": "a b"}                       | execution: "a b" is not a Step Functions execution name
            """)
    void malformedPayloadIsRefusedNamingTheFieldAndWhatIsAllowed(String why, String payload, String expected) {
        assertThat(errorsOf(payload)).anySatisfy(e -> assertThat(e).contains(expected));
    }

    @Test
    void everyErrorIsReportedAtOnce() {
        assertThat(errorsOf("""
                {"dryRun": 1, "vpcIds": ["vpc-1"], "maxChanges": -5, "force": true}""")).hasSize(4);
    }

    @Test
    void theNextPayloadReadsBackAsTheSameRequestWithItsContinuation() {
        var request = new BackfillRequest(false, Set.of("vpc-0a2b3c4d5e6f70001"), Optional.of(500), Optional.empty());
        var continuation = new BackfillRequest.Continuation("backfill-abc-123", 2, Instant.parse("2026-11-26T10:00:00Z"),
                Map.of("vpc-0a2b3c4d5e6f70001", 120), new RunChanges(120, 3, 2, 1, 0, 0));

        var again = BackfillRequest.parse(request.next(continuation).toString());

        assertThat(again).isEqualTo(new BackfillRequest(false, request.vpcIds(), request.maxChanges(), Optional.of(continuation)));
    }

    @Test
    void aRetriedFirstInvocationOfAnExecutionGetsTheSameRunIdAndSoTheSameClientTokens() {
        var payload = """
                {"dryRun": false, "execution": "drift-2026-11-30T10_00_00"}""";

        var first = BackfillInvocation.runId(BackfillRequest.parse(payload), "request-1");
        var retried = BackfillInvocation.runId(BackfillRequest.parse(payload), "request-2");
        var byHand = BackfillInvocation.runId(BackfillRequest.parse("{}"), "request-3");

        assertThat(first).isEqualTo(retried).startsWith("x-drift-2026-11-30T10-00-00");
        assertThat(first).matches(BackfillRequest.RUN_ID.pattern());
        assertThat(byHand).isNotEqualTo(first);
    }
}
