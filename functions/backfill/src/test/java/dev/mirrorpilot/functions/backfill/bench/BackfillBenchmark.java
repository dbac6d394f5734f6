package dev.mirrorpilot.functions.backfill.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.aws.ec2.Ec2Clients;
import dev.mirrorpilot.functions.backfill.BackfillHandler;
import dev.mirrorpilot.functions.backfill.BackfillRuntime;
import dev.mirrorpilot.functions.backfill.BackfillSettings;
import dev.mirrorpilot.local.LocalRun;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backfill at scale against the standalone simulator (its own process, so the heap measured here
 * is MirrorPilot's) with the EC2 token buckets on. Prints figures; asserts nothing.
 * Arguments: {@code quick} runs only the time-scaled scenarios.
 *
 * <ol>
 *   <li>1,000 instances at real time: creates paced to 50% of the mutating refill (2.5/s);</li>
 *   <li>10,000 instances with the buckets and the pacing 40 times faster;</li>
 *   <li>each with a second client spending half the mutating bucket on CreateTags;</li>
 *   <li>and with one spending 75% of it, more than its share: EC2 throttles, the backfill slows down.</li>
 * </ol>
 */
public final class BackfillBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = args.length > 0 && args[0].equals("quick");
        System.out.println("Backfill benchmark: standalone simulator with the EC2 token buckets on; default policy; "
                + "backfill settings: 50% of the mutating refill");
        if (!quick) {
            scenario("1,000 instances, real time", 1_000, 1, false);
            scenario("1,000 instances, real time, a second client spends half the mutating bucket", 1_000, 1, true);
        }
        scenario("10,000 instances, time scale 40", 10_000, 40, false);
        scenario("10,000 instances, time scale 40, a second client spends half the mutating bucket", 10_000, 40, 0.5);
        scenario("10,000 instances, time scale 40, a second client spends 75% of it (more than its share)", 10_000, 40, 0.75);
    }

    private static void scenario(String title, int instances, double scale, boolean contention) throws Exception {
        scenario(title, instances, scale, contention ? 0.5 : 0);
    }

    private static void scenario(String title, int instances, double scale, double otherShare) throws Exception {
        boolean contention = otherShare > 0;
        try (var simulator = SimulatorProcess.start(instances, scale)) {
            // The account's refill is scale x 5/s: the function is told so, as it would be for a raised limit.
            var settings = new BackfillSettings(50, 5 * scale, Duration.ofSeconds(60), 50, true);
            var runtime = BackfillRuntime.forEndpoint(simulator.endpoint, MirrorPolicy.defaults(), settings, ACCOUNT, REGION);
            var handler = new BackfillHandler(context -> runtime);
            var heap = new PeakHeap();
            var otherCalls = new AtomicLong();
            var otherThrottled = new AtomicLong();
            var other = contention ? Executors.newSingleThreadScheduledExecutor() : null;
            if (contention) {
                var client = Ec2Clients.forLocalEndpoint(simulator.endpoint, REGION);
                var instance = client.describeInstances(b -> b.maxResults(5)).reservations().get(0).instances().get(0).instanceId();
                long periodMicros = (long) (1e6 / (5 * scale * otherShare));
                other.scheduleAtFixedRate(() -> {
                    try {
                        client.createTags(b -> b.resources(instance).tags(t -> t.key("load").value("other")));
                        otherCalls.incrementAndGet();
                    } catch (RuntimeException e) {
                        otherThrottled.incrementAndGet();
                    }
                }, 0, periodMicros, TimeUnit.MICROSECONDS);
            }
            long start = System.nanoTime();
            var results = LocalRun.follow(handler, "{}", () -> new LocalContext("mirrorpilot-backfill", ACCOUNT, REGION), r -> { });
            double wall = (System.nanoTime() - start) / 1e9;
            if (other != null) {
                other.shutdownNow();
            }
            var last = results.get(results.size() - 1);
            var calls = simulator.calls();
            long describes = 0;
            for (var it = calls.path("calls").fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("Describe")) {
                    describes += e.getValue().asLong();
                }
            }
            long throttled = 0;
            for (var it = calls.path("throttled").fields(); it.hasNext(); ) {
                throttled += it.next().getValue().asLong();
            }
            double applySeconds = results.stream().mapToDouble(r -> r.path("applySeconds").asDouble()).sum();
            int changes = results.stream().mapToInt(r -> r.path("changesNow").asInt()).sum();
            double achieved = changes / Math.max(applySeconds, 1e-9);
            var c = last.path("report").path("changes");
            System.out.printf(Locale.ROOT, "%n%s%n", title);
            System.out.printf(Locale.ROOT, "  status %s after %d invocation(s); %d created, %d retargeted, %d deleted, %d failed, "
                            + "%d refused for capacity; %d pending, %d uncovered%n", last.path("status").asText(), results.size(),
                    c.path("created").asInt(), c.path("retargeted").asInt(), c.path("deleted").asInt(), c.path("failed").asInt(),
                    c.path("refusedForCapacity").asInt(), last.path("report").path("total").path("pending").asInt(),
                    last.path("report").path("total").path("uncovered").asInt());
            System.out.printf(Locale.ROOT, "  wall %.1f s (read %.1f s, apply %.1f s)%n", wall,
                    results.stream().mapToDouble(r -> r.path("readSeconds").asDouble()).sum(), applySeconds);
            System.out.printf(Locale.ROOT, "  mutating calls %.2f/s achieved vs %.2f/s configured share: %.3f of it%n", achieved,
                    settings.mutatingPerSecond(), achieved / settings.mutatingPerSecond());
            System.out.printf(Locale.ROOT, "  Describe calls %d; throttled (simulator) %d, of them MirrorPilot's %d attempts "
                    + "(SDK-retried)%n", describes, throttled, results.stream().mapToLong(r -> r.path("throttledAttempts").asLong()).sum());
            var findings = last.path("findings");
            System.out.printf(Locale.ROOT, "  Security Hub: %d findings active, %d archived, %d failed in %d import calls%s%n",
                    findings.path("active").asInt(), findings.path("archived").asInt(), findings.path("failed").asInt(),
                    findings.path("importCalls").asInt(), findings.has("error") ? "; error: " + findings.path("error").asText() : "");
            if (contention) {
                System.out.printf(Locale.ROOT, "  second client: %d CreateTags made, %d failed after retries%n", otherCalls.get(),
                        otherThrottled.get());
            }
            System.out.printf(Locale.ROOT, "  peak heap %.0f MiB (this JVM: MirrorPilot, SDK client and Maven's own)%n",
                    heap.peakMiB());
        }
    }

    /** Peak heap use since creation, summed over the heap pools. */
    private static final class PeakHeap {
        PeakHeap() {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        double peakMiB() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum() / (1024.0 * 1024.0);
        }
    }

    /** The standalone simulator jar, started with a generated account, throttling and a time scale. */
    private static final class SimulatorProcess implements AutoCloseable {
        final Process process;
        final URI endpoint;

        private SimulatorProcess(Process process, URI endpoint) {
            this.process = process;
            this.endpoint = endpoint;
        }

        static SimulatorProcess start(int instances, double scale) throws Exception {
            var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            var process = new ProcessBuilder(java, "-jar", jar().toString(), "--generate",
                    "instances=" + instances + ",vpcs=" + Math.max(4, instances / 250) + ",seed=7", "--port", "0", "--throttling",
                    "--time-scale", Double.toString(scale)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            return new SimulatorProcess(process, URI.create(stdout.readLine()));
        }

        JsonNode calls() throws Exception {
            var response = HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/_sim/calls")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }

        private static Path jar() {
            for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
                var candidate = dir.resolve("simulator-seed/target/mirrorpilot-simulator-standalone.jar");
                if (Files.exists(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("simulator-seed/target/mirrorpilot-simulator-standalone.jar not found: run make build");
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
