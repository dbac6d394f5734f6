package dev.mirrorpilot.functions.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.lambda.ScheduledFunction.Origin;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rebalance payload and the events that start one: what runs, and what each hostile input is told. */
class RebalanceRequestTest {
    static final Origin HERE = new Origin("111122223333", "eu-west-1");
    static final String NEAR_LIMIT = """
            {"version": "0", "id": "6a7e8feb", "detail-type": "MirrorPilot Target Near Limit", "source": "mirrorpilot",
             "account": "111122223333", "time": "2026-12-06T10:00:00Z", "region": "eu-west-1", "resources": [],
             "detail": {"targetId": "tmt-0a2b3c4d5e6f70001", "sources": 9, "headroom": 8}}""";

    private static List<String> errorsOf(String payload) {
        try {
            RebalanceRequest.parse(payload, HERE);
        } catch (RebalanceRequest.InvalidRequestException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + payload);
    }

    @Test
    void aNearLimitEventOfThisAccountAndRegionIsARealRunNamingTheTarget() {
        var request = RebalanceRequest.parse(NEAR_LIMIT, HERE);

        assertThat(request).isEqualTo(new RebalanceRequest(false, Optional.empty(), "near-limit:tmt-0a2b3c4d5e6f70001"));
    }

    @Test
    void aHandWrittenPayloadChoosesTheDryRun() {
        assertThat(RebalanceRequest.parse("{\"dryRun\": true, \"maxMoves\": 3}", HERE))
                .isEqualTo(new RebalanceRequest(true, Optional.of(3), "manual"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            dryRun beside detail-type | "source": "mirrorpilot",       | "source": "mirrorpilot", "dryRun": true,  | an EventBridge event has no field [dryRun]
            another source            | "source": "mirrorpilot",       | "source": "custom.app",                   | source 'custom.app' is not aws.events or mirrorpilot
            no source                 | "source": "mirrorpilot",       | ''                                        | the event has no source
            another account           | "account": "111122223333",     | "account": "444455556666",                | from account '444455556666', this function serves 111122223333
            another region            | "region": "eu-west-1",         | "region": "us-east-1",                    | from region 'us-east-1', this function serves eu-west-1
            resource elsewhere        | "resources": [],               | "resources": ["arn:aws:ec2:us-east-1:111122223333:traffic-mirror-target/tmt-0a2b3c4d5e6f70001"], | is not in account 111122223333 and region eu-west-1
            detail a string           | "detail": {"targetId": "tmt-0a2b3c4d5e6f70001", "sources": 9, "headroom": 8} | "detail": "run"  | the event has no detail object
            target id forged          | "tmt-0a2b3c4d5e6f70001"        | "tmt-0a2b\\u001b[2J"                      | detail.targetId "tmt-0a2b\\u001B[2J" is not a mirror target id
            """)
    void anEventFromElsewhereOrCarryingAPayloadFieldRunsNothing(String why, String from, String to, String expected) {
        assertThat(errorsOf(NEAR_LIMIT.replace(from, to))).anySatisfy(e -> assertThat(e).contains(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty                | ''                                   | the payload is empty; send {"dryRun": true}
            trailing document    | {"dryRun": false}{"dryRun": true}    | the payload has more after its JSON value
            a key twice          | {"dryRun": true, "dryRun": false}    | the payload has a key twice
            unknown field        | {"dryrun": true}                     | unknown field 'dryrun'
            not an object        | [true]                               | the payload must be a JSON object
            """)
    void aMalformedPayloadRunsNothing(String why, String payload, String expected) {
        assertThat(errorsOf(payload)).anySatisfy(e -> assertThat(e).contains(expected));
    }
}
