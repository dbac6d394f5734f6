package dev.mirrorpilot.functions.attach.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.functions.attach.AttachOnLaunchHandler;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.simulator.Simulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Handler time per launch event against the simulator, in one warm container: the first event
 * (cold caches) and then 300 launches. Prints figures; asserts nothing. `make bench` runs it.
 */
public final class HandlerBenchmark {
    private HandlerBenchmark() {
    }

    /** The sample inventory, wherever Maven was started from. */
    static Path sample() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            var candidate = dir.resolve("events/sample-inventory.json");
            if (java.nio.file.Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("events/sample-inventory.json not found above " + Path.of("").toAbsolutePath());
    }

    public static void main(String[] args) throws Exception {
        var console = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream())); // the handler's JSON logs
        try (var simulator = SeededSimulator.start(InventoryFile.read(sample()))) {
            var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), "111122223333", "eu-west-1");
            var handler = new AttachOnLaunchHandler(context -> runtime);
            var context = new LocalContext("mirrorpilot-attach-on-launch", "111122223333", "eu-west-1");
            var subnet = simulator.state().subnets().stream().filter(s -> s.tags().nameOr("").startsWith("apps")).findFirst()
                    .orElseThrow().id();
            int runs = 300;
            long[] nanos = new long[runs + 1];
            for (int i = 0; i <= runs; i++) {
                var instance = simulator.state().launch("m5.large", subnet, dev.mirrorpilot.simulator.model.Tags.NONE, List.of(), System.nanoTime()).id();
                var event = "{\"version\":\"0\",\"id\":\"bench-" + i + "\",\"detail-type\":\"EC2 Instance State-change Notification\","
                        + "\"source\":\"aws.ec2\",\"account\":\"111122223333\",\"region\":\"eu-west-1\","
                        + "\"detail\":{\"instance-id\":\"" + instance + "\",\"state\":\"running\"}}";
                long start = System.nanoTime();
                handler.handleRequest(new ByteArrayInputStream(event.getBytes()), new ByteArrayOutputStream(), context);
                nanos[i] = System.nanoTime() - start;
            }
            long first = nanos[0];
            var warm = Arrays.copyOfRange(nanos, 1, runs + 1);
            Arrays.sort(warm);
            System.setOut(console);
            System.out.printf(Locale.ROOT, "attach-on-launch handler against the simulator (Java %s): first event %.0f ms "
                            + "(cold caches); %d warm launches: p50 %.1f ms, p90 %.1f ms, max %.1f ms; EC2 calls %d%n",
                    System.getProperty("java.version"), first / 1e6, runs, warm[runs / 2] / 1e6, warm[runs * 9 / 10] / 1e6,
                    warm[runs - 1] / 1e6, simulator.calls().totalCalls());
        } finally {
            System.setOut(console);
        }
    }
}
