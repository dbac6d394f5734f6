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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A burst of launches handled by a few containers (the stack's EventConcurrency cap) and by many
 * (no cap: Lambda scales out), against the simulator's EC2 request buckets: each container starts
 * cold, so it reads the account first. Prints calls, throttled answers, invocations that failed
 * (Lambda would retry them) and wall time. Asserts nothing; `make bench` runs it.
 */
public final class BurstBenchmark {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";

    private BurstBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int launches = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        double timeScale = args.length > 1 ? Double.parseDouble(args[1]) : 4;
        var console = System.out;
        System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream())); // the handlers' JSON logs
        var lines = new ArrayList<String>();
        try {
            for (int containers : new int[] {4, 64}) {
                lines.add(run(launches, containers, timeScale));
            }
        } finally {
            System.setOut(console);
        }
        System.out.printf(Locale.ROOT, "A burst of %d launches, EC2 buckets enforced (refill %.0fx AWS's), each container cold "
                + "(Java %s):%n", launches, timeScale, System.getProperty("java.version"));
        lines.forEach(System.out::println);
    }

    private static String run(int launches, int containers, double timeScale) throws Exception {
        try (var simulator = SeededSimulator.start(InventoryFile.read(HandlerBenchmark.sample()), 0, true, timeScale)) {
            var subnet = simulator.state().subnets().stream().filter(s -> s.tags().nameOr("").startsWith("apps")).findFirst()
                    .orElseThrow().id();
            var events = new ConcurrentLinkedQueue<String>();
            for (int i = 0; i < launches; i++) {
                var instance = simulator.state().launch("m5.large", subnet, dev.mirrorpilot.simulator.model.Tags.NONE, List.of(), System.nanoTime()).id();
                events.add("{\"version\":\"0\",\"id\":\"burst-" + i + "\",\"detail-type\":\"EC2 Instance State-change Notification\","
                        + "\"source\":\"aws.ec2\",\"account\":\"" + ACCOUNT + "\",\"region\":\"" + REGION + "\","
                        + "\"detail\":{\"instance-id\":\"" + instance + "\",\"state\":\"running\"}}");
            }
            simulator.throttling().reset();
            simulator.calls().reset();
            var ok = new AtomicInteger();
            var failed = new AtomicInteger();
            var threads = new ArrayList<Thread>();
            long start = System.nanoTime();
            for (int c = 0; c < containers; c++) {
                var thread = new Thread(() -> {
                    // A container of its own: its own client and caches, cold at its first event.
                    var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), MirrorPolicy.defaults(), ACCOUNT, REGION);
                    var handler = new AttachOnLaunchHandler(context -> runtime);
                    var context = new LocalContext("mirrorpilot-attach-on-launch", ACCOUNT, REGION);
                    for (var event = events.poll(); event != null; event = events.poll()) {
                        var out = new ByteArrayOutputStream();
                        try {
                            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
                            (out.toString(StandardCharsets.UTF_8).contains("\"status\":\"ok\"") ? ok : failed).incrementAndGet();
                        } catch (Exception | Error e) {
                            failed.incrementAndGet(); // thrown: Lambda's asynchronous retries take it again
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (var thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            var calls = simulator.calls();
            long describes = calls.calls().entrySet().stream().filter(e -> e.getKey().startsWith("Describe"))
                    .mapToLong(java.util.Map.Entry::getValue).sum();
            long throttled = calls.throttled().values().stream().mapToLong(Long::longValue).sum();
            long mirrored = SeededSimulator.sessions(simulator).stream().filter(s -> s.isManaged()).count();
            return String.format(Locale.ROOT, "  %2d containers: %.1f s, %d handled, %d failed (to retry), %d Describe calls, "
                    + "%d CreateTrafficMirrorSession, %d throttled answers %s; %d MirrorPilot sessions", containers, seconds,
                    ok.get(), failed.get(), describes, calls.calls("CreateTrafficMirrorSession"), throttled, calls.throttled(),
                    mirrored);
        }
    }
}
