package dev.mirrorpilot.lambda;

import java.util.Map;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import java.util.TreeMap;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The function's CloudWatch metrics, as EMF lines through Powertools: SessionsCreated,
 * SessionsDeleted, WorkloadsSkipped (by reason), TargetNearLimit, EventsRejected (by reason),
 * Throttled, ConfigurationInvalid. Recorded during an invocation and flushed at its end.
 */
public final class Telemetry {
    public static final String NAMESPACE = "MirrorPilot";
    private final Metrics metrics;
    private final Map<String, Integer> skipped = new TreeMap<>();
    private final Map<String, Integer> rejected = new TreeMap<>();

    static {
        // Outside Lambda (CLI, tests) EMF would look for a CloudWatch agent socket; write to stdout as in Lambda.
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") == null && System.getenv("AWS_EMF_ENVIRONMENT") == null) {
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
        }
    }

    public Telemetry() {
        this.metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE));
        metrics.setRaiseOnEmptyMetrics(false);
    }

    public void count(String name, int value) {
        if (value > 0) {
            metrics.addMetric(name, value, MetricUnit.COUNT);
        }
    }

    /** A measured value written even when zero (a Brain reachable 0 or 1, a percent, a latency). */
    public void gauge(String name, double value, MetricUnit unit) {
        metrics.addMetric(name, value, unit);
    }

    public void rejectedOrSkipped(String skipReason) {
        skipped.merge(skipReason, 1, Integer::sum);
    }

    public void rejected(String reason) {
        rejected.merge(reason, 1, Integer::sum);
    }

    /** Writes this invocation's metrics; dimensioned ones as single EMF records of their own. */
    public void flush() {
        var namespace = System.getenv().getOrDefault("POWERTOOLS_METRICS_NAMESPACE", NAMESPACE);
        skipped.forEach((reason, n) -> metrics.flushSingleMetric("WorkloadsSkipped", n, MetricUnit.COUNT, namespace,
                DimensionSet.of("Reason", reason)));
        rejected.forEach((reason, n) -> metrics.flushSingleMetric("EventsRejected", n, MetricUnit.COUNT, namespace,
                DimensionSet.of("Reason", reason)));
        skipped.clear();
        rejected.clear();
        metrics.flush();
    }
}
