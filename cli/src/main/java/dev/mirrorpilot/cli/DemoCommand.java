package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorpilot.functions.attach.AttachOnLaunchHandler;
import dev.mirrorpilot.functions.backfill.BackfillHandler;
import dev.mirrorpilot.functions.backfill.BackfillRuntime;
import dev.mirrorpilot.functions.backfill.BackfillSettings;
import dev.mirrorpilot.local.LocalRun;
import dev.mirrorpilot.functions.detach.DetachOnTerminateHandler;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.lambda.FunctionRuntime;
import dev.mirrorpilot.local.LocalContext;
import dev.mirrorpilot.local.LocalInvoker;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.simulator.Simulator;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mirrorpilot demo}: the sample account in the simulator, and the real Lambda handlers
 * with real SDK clients against it: a launch, a duplicate delivery, a terminate whose secondary
 * ENI survives, a backfill of the rest of the account with its findings, and the coverage before
 * and after. No AWS account needed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the launch, terminate and backfill functions against the simulator on the sample account.")
public final class DemoCommand implements Callable<Integer> {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";

    @Spec
    CommandSpec spec;

    @Option(names = "--inventory", defaultValue = "events/sample-inventory.json", paramLabel = "FILE",
            description = "The account to simulate (default ${DEFAULT-VALUE}).")
    Path inventoryFile;

    @Option(names = "--crowded-inventory", defaultValue = "events/crowded-sensor-inventory.json", paramLabel = "FILE",
            description = "The account the rebalance step runs on: a Sensor above its headroom (default ${DEFAULT-VALUE}).")
    Path crowded;

    @Option(names = "--brain-samples", defaultValue = "events/brain-health", paramLabel = "DIR",
            description = "The Brain health documents and account of step 7 (default ${DEFAULT-VALUE}).")
    Path brainSamples;

    @Option(names = "--logs", paramLabel = "FILE", description = "Where the functions' JSON logs and EMF metrics go "
            + "(default: a temporary file, named at the end).")
    Path logs;

