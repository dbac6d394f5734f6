package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.simulator.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `mirrorpilot rebalance` and `mirrorpilot sensors` against the simulated crowded account, through the real SDK clients. */
class RebalanceCommandTest {
    private static final String CROWDED = "tmt-0a2b3c4d5e6f70049";
    private Simulator simulator;

    @BeforeEach
    void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/crowded-sensor-inventory.json")));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private CliRun run(String command, String... extra) {
        var args = new ArrayList<>(List.of(command, "--region", "eu-west-1", "--endpoint-url", simulator.endpoint().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    @Test
    void dryRunListsTheMovesChangesNothingAndExitsThree() {
        var run = run("rebalance");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(RebalanceCommand.EXIT_PENDING);
        assertThat(run.out()).contains("4 move(s) planned, 0 made").contains("at least 4 needed").contains(CROWDED)
                .contains("Dry run: nothing was changed");
        assertThat(run.err()).contains("traffic from CloudWatch");
        assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isZero();
    }

    @Test
    void applyMakesTheMovesAndASecondRunHasNothingToMove() {
        var run = run("rebalance", "--apply", "--rate", "1000");
        var again = run("rebalance");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("4 move(s) planned, 4 made");
        assertThat(simulator.calls().calls("ModifyTrafficMirrorSession")).isEqualTo(4);
        assertThat(SeededSimulator.sessions(simulator).stream().filter(s -> s.targetId().equals(CROWDED))).hasSize(6);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("0 move(s) planned");
    }

    @Test
    void planNearLimitFromTheFilePlansWhatTheRebalanceWould() {
        // The file's networkGbps and the rebalance's settings, as the rebalance run reads them (CloudWatch from the same file).
        var fromFile = CliRun.of("plan", "--inventory", "../events/crowded-sensor-inventory.json", "--near-limit");
        var live = run("rebalance");
        var withLowWater = CliRun.of("plan", "--inventory", "../events/crowded-sensor-inventory.json", "--near-limit",
                "--set", "REBALANCE_LOW_WATER=75");

        assertThat(live.out()).contains("4 move(s) planned");
        assertThat(fromFile.exitCode()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("4 to retarget");
        assertThat(withLowWater.exitCode()).as(withLowWater.err()).isZero();
        assertThat(withLowWater.out()).containsPattern("[1-3] to retarget");
    }

    @Test
    void setTakesTheRebalancesOwnDocumentedSettings() {
        // A low-water mark of 75 % leaves the crowded target (10 of 10 sources) above it with fewer moves than the default 60 %.
        var run = run("rebalance", "--set", "REBALANCE_LOW_WATER=75", "--set", "MIRRORPILOT_TRAFFIC_DEFAULT_GBPS=0.05");
        var unknown = run("rebalance", "--set", "REBALANCE_LOWWATER=90");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(RebalanceCommand.EXIT_PENDING);
        assertThat(run.out()).containsPattern("[0-3] move\\(s\\) planned");
        assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("unknown policy setting").contains("REBALANCE_LOW_WATER");
    }

    @Test
    void maxMovesOutOfRangeIsRefusedBeforeAnythingIsRead() {
        var run = run("rebalance", "--max-moves", "-1");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--max-moves must be 0..10000");
        assertThat(simulator.calls().calls()).isEmpty();
    }

    @Test
    void sensorsShowsLoadAgainstRatingCrossAzSourcesAndTheMonthsCost() {
        var run = run("sensors", "--live");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("vectra-sensor-a").contains("2.00").contains("Estimated month: 14 sessions x 730 h x $0.015")
                .contains("CloudWatch p95");
        assertThat(simulator.calls().calls("GetMetricData")).isPositive();
    }

    @Test
    void sensorsFromAnInventoryFileUsesItsTrafficAndNeedsNoAws() {
        var out = new StringWriter();
        var commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out));
        int code = commandLine.execute("sensors", "--inventory", "../events/crowded-sensor-inventory.json",
                "--price-session-hour", "0.01");

        assertThat(code).isZero();
        // vectra-sensor-a: its ten sources' networkGbps add up to 1.76 on a 2 Gbps r5n.xlarge.
        assertThat(out.toString()).containsPattern("tmt-0a2b3c4d5e6f70049 +vectra-sensor-a .* 10 +10 +10 +1.76 +2.00 +88%")
                .contains("14 sessions x 730 h x $0.010 = $102.20");
    }
}
