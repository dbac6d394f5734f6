package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `invoke FUNCTION` exits as the README says, from the result's status, the same way for every function. */
class InvokeCommandTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"complete,0", "ok,0", "ignored,0", "healthy,0", "rejected,2", "dry-run,3", "limit-reached,3", "continuing,3",
            "incomplete,3", "partial,3", "permission-denied,4", "failed,4", "partly-failed,4", "secret-invalid,4",
            "something-new,1"})
    void aResultsStatusIsTheExitCodeTheReadmeGives(String status, int exitCode) {
        assertThat(InvokeCommand.exitFor(status)).isEqualTo(exitCode);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rebalance           | {"dryRun": false}{"dryRun": true}
            rebalance           | ''
            backfill            | {"dryRun": false, "dryRun": true}
            backfill            | {"source": "aws.events", "detail-type": "Scheduled Event", "account": "444455556666"}
            """)
    void aRefusedPayloadExitsTwoWhicheverFunctionRefusesIt(String function, String payload, @TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("payload.json"), payload == null ? "" : payload);

        var run = CliRun.of("invoke", function, "--account", "111122223333", "--event", file.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.out()).contains("\"status\" : \"rejected\"");
    }
}
