package dev.mirrorpilot.aws.cloudwatch;

import dev.mirrorpilot.policy.load.TrafficEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Each workload's throughput toward a Sensor from CloudWatch (AWS/EC2, per InstanceId): for a
 * mirrored instance the bytes that actually reach the Sensor ({@code NetworkMirrorIn + Out}) and
 * those lost to congestion at the source ({@code NetworkSkipMirrorIn + Out}); for one not yet
 * mirrored what mirroring it would send ({@code NetworkIn + Out}). The estimate is a percentile
 * of the per-period sums (default p95 of 5-minute sums over 24 h). Queries go 500 to a call, the
 * GetMetricData maximum, and every page of each call is read. IAM: {@code cloudwatch:GetMetricData}.
 */
public final class TrafficReader {
    static final int QUERIES_PER_CALL = 500;
    private final CloudWatchClient cloudWatch;

    /** One instance's estimate; empty values mean CloudWatch had no data points (apply the default). */
    public record Traffic(String instanceId, boolean mirrored, OptionalDouble gbps, OptionalDouble skippedGbps) {
    }

    /** The window and statistic: {@code percentile} of {@code period} sums over {@code window} up to {@code end}. */
    public record Window(Instant end, Duration window, int periodSeconds, double percentile) {
        public static Window defaults(Instant end) {
            return new Window(end, Duration.ofHours(24), 300, 95);
        }
    }

    public TrafficReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** @param mirrored the instances a session mirrors now (their mirror metrics are read) */
    public Map<String, Traffic> read(List<String> instanceIds, Set<String> mirrored, Window window) {
        var queries = new ArrayList<MetricDataQuery>();
        var owners = new HashMap<String, String[]>(); // query id -> instance, role ("traffic" or "skip")
        int n = 0;
        for (var instance : instanceIds) {
            boolean isMirrored = mirrored.contains(instance);
            for (var metric : isMirrored
                    ? List.of("NetworkMirrorIn", "NetworkMirrorOut", "NetworkSkipMirrorIn", "NetworkSkipMirrorOut")
                    : List.of("NetworkIn", "NetworkOut")) {
                var id = "q" + (n++);
                owners.put(id, new String[] {instance, metric.startsWith("NetworkSkip") ? "skip" : "traffic"});
                queries.add(query(id, instance, metric, window.periodSeconds()));
            }
        }
        var traffic = new HashMap<String, TreeMap<Instant, Double>>();
        var skipped = new HashMap<String, TreeMap<Instant, Double>>();
        for (int from = 0; from < queries.size(); from += QUERIES_PER_CALL) {
            var batch = queries.subList(from, Math.min(queries.size(), from + QUERIES_PER_CALL));
            cloudWatch.getMetricDataPaginator(b -> b.startTime(window.end().minus(window.window())).endTime(window.end())
                    .metricDataQueries(batch)).metricDataResults().forEach(result -> {
                        var owner = owners.get(result.id());
                        add((owner[1].equals("skip") ? skipped : traffic).computeIfAbsent(owner[0], k -> new TreeMap<>()), result);
                    });
        }
        var out = new HashMap<String, Traffic>();
        for (var instance : instanceIds) {
            out.put(instance, new Traffic(instance, mirrored.contains(instance),
                    estimate(traffic.get(instance), window), mirrored.contains(instance)
                    ? estimate(skipped.get(instance), window) : OptionalDouble.empty()));
        }
        return out;
    }

    /** In and out add up per period: the Sensor receives both directions. */
    private static void add(TreeMap<Instant, Double> sums, MetricDataResult result) {
        for (int i = 0; i < result.timestamps().size() && i < result.values().size(); i++) {
            sums.merge(result.timestamps().get(i), result.values().get(i), Double::sum);
        }
    }

    private static OptionalDouble estimate(TreeMap<Instant, Double> sums, Window window) {
        return sums == null ? OptionalDouble.empty()
                : TrafficEstimate.gbps(sums.values(), window.periodSeconds(), window.percentile());
    }

    private static MetricDataQuery query(String id, String instanceId, String metric, int period) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(MetricStat.builder().period(period).stat("Sum")
                .metric(Metric.builder().namespace("AWS/EC2").metricName(metric)
                        .dimensions(Dimension.builder().name("InstanceId").value(instanceId).build()).build()).build()).build();
    }
}