    private PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        var inventory = InventoryFile.read(inventoryFile);
        var logFile = logs != null ? logs : Files.createTempFile("mirrorpilot-demo-", ".jsonl");
        var console = System.out;
        var policy = MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build();
        try (var simulator = SeededSimulator.start(inventory); var logStream = new PrintStream(new FileOutputStream(logFile.toFile()), true)) {
            System.setOut(logStream); // the functions log JSON to stdout, as in Lambda; keep it out of the story
            try {
                var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
                var attach = new AttachOnLaunchHandler(context -> runtime);
                var detach = new DetachOnTerminateHandler(context -> runtime);

                out.printf("MirrorPilot demo: account %s in %s, simulated at %s (policy: all interfaces)%n%n", ACCOUNT, REGION,
                        simulator.endpoint());
                coverage("Coverage before", SeededSimulator.snapshot(simulator), policy);
                targets(SeededSimulator.snapshot(simulator), policy);

                var subnet = inventory.subnets().stream().filter(s -> s.vpcId().equals(vpc(inventory, "apps"))).findFirst()
                        .orElseThrow().id();
                var launched = simulator.state().launch("m5.large", subnet, Tags.of("Name", "demo-api"), List.of(),
                        System.nanoTime());
                step("1. A new instance starts running: " + launched.id() + " (m5.large in apps)");
                var running = stateChange("demo-launch-1", launched.id(), "running");
                show(invoke(attach, running, "attach-on-launch"));

                step("2. EventBridge delivers the same event again");
                var before = SeededSimulator.sessions(simulator).size();
                show(invoke(attach, running, "attach-on-launch"));
                out.printf("   sessions before %d, after %d: the duplicate changed nothing%n", before,
                        SeededSimulator.sessions(simulator).size());

                var replica = inventory.workloads().stream().filter(w -> w.name().equals("db-replica")).findFirst().orElseThrow();
                step("3. db-replica (" + replica.instanceId() + ") runs with a secondary ENI that survives termination");
                show(invoke(attach, stateChange("demo-launch-2", replica.instanceId(), "running"), "attach-on-launch"));
                simulator.state().terminate(replica.instanceId());
                step("4. db-replica is terminated; its secondary ENI survives, still carrying a MirrorPilot session");
                show(invoke(detach, stateChange("demo-terminate-2", replica.instanceId(), "terminated"), "detach-on-terminate"));

                step("5. The scheduled drift reconcile: first a dry run of the backfill function, then the run itself");
                var backfill = new BackfillHandler(context -> BackfillRuntime.forEndpoint(simulator.endpoint(), policy,
                        BackfillSettings.defaults(), ACCOUNT, REGION));
                var dry = invoke(backfill, "{\"dryRun\": true}", "backfill");
                out.printf("   dry run -> %s: %d ENIs would get a session; nothing changed%n", dry.path("status").asText(),
                        dry.path("report").path("total").path("pending").asInt());
                // One source at its network limits: it mirrors, but skips a third of what its filter matches.
                var busy = inventory.workloads().stream().filter(w -> w.name().equals("web-1")).findFirst().orElseThrow().instanceId();
                simulator.delivery().saturate(busy, 0.33);
                long start = System.nanoTime();
                var runs = LocalRun.follow(backfill, "{}", () -> new LocalContext("mirrorpilot-backfill", ACCOUNT, REGION), r -> { });
                var last = runs.get(runs.size() - 1);
                var changes = last.path("report").path("changes");
                out.printf(Locale.ROOT, "   run -> %s after %d invocation(s) in %.1f s (paced to %.1f mutating calls/s): %d created, "
                                + "%d retargeted, %d deleted; %d Security Hub findings for what a person must fix%n",
                        last.path("status").asText(), runs.size(), (System.nanoTime() - start) / 1e9,
                        BackfillSettings.defaults().mutatingPerSecond(), changes.path("created").asInt(),
                        changes.path("retargeted").asInt(), changes.path("deleted").asInt(),
                        last.path("findings").path("active").asInt());
                var delivery = last.path("delivery");
                out.printf("   delivery measured after the run (CloudWatch, last hour): %d mirrored interfaces configured, %d verified at "
                        + "their Sensor%n", last.path("report").path("total").path("mirrored").asInt(), delivery.path("verifiedInterfaces").asInt());
                delivery.path("notDelivered").forEach(n -> out.printf("      not delivered: %s %s (%s)%n", n.path("instanceId").asText(),
                        n.path("verdict").asText(), n.path("evidence").asText()));
                simulator.securityHub().all().forEach(f -> out.printf("      finding: %s%n", f.path("Title").asText()));

                out.println();
                coverage("Coverage after", SeededSimulator.snapshot(simulator), policy);
                out.printf("AWS calls made by the functions: %s%n", simulator.calls().calls());
            } finally {
                System.setOut(console);
            }
        }
        if (Files.exists(crowded)) {
            rebalance(InventoryFile.read(crowded), logFile);
        } else {
            out.printf("%n6. (rebalance step skipped: %s not found; pass --crowded-inventory FILE)%n", crowded);
        }
        var brainAccount = brainSamples.resolve("account-inventory.json");
        if (Files.exists(brainAccount)) {
            brainHealth(InventoryFile.read(brainAccount), logFile);
        } else {
            out.printf("%n7. (Brain health step skipped: %s not found; pass --brain-samples DIR)%n", brainAccount);
        }
        tamper(inventory, logFile);
        var finding = inventoryFile.resolveSibling("tamper").resolve("guardduty-finding.json");
        if (Files.exists(finding)) {
            surge(inventory, finding, logFile);
        } else {
            out.printf("%n9. (surge step skipped: %s not found)%n", finding);
        }
        out.printf("The functions' structured logs and EMF metrics: %s%n", logFile);
        out.flush();
        return 0;
    }

    /** Step 8: someone deletes a MirrorPilot session by hand; the CloudTrail event brings it back within one batch. */
    private void tamper(Inventory inventory, Path logFile) throws Exception {
        var console = System.out;
        var policy = MirrorPolicy.defaults().toBuilder().interfaces(MirrorPolicy.Interfaces.ALL).build();
        try (var simulator = SeededSimulator.start(inventory);
             var logStream = new PrintStream(new FileOutputStream(logFile.toFile(), true), true)) {
            System.setOut(logStream);
            try {
                var functions = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
                functions.reconciler().pass(ACCOUNT, REGION, Scope.everything(), "demo-8", false, 1000, () -> true);
                var victim = SeededSimulator.sessions(simulator).stream().filter(dev.mirrorpilot.policy.model.MirrorSession::isManaged)
                        .findFirst().orElseThrow();
                step("8. mallory (an IAM user) deletes MirrorPilot's session " + victim.id() + " on " + victim.sourceEniId()
                        + " by hand; CloudTrail announces it through EventBridge");
                simulator.cloudTrail().reset();
                try (var mallory = software.amazon.awssdk.services.ec2.Ec2Client.builder().endpointOverride(simulator.endpoint())
                        .region(software.amazon.awssdk.regions.Region.of(REGION))
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("mallory", "demo"))).build()) {
                    mallory.deleteTrafficMirrorSession(b -> b.trafficMirrorSessionId(victim.id()));
                }
                var batch = json.createObjectNode();
                var records = batch.putArray("Records");
                simulator.cloudTrail().events("DeleteTrafficMirrorSession").forEach(e -> records.addObject().put("messageId", "demo-8")
                        .put("eventSource", "aws:sqs").put("body", e));
                var watch = dev.mirrorpilot.functions.tamper.TamperWatchHandler.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
                simulator.calls().reset();
                long start = System.nanoTime();
                var result = invoke(watch, batch.toString(), "tamper-watch");
                long millis = (System.nanoTime() - start) / 1_000_000;
                var restored = SeededSimulator.sessions(simulator).stream().filter(dev.mirrorpilot.policy.model.MirrorSession::isManaged)
                        .filter(s -> s.sourceEniId().equals(victim.sourceEniId())).findFirst();
                out.printf("   tamper-watch -> %s in %d ms (%d AWS calls): %s on %s again as %s%n", result.path("status").asText(), millis,
                        simulator.calls().totalCalls(), restored.isPresent() ? "mirrored" : "NOT mirrored", victim.sourceEniId(),
                        restored.map(dev.mirrorpilot.policy.model.MirrorSession::id).orElse("-"));
                simulator.securityHub().all().forEach(f -> out.printf("      finding (%s): %s%n", f.path("RecordState").asText(),
                        f.path("Title").asText()));
            } finally {
                System.setOut(console);
            }
        }
    }

    /**
     * Step 9: a GuardDuty finding mirrors every interface of its instance in full until the surge ends; the
     * first reconcile after that returns to the policy (the demo moves the clock by retagging the sessions).
     */
    private void surge(Inventory inventory, Path findingFile, Path logFile) throws Exception {
        var console = System.out;
        var policy = MirrorPolicy.defaults();
        var instance = "i-0a2b3c4d5e6f70038"; // db-replica: a primary and a secondary interface
        try (var simulator = SeededSimulator.start(inventory);
             var logStream = new PrintStream(new FileOutputStream(logFile.toFile(), true), true)) {
            System.setOut(logStream);
            try {
                var reconciler = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION).reconciler();
                reconciler.pass(ACCOUNT, REGION, Scope.everything(), "demo-9", false, 1000, () -> true);
                int interfaces = simulator.state().interfacesOf(instance).size();
                step("9. GuardDuty reports command-and-control DNS queries from db-replica (" + instance + ", severity 8); "
                        + "the policy mirrors its primary interface only (" + surged(simulator, instance).size() + " of "
                        + interfaces + " interfaces)");
                var batch = json.createObjectNode();
                batch.putArray("Records").addObject().put("messageId", "demo-9").put("eventSource", "aws:sqs")
                        .put("body", guardDutyFinding(findingFile, instance).toString());
                var watch = dev.mirrorpilot.functions.tamper.TamperWatchHandler.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
                var result = invoke(watch, batch.toString(), "tamper-watch");
                var surge = result.path("surges").path(0);
                var sessions = surged(simulator, instance);
                out.printf("   tamper-watch -> %s: %d of %d interfaces mirrored in full until %s%n", surge.path("status").asText(),
                        sessions.stream().filter(s -> s.tags().get("mirrorpilot:surge-until") != null).count(), interfaces,
                        surge.path("until").asText("-"));
                out.println("   The surge's hour passes (the demo sets its end tag a minute back); the scheduled backfill runs");
                var past = java.time.Instant.now().minusSeconds(60).toString();
                sessions.stream().filter(s -> s.tags().get("mirrorpilot:surge-until") != null).forEach(s ->
                        simulator.state().changeTags(List.of(s.id()), java.util.Map.of("mirrorpilot:surge-until", past), false));
                var backfill = new BackfillHandler(context -> BackfillRuntime.forEndpoint(simulator.endpoint(), policy,
                        BackfillSettings.defaults(), ACCOUNT, REGION));
                LocalRun.follow(backfill, "{}", () -> new LocalContext("mirrorpilot-backfill", ACCOUNT, REGION), r -> { });
                var after = surged(simulator, instance);
                out.printf("   backfill -> back to the policy: %d of %d interfaces mirrored, %d surge tags left%n", after.size(),
                        interfaces, after.stream().filter(s -> s.tags().get("mirrorpilot:surge-until") != null).count());
                simulator.securityHub().all().stream().filter(f -> f.path("GeneratorId").asText().equals("mirrorpilot/surge"))
                        .forEach(f -> out.printf("      finding (%s): %s%n", f.path("RecordState").asText(), f.path("Title").asText()));
            } finally {
                System.setOut(console);
            }
        }
    }

    private static List<dev.mirrorpilot.policy.model.MirrorSession> surged(Simulator simulator, String instanceId) {
        var enis = simulator.state().interfacesOf(instanceId).stream().map(e -> e.id()).toList();
        return SeededSimulator.sessions(simulator).stream().filter(dev.mirrorpilot.policy.model.MirrorSession::isManaged)
                .filter(s -> enis.contains(s.sourceEniId())).toList();
    }

    /** The sample GuardDuty finding (events/tamper/guardduty-finding.json), about this instance, at severity 8. */
    private com.fasterxml.jackson.databind.node.ObjectNode guardDutyFinding(Path findingFile, String instanceId) throws IOException {
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Files.readString(findingFile));
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.at("/detail/resource/instanceDetails")).put("instanceId", instanceId);
        ((com.fasterxml.jackson.databind.node.ObjectNode) event.get("detail")).put("severity", 8);
        return event;
    }

    /** Step 6: a Sensor above its headroom and its rated throughput, relieved by the rebalance function. */
    private void rebalance(Inventory inventory, Path logFile) throws Exception {
        var console = System.out;
        var policy = MirrorPolicy.defaults();
        try (var simulator = SeededSimulator.start(inventory);
             var logStream = new PrintStream(new FileOutputStream(logFile.toFile(), true), true)) {
            System.setOut(logStream);
            try {
                step("6. Another account (" + crowded + "): vectra-sensor-a, an r5n.xlarge rated 2 Gbps, carries 10 sources "
                        + "where its headroom is 8");
                sensors(simulator, inventory, policy);
                var runtime = dev.mirrorpilot.functions.rebalance.RebalanceRuntime.forEndpoint(simulator.endpoint(), policy,
                        dev.mirrorpilot.functions.rebalance.RebalanceOptions.defaults(), ACCOUNT, REGION);
                var handler = new dev.mirrorpilot.functions.rebalance.RebalanceHandler(context -> runtime);
                var dry = invoke(handler, "{\"dryRun\": true}", "rebalance");
                out.printf("   dry run -> %d move(s) planned (at least %d needed), nothing changed%n", dry.path("movesPlanned").asInt(),
                        dry.path("lowerBound").asInt());
                var result = invoke(handler, "{\"trigger\": \"after-reconcile\"}", "rebalance");
                out.printf("   after the reconcile -> %s: %d session(s) moved in place (ModifyTrafficMirrorSession, target only), "
                                + "%d GetMetricData call(s) for the traffic of %d instance(s)%n", result.path("status").asText(),
                        result.path("movesMade").asInt(), simulator.calls().calls("GetMetricData"),
                        result.path("sourcesMeasured").asInt() + result.path("sourcesAtDefault").asInt());
                result.path("moves").forEach(m -> out.printf("      %s (%s): %s -> %s%n", m.path("sessionId").asText(),
                        m.path("instanceId").asText(), m.path("from").asText(), m.path("to").asText()));
                sensors(simulator, SeededSimulator.snapshot(simulator), policy);
                var again = invoke(handler, "{}", "rebalance");
                out.printf("   run again -> %d move(s): the low-water mark leaves nothing to flap%n", again.path("movesPlanned").asInt());
            } finally {
                System.setOut(console);
            }
        }
    }

    /** Step 7: the Brain stand-in on HTTPS; a Sensor stops pairing, its finding appears, and a launch avoids its target. */
    private void brainHealth(Inventory inventory, Path logFile) throws Exception {
        var console = System.out;
        var policy = MirrorPolicy.defaults();
        try (var simulator = SeededSimulator.start(inventory); var brain = dev.mirrorpilot.simulator.brain.BrainStandIn.start();
             var logStream = new PrintStream(new FileOutputStream(logFile.toFile(), true), true)) {
            System.setOut(logStream);
            try {
                brain.health(Files.readAllBytes(brainSamples.resolve("healthy-v2.5.json")));
                var secret = json.createObjectNode().put("clientId", dev.mirrorpilot.simulator.brain.BrainStandIn.CLIENT_ID)
                        .put("clientSecret", dev.mirrorpilot.simulator.brain.BrainStandIn.CLIENT_SECRET)
                        .put("caBundle", brain.certificatePem());
                var arn = simulator.secrets().put("mirrorpilot/brain", secret.toString());
                var settings = dev.mirrorpilot.functions.brainhealth.BrainHealthSettings.fromEnvironment(java.util.Map.of(
                        "MIRRORPILOT_BRAIN_URL", brain.url().toString(), "MIRRORPILOT_BRAIN_API", "v3.4",
                        "MIRRORPILOT_BRAIN_SECRET_ARN", arn));
                var brainRuntime = dev.mirrorpilot.functions.brainhealth.BrainHealthRuntime.forEndpoint(simulator.endpoint(), settings,
                        ACCOUNT, REGION);
                var poller = new dev.mirrorpilot.functions.brainhealth.BrainHealthHandler(context -> brainRuntime);
                step("7. The Brain (a stand-in on " + brain.url() + ", its own certificate trusted through the secret's CA bundle, "
                        + "OAuth v3.4) is polled every 5 minutes");
                var healthy = invoke(poller, "{}", "brain-health");
                out.printf("   poll -> %s in %d ms: %s%n", healthy.path("status").asText(), healthy.path("latencyMs").asLong(),
                        healthy.path("sensors"));
                brain.health(Files.readAllBytes(brainSamples.resolve("degraded-v3.4.json")));
                var degraded = invoke(poller, "{}", "brain-health");
                out.printf("   vectra-sensor-b stops pairing -> %s: %d transition(s) logged to %s, targets tagged %s%n",
                        degraded.path("status").asText(), degraded.path("transitions").asInt(), settings.logGroup(),
                        degraded.path("targetsTagged"));
                simulator.securityHub().all().forEach(f -> out.printf("      finding: %s%n", f.path("Title").asText()));
                var runtime = FunctionRuntime.forEndpoint(simulator.endpoint(), policy, ACCOUNT, REGION);
                var attach = new AttachOnLaunchHandler(context -> runtime);
                var subnet = "subnet-0a2b3c4d5e6f70007"; // prod-web-b, vectra-sensor-b's zone and VPC
                var launched = simulator.state().launch("m5.large", subnet, Tags.of("Name", "demo-web-b"), List.of(), System.nanoTime());
                var result = invoke(attach, stateChange("demo-launch-7", launched.id(), "running"), "attach-on-launch");
                var session = SeededSimulator.sessions(simulator).stream()
                        .filter(s -> launched.id().equals(s.tags().get("mirrorpilot:source-instance"))).findFirst();
                out.printf("   a launch in prod-web-b (%s), where vectra-sensor-b would be first choice -> %s, mirrored to %s%n",
                        launched.id(), result.path("status").asText(), session.map(s -> s.targetId()).orElse("nothing"));
            } finally {
                System.setOut(console);
            }
        }
    }

    private void sensors(Simulator simulator, Inventory inventory, MirrorPolicy policy) {
        var measured = new java.util.HashMap<String, Double>();
        inventory.workloads().forEach(w -> measured.put(w.instanceId(), simulator.state().trafficGbps(w.instanceId())));
        var report = dev.mirrorpilot.policy.load.SensorLoadReport.of(inventory, policy,
                dev.mirrorpilot.policy.load.SensorRatings.guide(),
                new dev.mirrorpilot.policy.load.SourceTraffic(measured, 0.05), dev.mirrorpilot.policy.load.SensorLoadReport.Prices.defaults());
        var text = dev.mirrorpilot.policy.report.SensorTable.render(report, "each instance's mean rate in the simulator");
        text.lines().forEach(l -> out.println("   " + l));
    }

    private String stateChange(String id, String instanceId, String state) {
        var event = json.createObjectNode().put("version", "0").put("id", id)
                .put("detail-type", "EC2 Instance State-change Notification").put("source", "aws.ec2")
                .put("account", ACCOUNT).put("time", "2026-11-26T10:00:00Z").put("region", REGION);
        event.putArray("resources").add("arn:aws:ec2:" + REGION + ":" + ACCOUNT + ":instance/" + instanceId);
        event.putObject("detail").put("instance-id", instanceId).put("state", state);
        return event.toString();
    }

    private JsonNode invoke(RequestStreamHandler handler, String event, String name) throws Exception {
        return LocalInvoker.invoke(handler, event, new LocalContext("mirrorpilot-" + name, ACCOUNT, REGION));
    }

    private void step(String text) {
        out.println();
        out.println(text);
    }

    private void show(JsonNode result) {
        out.printf("   -> %s: created %s, deleted %s%n", result.path("status").asText(), result.path("created"),
                result.path("deleted"));
        result.path("reasons").forEach(r -> out.println("      " + r.asText()));
    }

    private void coverage(String title, Inventory inventory, MirrorPolicy policy) {
        var report = CoverageReport.of(inventory, policy, Planner.plan(inventory, policy, Scope.everything()));
        var total = report.total();
        out.printf(Locale.ROOT, "%s: %d eligible ENIs, %d mirrored (%d partly, behind another team's session), %d not yet, "
                        + "%d uncovered (%s), %d appliances never mirrored; %d MirrorPilot sessions%n",
                title, total.eligible(), total.mirrored(), total.partlyMirrored(), total.toCreate(), total.uncovered(),
                problems(report), total.skippedByReason().getOrDefault(dev.mirrorpilot.policy.plan.ReasonCode.IS_APPLIANCE, 0)
                        + total.skippedByReason().getOrDefault(dev.mirrorpilot.policy.plan.ReasonCode.IS_SENSOR, 0),
                inventory.sessions().stream().filter(s -> s.isManaged()).count());
    }

    private static String problems(CoverageReport report) {
        return report.problems().entrySet().stream().map(e -> e.getKey().label() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Each target, its sources against its limit, and whether something can receive behind it. */
    private void targets(Inventory inventory, MirrorPolicy policy) {
        var report = CoverageReport.of(inventory, policy, Planner.plan(inventory, policy, Scope.everything()));
        out.println("Mirror targets (distinct sources / limit: state)");
        report.targets().forEach(t -> out.printf("   %s %-18s %s/%s: %s%n", t.targetId(), t.name().equals(t.targetId()) ? "" : t.name(),
                t.loadBefore(), t.limit(), t.state()));
    }

    private static String vpc(Inventory inventory, String name) {
        return inventory.vpcs().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow().id();
    }
}
