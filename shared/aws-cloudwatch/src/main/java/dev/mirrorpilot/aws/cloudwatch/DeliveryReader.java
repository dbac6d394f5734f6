package dev.mirrorpilot.aws.cloudwatch;

import dev.mirrorpilot.policy.delivery.Measurements;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.TargetKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;

/**
 * Reads what proves delivery, one window, sums of 5-minute periods: for each instance a session
 * mirrors, its traffic, mirrored and skipped bytes (AWS/EC2 per InstanceId, six metrics); for each
 * ENI target its Sensor instance's {@code NetworkIn}; for each NLB target the load balancer's
 * {@code ProcessedBytes} (AWS/NetworkELB); for each Gateway Load Balancer endpoint target the
 * endpoint's {@code BytesProcessed} (AWS/PrivateLinkEndpoints), whose full dimension set
 * ({@code Endpoint Type, Service Name, VPC Endpoint Id, VPC Id}) one {@code ListMetrics} call per
 * endpoint reads rather than guesses; an endpoint with no such metric listed is not measured. Queries
 * go 500 to a GetMetricData call; every page is read. IAM: {@code cloudwatch:GetMetricData},
 * {@code cloudwatch:ListMetrics}.
 */
public final class DeliveryReader {
    static final int QUERIES_PER_CALL = 500;
    static final int PERIOD_SECONDS = 300;
    private static final List<String> SOURCE_METRICS = List.of("NetworkIn", "NetworkOut", "NetworkMirrorIn", "NetworkMirrorOut",
            "NetworkSkipMirrorIn", "NetworkSkipMirrorOut");
    static final String ENDPOINTS = "AWS/PrivateLinkEndpoints";
    private final CloudWatchClient cloudWatch;
    private int calls;
    private int listCalls;
    private String unlisted;
    private int queries;

    public DeliveryReader(CloudWatchClient cloudWatch) {
        this.cloudWatch = cloudWatch;
    }

    /** The measurements of every mirrored instance and every target with sessions, over {@code window} up to {@code end}. */
    public Measurements read(Inventory inventory, Instant end, Duration window) {
        var enis = new HashMap<String, NetworkInterface>();
        inventory.allInterfaces().forEach(e -> enis.put(e.id(), e));
        var instances = new LinkedHashSet<String>();
        var targetIds = new LinkedHashSet<String>();
        for (var session : inventory.sessions()) {
            var eni = enis.get(session.sourceEniId());
            if (eni != null && eni.attachment().isPresent()) {
                instances.add(eni.attachment().get().instanceId());
                targetIds.add(session.targetId());
            }
        }
        var all = new ArrayList<MetricDataQuery>();
        var owner = new HashMap<String, String[]>(); // query id -> {kind, id, metric}
        for (var instance : instances) {
            for (var metric : SOURCE_METRICS) {
                var id = "q" + all.size();
                owner.put(id, new String[] {"source", instance, metric});
                all.add(query(id, "AWS/EC2", metric, "InstanceId", instance));
            }
        }
        var targets = inventory.targetsById();
        for (var targetId : targetIds) {
            var target = targets.get(targetId);
            if (target == null || target.isSharedInto(inventory.accountId())) {
                continue;
            }
            var id = "q" + all.size();
            if (target.kind() == TargetKind.NETWORK_INTERFACE) {
                var eni = enis.get(target.resourceId());
                if (eni != null && eni.attachment().isPresent()) {
                    owner.put(id, new String[] {"target", targetId, "NetworkIn"});
                    all.add(query(id, "AWS/EC2", "NetworkIn", "InstanceId", eni.attachment().get().instanceId()));
                }
            } else if (target.kind() == TargetKind.NETWORK_LOAD_BALANCER && target.resourceId().contains(":loadbalancer/")) {
                owner.put(id, new String[] {"target", targetId, "ProcessedBytes"});
                all.add(query(id, "AWS/NetworkELB", "ProcessedBytes", "LoadBalancer",
                        target.resourceId().substring(target.resourceId().indexOf(":loadbalancer/") + ":loadbalancer/".length())));
            } else if (target.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT) {
                var metric = endpointMetric(target.resourceId());
                if (metric.isPresent()) {
                    owner.put(id, new String[] {"target", targetId, "BytesProcessed"});
                    all.add(MetricDataQuery.builder().id(id).returnData(true).metricStat(MetricStat.builder().period(PERIOD_SECONDS)
                            .stat("Sum").metric(metric.get()).build()).build());
                }
            }
        }
        var sums = new HashMap<String, Double>();
        var seen = new java.util.HashSet<String>();
        for (int from = 0; from < all.size(); from += QUERIES_PER_CALL) {
            var batch = all.subList(from, Math.min(all.size(), from + QUERIES_PER_CALL));
            calls++;
            cloudWatch.getMetricDataPaginator(b -> b.startTime(end.minus(window)).endTime(end).metricDataQueries(batch))
                    .metricDataResults().forEach(r -> {
                        if (!r.values().isEmpty()) {
                            seen.add(r.id());
                        }
                        sums.merge(r.id(), r.values().stream().mapToDouble(Double::doubleValue).sum(), Double::sum);
                    });
        }
        queries += all.size();
        var traffic = new HashMap<String, long[]>(); // instance -> {traffic, mirrored, skipped, seen}
        var received = new HashMap<String, Long>();
        for (var entry : owner.entrySet()) {
            var what = entry.getValue();
            long value = Math.round(sums.getOrDefault(entry.getKey(), 0.0));
            if (what[0].equals("target")) {
                if (seen.contains(entry.getKey())) {
                    received.merge(what[1], value, Long::sum);
                }
                continue;
            }
            var row = traffic.computeIfAbsent(what[1], k -> new long[4]);
            int slot = what[2].startsWith("NetworkSkip") ? 2 : what[2].startsWith("NetworkMirror") ? 1 : 0;
            row[slot] += value;
            if (seen.contains(entry.getKey())) {
                row[3] = 1;
            }
        }
        var sources = new HashMap<String, Measurements.SourceBytes>();
        traffic.forEach((instance, row) -> {
            if (row[3] == 1) {
                sources.put(instance, new Measurements.SourceBytes(row[0], row[1], row[2]));
            }
        });
        return new Measurements(Map.copyOf(sources), Map.copyOf(received), (int) window.toMinutes());
    }

