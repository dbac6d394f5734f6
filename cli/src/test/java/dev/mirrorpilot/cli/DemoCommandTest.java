package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `make run`: the demo runs every function against the simulated sample account, start to end. */
class DemoCommandTest {

    @Test
    void demoLaunchesTerminatesAndBackfillsTheSampleAccountToFullCoverageOfWhatCanBeMirrored(@TempDir Path logs) {
        var out = new StringWriter();
        var commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out));

        int code = commandLine.execute("demo", "--inventory", "../events/sample-inventory.json",
                "--crowded-inventory", "../events/crowded-sensor-inventory.json", "--brain-samples", "../events/brain-health",
                "--logs", logs.resolve("demo.jsonl").toString());

        assertThat(code).isZero();
        assertThat(out.toString())
                .contains("the duplicate changed nothing")
                .contains("dry run -> dry-run")
                .contains("run -> complete")
                .contains("finding: EC2 instance dev-box")
                .contains("target_down: Sensor vectra-sensor-e")
                .contains("finding: Mirror target vectra-sensor-e (tmt-0a2b3c4d5e6f70060) cannot receive")
                // bastion is covered by netops' full capture into vectra-sensor-b, a selected Sensor target that can receive.
                .contains("Coverage after: 19 eligible ENIs, 18 mirrored (3 partly, behind another team's session), 0 not yet, "
                        + "1 uncovered (no_reachable_target 1)")
                .contains("dry run -> 4 move(s) planned (at least 4 needed)")
                .contains("after the reconcile -> complete: 4 session(s) moved in place")
                .contains("run again -> 0 move(s)")
                .contains("poll -> healthy")
                .contains("vectra-sensor-b stops pairing -> unhealthy")
                .contains("finding: Vectra Sensor vectra-sensor-b (def456) is not paired with its Brain")
                // Without the Brain's verdict this launch goes to vectra-sensor-b (tmt-...4a): same zone, same VPC.
                .containsPattern("a launch in prod-web-b .* mirrored to tmt-0a2b3c4d5e6f7004b")
                .containsPattern("tamper-watch -> ok in \\d+ ms \\(\\d+ AWS calls\\): mirrored on eni-\\w+ again as tms-")
                .contains("finding (ARCHIVED): DeleteTrafficMirrorSession on tms-")
                .contains("by arn:aws:iam::111122223333:user/mallory")
                .containsPattern("delivery measured after the run \\(CloudWatch, last hour\\): (\\d+) mirrored interfaces configured, \\d+ verified")
                .containsPattern("not delivered: i-\\w+ skipped_at_source \\(NetworkSkipMirrorIn\\+Out \\d+ bytes, 33\\.0%")
                .contains("finding: EC2 instance web-1 is mirrored but its traffic is not delivered: skipped_at_source")
                .contains("the policy mirrors its primary interface only (1 of 2 interfaces)")
                .containsPattern("tamper-watch -> surging: 2 of 2 interfaces mirrored in full until \\d{4}-")
                .contains("backfill -> back to the policy: 1 of 2 interfaces mirrored, 0 surge tags left")
                .containsPattern("finding \\(ARCHIVED\\): .*i-0a2b3c4d5e6f70038");
        assertThat(logs.resolve("demo.jsonl")).content().contains("\"backfill invocation complete").contains("rebalance complete");
    }
}
