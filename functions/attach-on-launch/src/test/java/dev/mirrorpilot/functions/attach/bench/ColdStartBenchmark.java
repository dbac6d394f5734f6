package dev.mirrorpilot.functions.attach.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.simulator.Simulator;
import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The cold-start harness: pairs of fresh JVMs, one handling a launch event with the attach-on-launch
 * handler against the simulator, one making a single bare EC2 call, side by side; prints each
 * median and their ratio (the goal: at most 1.3x), and the shipped jars' sizes. Asserts nothing.
 */
public final class ColdStartBenchmark {
    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        var root = root();
        var loader = Thread.currentThread().getContextClassLoader();
        var classpath = new ArrayList<String>();
        var module = root.resolve("functions/attach-on-launch/target");
        // -Dmirrorpilot.coldstart.jar=PATH times another build of the jar (before and after a packaging change).
        var shipped = Path.of(System.getProperty("mirrorpilot.coldstart.jar", module.resolve("attach-on-launch-lambda.jar").toString()));
        if (Files.exists(shipped)) {
            // What Lambda loads: the shaded jar (this harness's two small classes beside it).
            classpath.add(shipped.toString());
            classpath.add(module.resolve("test-classes").toString());
            classpath.add(root.resolve("shared/local/target/classes").toString()); // LocalContext: not shipped

        } else if (loader instanceof URLClassLoader urls) {
            for (var url : urls.getURLs()) {
                classpath.add(Path.of(url.toURI()).toString());
            }
        } else {
            classpath.add(System.getProperty("java.class.path"));
        }
        var handlerTimes = new ArrayList<Double>();
        var bareTimes = new ArrayList<Double>();
        var c1Times = new ArrayList<Double>();
        var firstEvent = new ArrayList<Double>();
        var firstEventPrimed = new ArrayList<Double>();
        try (var simulator = SeededSimulator.start(InventoryFile.read(root.resolve("events/sample-inventory.json")))) {
            var event = root.resolve("events/instance-running.json").toString();
            for (int i = 0; i < pairs; i++) {
                simulator.reset(); // each handler run is a first launch
                handlerTimes.add(run(classpath, simulator, List.of(), "handler", event, firstEvent));
                bareTimes.add(run(classpath, simulator, List.of(), "bare", event, new ArrayList<>()));
                simulator.reset();
                c1Times.add(run(classpath, simulator, C1_ONLY, "handler", event, new ArrayList<>()));
                simulator.reset();
                run(classpath, simulator, List.of(), "primed", event, firstEventPrimed);
            }
        }
        Collections.sort(handlerTimes);
        Collections.sort(bareTimes);
        Collections.sort(c1Times);
        Collections.sort(firstEvent);
        Collections.sort(firstEventPrimed);
        double handler = handlerTimes.get(pairs / 2);
        double bare = bareTimes.get(pairs / 2);
        System.out.printf(Locale.ROOT, "Cold start, %d pairs of fresh JVMs (java %s, default flags, classpath %s):%n"
                        + "  attach-on-launch, one launch event: median %.0f ms (min %.0f, max %.0f)%n"
                        + "  bare JVM, one EC2 client, one call:  median %.0f ms (min %.0f, max %.0f)%n"
                        + "  ratio of medians: %.2f%n", pairs, System.getProperty("java.version"),
                Files.exists(shipped) ? "the shipped jar" : "the build's classes", handler, handlerTimes.get(0),
                handlerTimes.get(pairs - 1), bare, bareTimes.get(0), bareTimes.get(pairs - 1), handler / bare);
        System.out.printf(Locale.ROOT, "  attach-on-launch with -XX:TieredStopAtLevel=1 (as deployed): median %.0f ms "
                + "(min %.0f, max %.0f), ratio to bare %.2f%n", c1Times.get(pairs / 2), c1Times.get(0), c1Times.get(pairs - 1),
                c1Times.get(pairs / 2) / bare);
        System.out.printf(Locale.ROOT, "The first event's own time in those JVMs (after init): median %.0f ms (min %.0f, max %.0f);%n"
                + "  after the SnapStart priming (what a restored snapshot starts from): median %.0f ms (min %.0f, max %.0f)%n",
                firstEvent.get(pairs / 2), firstEvent.get(0), firstEvent.get(pairs - 1), firstEventPrimed.get(pairs / 2),
                firstEventPrimed.get(0), firstEventPrimed.get(pairs - 1));
        System.out.println("Shipped jars:");
        try (var functions = Files.list(root.resolve("functions"))) {
            for (var dir : functions.sorted().toList()) {
                var jar = dir.resolve("target").resolve(dir.getFileName() + "-lambda.jar");
                if (Files.exists(jar)) {
                    System.out.printf(Locale.ROOT, "  %-50s %6.1f MB%n", root.relativize(jar), Files.size(jar) / 1e6);
                }
            }
        }
    }

    private static final List<String> C1_ONLY = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    /** One fresh JVM's wall time; the first event's own time, when it prints one, goes to {@code firstEvent}. */
    private static double run(List<String> classpath, Simulator simulator, List<String> flags, String what, String event,
                              List<Double> firstEvent) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<String>();
        command.add(java);
        command.addAll(flags);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), "dev.mirrorpilot.functions.attach.bench.ColdStart",
                what, event));
        var output = Files.createTempFile("cold-start", ".out");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        var env = process.environment();
        env.put("AWS_ENDPOINT_URL", simulator.endpoint().toString());
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", "local");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("MIRRORPILOT_ACCOUNT_ID", "111122223333"); // as the stack sets it: the runtime is built at init
        env.remove("AWS_PROFILE");
        long start = System.nanoTime();
        int code = process.start().waitFor();
        double ms = (System.nanoTime() - start) / 1e6;
        var printed = Files.readAllLines(output);
        Files.delete(output);
        if (code != 0) {
            throw new IllegalStateException(what + " exited " + code + ": " + String.join("\n", printed));
        }
        printed.stream().filter(l -> l.startsWith("first_event_ms=")).findFirst()
                .ifPresent(l -> firstEvent.add(Double.parseDouble(l.substring("first_event_ms=".length()))));
        return ms;
    }

    private static Path root() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("events/sample-inventory.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the project root (events/sample-inventory.json) not found");
    }
}