    /**
     * The endpoint's BytesProcessed as CloudWatch names it, across its subnets (the dimension set without
     * {@code Subnet Id}): empty when none is listed (no data points for two weeks, or not our endpoint).
     */
    private java.util.Optional<Metric> endpointMetric(String endpointId) {
        if (unlisted != null) {
            return java.util.Optional.empty(); // refused once: the role is the same for every endpoint
        }
        listCalls++;
        try {
            return cloudWatch.listMetricsPaginator(b -> b.namespace(ENDPOINTS).metricName("BytesProcessed")
                            .dimensions(f -> f.name("VPC Endpoint Id").value(endpointId))).metrics().stream()
                    .filter(m -> m.dimensions().stream().noneMatch(d -> d.name().equals("Subnet Id")))
                    .findFirst();
        } catch (software.amazon.awssdk.services.cloudwatch.model.CloudWatchException e) {
            if (e.statusCode() != 403) {
                throw e;
            }
            // A role from before this read: the endpoint's hop goes unmeasured (named so), the rest is still proven.
            unlisted = "cloudwatch:ListMetrics refused (" + e.awsErrorDetails().errorCode() + "): Gateway Load Balancer "
                    + "endpoint targets are not measured; update the stack or grant it";
            return java.util.Optional.empty();
        }
    }

    /** Why endpoint targets went unmeasured, when ListMetrics was refused. */
    public java.util.Optional<String> unlisted() {
        return java.util.Optional.ofNullable(unlisted);
    }

    /** ListMetrics calls made so far (one per Gateway Load Balancer endpoint target). */
    public int listCalls() {
        return listCalls;
    }

    /** GetMetricData calls made so far. */
    public int calls() {
        return calls;
    }

    /** Metric queries sent so far (CloudWatch bills per metric requested). */
    public int queries() {
        return queries;
    }

    private static MetricDataQuery query(String id, String namespace, String metric, String dimension, String value) {
        return MetricDataQuery.builder().id(id).returnData(true).metricStat(MetricStat.builder().period(PERIOD_SECONDS).stat("Sum")
                .metric(Metric.builder().namespace(namespace).metricName(metric)
                        .dimensions(Dimension.builder().name(dimension).value(value).build()).build()).build()).build();
    }
}
