package dev.mirrorpilot.functions.brainhealth.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.functions.brainhealth.BrainHealthHandler;
import dev.mirrorpilot.functions.brainhealth.BrainHealthRuntime;
import dev.mirrorpilot.functions.brainhealth.BrainHealthSettings;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;

/**
 * One brain-health run against the HTTPS stand-in and the simulator, first in a fresh JVM (the
 * cold run: classes, clients, TLS, the OAuth token), then 20 warm runs: wall time per run and the
 * Brain poll's latency. Prints figures; asserts nothing. Run it in its own JVM for the cold figure.
 */
public final class BrainHealthBenchmark {
    private BrainHealthBenchmark() {
    }

    /** events/brain-health, looked for from here upwards (Maven runs this from the project root or the module). */
    private static Path samples() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve("events/brain-health");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/brain-health not found above " + Path.of("").toAbsolutePath());
    }

    public static void main(String[] args) throws Exception {
        var events = args.length > 0 ? Path.of(args[0]) : samples();
        try (var simulator = SeededSimulator.start(InventoryFile.read(events.resolve("account-inventory.json")));
             var brain = BrainStandIn.start()) {
            brain.health(Files.readAllBytes(events.resolve("degraded-v3.4.json")));
            var secret = new ObjectMapper().createObjectNode().put("clientId", BrainStandIn.CLIENT_ID)
                    .put("clientSecret", BrainStandIn.CLIENT_SECRET).put("caBundle", brain.certificatePem());
            var arn = simulator.secrets().put("mirrorpilot/brain", secret.toString());
            var settings = BrainHealthSettings.fromEnvironment(Map.of(BrainHealthSettings.URL, brain.url().toString(),
                    BrainHealthSettings.API, "v3.4", BrainHealthSettings.SECRET, arn));
            var console = System.out;
            var runs = new ArrayList<Double>();
            var latencies = new ArrayList<Long>();
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            double cold;
            try {
                long start = System.nanoTime();
                var runtime = BrainHealthRuntime.forEndpoint(simulator.endpoint(), settings, "111122223333", "eu-west-1");
                var handler = new BrainHealthHandler(context -> runtime);
                var context = new LocalContext("mirrorpilot-brain-health", "111122223333", "eu-west-1");
                var first = LocalInvoker.invoke(handler, "{}", context);
                cold = (System.nanoTime() - start) / 1e6;
                latencies.add(first.path("latencyMs").asLong());
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    var result = LocalInvoker.invoke(handler, "{}", context);
                    runs.add((System.nanoTime() - t) / 1e6);
                    latencies.add(result.path("latencyMs").asLong());
                }
            } finally {
                System.setOut(console);
            }
            Collections.sort(runs);
            var warmLatencies = new ArrayList<>(latencies.subList(1, latencies.size()));
            Collections.sort(warmLatencies);
            System.out.printf(Locale.ROOT, "brain-health against the HTTPS stand-in (OAuth v3.4, 3 Sensors, 6 problems):%n"
                            + "  cold run (first in this JVM: classes, clients, TLS handshake, token): %.0f ms, of which the poll %d ms%n"
                            + "  warm runs (20): median %.0f ms, max %.0f ms; poll latency median %d ms%n",
                    cold, latencies.get(0), runs.get(runs.size() / 2), runs.get(runs.size() - 1),
                    warmLatencies.get(warmLatencies.size() / 2));
        }
    }
}
