package dev.mirrorpilot.cli.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

/**
 * `mirrorpilot verify --live` over a generated account whose instances are all mirrored already:
 * GetMetricData calls, metric queries and wall time, against the simulator. Prints figures; asserts nothing.
 */
public final class VerifyBenchmark {
    private VerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        var account = SyntheticAccount.generate(SyntheticSpec.of(instances, 50).withAlreadyMirroredShare(1.0), 5);
        try (var simulator = SeededSimulator.start(account)) {
            for (int run = 1; run <= 2; run++) {
                simulator.calls().reset();
                var out = new StringWriter();
                var commandLine = dev.mirrorpilot.cli.Main.commandLineForBenchmarks(Map.of());
                commandLine.setOut(new PrintWriter(out));
                commandLine.setErr(new PrintWriter(new StringWriter()));
                long start = System.nanoTime();
                int code = commandLine.execute("verify", "--live", "--json", "--region", account.region(), "--endpoint-url",
                        simulator.endpoint().toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
                System.out.printf(Locale.ROOT, "verify --live, %d instances (%d sessions), run %d: exit %d, %.1f s wall; %d workloads "
                                + "mirrored, %d verified; %d GetMetricData calls, %d metric queries; EC2 calls %d%n", instances,
                        account.sessions().size(), run, code, seconds, report.path("configured").asInt(), report.path("verified").asInt(),
                        report.path("getMetricDataCalls").asInt(), report.path("metricQueries").asInt(),
                        simulator.calls().totalCalls() - simulator.calls().calls("GetMetricData"));
            }
        }
    }
}
