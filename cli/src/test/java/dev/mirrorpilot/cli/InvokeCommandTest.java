package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `invoke backfill [--follow]` exits as the README says, from the last result's status. */
class InvokeCommandTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"complete,0", "rejected,2", "dry-run,3", "limit-reached,3", "continuing,3", "incomplete,3",
            "permission-denied,4", "failed,4", "something-new,1"})
    void aBackfillResultsStatusIsTheExitCodeTheReadmeGives(String status, int exitCode) {
        assertThat(InvokeCommand.exitFor(status)).isEqualTo(exitCode);
    }
}
