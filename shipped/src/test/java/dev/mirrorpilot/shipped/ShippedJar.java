package dev.mirrorpilot.shipped;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Lambda jar as the build ships it, and a way to run its handler in a fresh JVM with the jar alone. */
record ShippedJar(String function, String handler) {
    static final String ACCOUNT = "111122223333";
    static final String REGION = "eu-west-1";
    static final List<ShippedJar> ALL = List.of(
            new ShippedJar("attach-on-launch", "dev.mirrorpilot.functions.attach.AttachOnLaunchHandler"),
            new ShippedJar("detach-on-terminate", "dev.mirrorpilot.functions.detach.DetachOnTerminateHandler"),
            new ShippedJar("backfill", "dev.mirrorpilot.functions.backfill.BackfillHandler"),
            new ShippedJar("rebalance", "dev.mirrorpilot.functions.rebalance.RebalanceHandler"),
            new ShippedJar("brain-health", "dev.mirrorpilot.functions.brainhealth.BrainHealthHandler"),
            new ShippedJar("tamper-watch", "dev.mirrorpilot.functions.tamper.TamperWatchHandler"));

    Path jar() {
        return Path.of("..", "functions", function, "target", function + "-lambda.jar");
    }

    String functionName() {
        return "mirrorpilot-" + function;
    }

    /** What one fresh JVM printed and returned. */
    record Run(int exitCode, String stdout, String stderr, String result) {
    }

    /** Runs the handler on {@code event} with only the jar and the harness on the class path. */
    Run run(String event, Map<String, String> settings) throws IOException, InterruptedException {
        var work = Files.createTempDirectory("shipped-" + function);
        var eventFile = Files.writeString(work.resolve("event.json"), event);
        var resultFile = work.resolve("result.json");
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var builder = new ProcessBuilder(java, "-cp", jar() + File.pathSeparator + Path.of("target", "classes"),
                LambdaRun.class.getName(), handler, eventFile.toString(), resultFile.toString(),
                "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + functionName());
        var environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("MIRRORPILOT_") || k.startsWith("AWS_") || k.startsWith("POWERTOOLS_"));
        var lambda = new HashMap<String, String>(Map.of(
                "AWS_REGION", REGION, "AWS_LAMBDA_FUNCTION_NAME", functionName(),
                "AWS_ACCESS_KEY_ID", "AKIDSHIPPEDJAR", "AWS_SECRET_ACCESS_KEY", "shipped-jar-secret",
                "POWERTOOLS_SERVICE_NAME", functionName(), "POWERTOOLS_METRICS_NAMESPACE", "MirrorPilot",
                "MIRRORPILOT_ACCOUNT_ID", ACCOUNT));
        lambda.putAll(settings);
        environment.putAll(lambda);
        builder.redirectOutput(work.resolve("stdout").toFile()).redirectError(work.resolve("stderr").toFile());
        var process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(function + " did not finish in 120 s");
        }
        return new Run(process.exitValue(), Files.readString(work.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(work.resolve("stderr"), StandardCharsets.UTF_8),
                Files.exists(resultFile) ? Files.readString(resultFile, StandardCharsets.UTF_8) : "");
    }
}
