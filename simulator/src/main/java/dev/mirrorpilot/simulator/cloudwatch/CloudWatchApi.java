package dev.mirrorpilot.simulator.cloudwatch;

import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.ec2.Xml;
import dev.mirrorpilot.simulator.state.AccountState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * CloudWatch {@code GetMetricData} and {@code ListMetrics} (AWS Query protocol, version 2010-08-01)
 * over synthetic traffic: namespace {@code AWS/EC2}, dimension {@code InstanceId}, the metrics
 * {@code NetworkIn}, {@code NetworkOut}, {@code NetworkMirrorIn}, {@code NetworkMirrorOut} (only while a
 * session mirrors the instance), {@code NetworkSkipMirrorIn}, {@code NetworkSkipMirrorOut}, in bytes
 * per period; {@code AWS/NetworkELB ProcessedBytes} per {@code LoadBalancer}; and
 * {@code AWS/PrivateLinkEndpoints BytesProcessed} per Gateway Load Balancer endpoint, whose dimensions
 * ({@code Endpoint Type, Service Name, VPC Endpoint Id, VPC Id}, and the same with {@code Subnet Id})
 * must all be given, as CloudWatch identifies a metric by all of them: {@code ListMetrics} tells them.
 * Each instance's bytes follow its typical throughput ({@link AccountState#trafficGbps}), varying
 * from period to period by a factor of 0.5 to 1.5 that is the same for the same instance and time.
 * At most 500 queries per call, as CloudWatch allows.
 */
public final class CloudWatchApi {
    public static final String VERSION = "2010-08-01";
    private static final String NAMESPACE = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    static final int MAX_QUERIES = 500;
    private static final Set<String> METRICS = Set.of("NetworkIn", "NetworkOut", "NetworkMirrorIn", "NetworkMirrorOut",
            "NetworkSkipMirrorIn", "NetworkSkipMirrorOut");
    private static final String ENDPOINTS = "AWS/PrivateLinkEndpoints";
    private static final List<String> ENDPOINT_DIMENSIONS = List.of("Endpoint Type", "Service Name", "VPC Endpoint Id", "VPC Id");
    private final AccountState state;
    private final dev.mirrorpilot.simulator.faults.DeliveryFaults faults;

    public CloudWatchApi(AccountState state, dev.mirrorpilot.simulator.faults.DeliveryFaults faults) {
        this.state = state;
        this.faults = faults;
    }

    public String handle(QueryRequest request, String requestId) {
        if (request.action().equals("ListMetrics")) {
            return listMetrics(request, requestId);
        }
        if (!request.action().equals("GetMetricData")) {
            throw AwsError.badRequest("InvalidAction", "The action " + request.action() + " is not valid for this web service.");
        }
        var start = time(request, "StartTime");
        var end = time(request, "EndTime");
        if (!end.isAfter(start)) {
            throw AwsError.badRequest("ValidationError", "The parameter EndTime must be greater than StartTime.");
        }
        var xml = new Xml().openRoot("GetMetricDataResponse", NAMESPACE).open("GetMetricDataResult").open("MetricDataResults");
        int queries = 0;
        for (int n = 1; request.has("MetricDataQueries.member." + n + ".Id"); n++) {
            if (++queries > MAX_QUERIES) {
                throw AwsError.badRequest("ValidationError",
                        "The collection MetricDataQueries must not have a size greater than " + MAX_QUERIES + ".");
            }
            result(request, "MetricDataQueries.member." + n + ".", start, end, xml);
        }
        return xml.close("MetricDataResults").close("GetMetricDataResult").open("ResponseMetadata")
                .element("RequestId", requestId).close("ResponseMetadata").close("GetMetricDataResponse").toString();
    }

    private void result(QueryRequest request, String prefix, Instant start, Instant end, Xml xml) {
        var id = request.required(prefix + "Id");
        var stat = prefix + "MetricStat.";
        var namespace = request.string(stat + "Metric.Namespace").orElse("");
        var metric = request.string(stat + "Metric.MetricName").orElse("");
        int period = request.integer(stat + "Period").orElseThrow(() -> AwsError.missingParameter(stat + "Period"));
        if (period < 60 || period % 60 != 0) {
            throw AwsError.badRequest("ValidationError", "The parameter Period must be a multiple of 60.");
        }
        var dimensions = dimensions(request, stat + "Metric.Dimensions.member.");
        var dimension = dimensions.size() == 1 ? dimensions.values().iterator().next() : "";
        xml.open("member").element("Id", id).element("Label", metric).open("Timestamps");
        var values = new ArrayList<Double>();
        java.util.function.LongFunction<Double> value = null;
        if (namespace.equals("AWS/EC2") && METRICS.contains(metric) && dimensions.containsKey("InstanceId") && instanceKnown(dimension)) {
            boolean mirrorMetric = metric.startsWith("NetworkMirror") || metric.startsWith("NetworkSkip");
            // Mirror metrics exist only while a session mirrors into a target that still exists (AWS stops otherwise).
            if (!mirrorMetric || delivering(dimension)) {
                double gbps = state.trafficGbps(dimension);
                double skip = faults.skippedShare(dimension);
                value = t -> {
                    double base = bytes(dimension, gbps, t, period, metric);
                    double own = metric.startsWith("NetworkSkip") ? base * skip : metric.startsWith("NetworkMirror") ? base * (1 - skip) : base;
                    return metric.equals("NetworkIn") ? own + receivedBySensor(dimension, t, period) : own;
                };
            }
        } else if (namespace.equals(ENDPOINTS) && metric.equals("BytesProcessed")) {
            var endpoint = endpointNamed(dimensions);
            if (endpoint.isPresent()) {
                var targets = gatewayTargetsOf(endpoint.get().id());
                value = t -> mirroredInto(targets, t, period);
            }
        } else if (namespace.equals("AWS/NetworkELB") && metric.equals("ProcessedBytes") && dimensions.containsKey("LoadBalancer")) {
            var targets = state.targets().stream().filter(x -> x.kind() == dev.mirrorpilot.simulator.model.TargetKind.NETWORK_LOAD_BALANCER
                    && x.resourceId().endsWith("loadbalancer/" + dimension)).map(x -> x.id()).collect(java.util.stream.Collectors.toSet());
            if (!targets.isEmpty()) {
                value = t -> mirroredInto(targets, t, period);
            }
        }
        if (value != null) {
            // Newest first, as CloudWatch returns them by default.
            for (long t = end.getEpochSecond() / period * period - period; t >= start.getEpochSecond(); t -= period) {
                xml.element("member", Instant.ofEpochSecond(t).toString());
                values.add(value.apply(t));
            }
        }
        xml.close("Timestamps").open("Values");
        values.forEach(v -> xml.element("member", String.format(Locale.ROOT, "%.1f", v)));
        xml.close("Values").element("StatusCode", "Complete").close("member");
    }

    /** Whether one of the instance's ENIs has a session into a target that exists. */
    private boolean delivering(String instanceId) {
        var enis = state.interfacesOf(instanceId).stream().map(e -> e.id()).collect(java.util.stream.Collectors.toSet());
        var targets = state.targets().stream().map(x -> x.id()).collect(java.util.stream.Collectors.toSet());
        return state.sessions().stream().anyMatch(s -> enis.contains(s.sourceEniId()) && targets.contains(s.targetId()));
    }

    /** What arrives at a Sensor instance's ENI targets in one period: its sources' mirrored bytes, unless a fault drops them. */
    private double receivedBySensor(String instanceId, long time, int period) {
        var enis = state.interfacesOf(instanceId).stream().map(e -> e.id()).collect(java.util.stream.Collectors.toSet());
        var targets = state.targets().stream().filter(x -> x.kind() == dev.mirrorpilot.simulator.model.TargetKind.NETWORK_INTERFACE
                && enis.contains(x.resourceId())).map(x -> x.id()).collect(java.util.stream.Collectors.toSet());
        return targets.isEmpty() ? 0 : mirroredInto(targets, time, period);
    }

    /** The mirrored bytes (both directions) of every source instance with a session on these targets, once per instance and target. */
    private double mirroredInto(java.util.Set<String> targets, long time, int period) {
        var owner = new java.util.HashMap<String, String>();
        var enis = new java.util.HashMap<String, dev.mirrorpilot.simulator.model.NetworkInterface>();
        state.networkInterfaces().forEach(e -> {
            enis.put(e.id(), e);
            e.attachment().ifPresent(a -> owner.put(e.id(), a.instanceId()));
        });
        var targetEni = new java.util.HashMap<String, String>();
        state.targets().forEach(x -> x.networkInterfaceId().ifPresent(id -> targetEni.put(x.id(), id)));
        var nodesOfTarget = receivers(enis.values());
        var pairs = new java.util.TreeSet<String>();
        double total = 0;
        for (var session : state.sessions()) {
            var instance = owner.get(session.sourceEniId());
            if (instance == null || !targets.contains(session.targetId()) || faults.drops(session.targetId())
                    || blockedByAcls(enis.get(session.sourceEniId()), enis.get(targetEni.get(session.targetId())))
                    || blockedBeforeEveryReceiver(enis.get(session.sourceEniId()), nodesOfTarget.get(session.targetId()))
                    || !pairs.add(instance + "|" + session.targetId())) {
                continue;
            }
            double gbps = state.trafficGbps(instance);
            // What is skipped at the source never leaves it; what passes a truncating Sensor's MTU is cut off there.
            double kept = (1 - faults.skippedShare(instance)) * faults.arrivingShare(session.targetId(), session.packetLength());
            total += kept * (bytes(instance, gbps, time, period, "NetworkMirrorIn") + bytes(instance, gbps, time, period, "NetworkMirrorOut"));
        }
        return total;
    }

    /** VXLAN (UDP 4789) leaves the source's subnet and enters the target ENI's subnet: each network ACL must let it. */
    private boolean blockedByAcls(dev.mirrorpilot.simulator.model.NetworkInterface source, dev.mirrorpilot.simulator.model.NetworkInterface target) {
        if (source == null || target == null || source.privateIpAddress().isEmpty() || target.privateIpAddress().isEmpty()) {
            return false; // an NLB or endpoint target: its subnets' ACLs are not modelled
        }
        var acls = state.networkAcls();
        return !acls.admitsUdp(source.subnetId(), true, target.privateIpAddress(), 4789)
                || !acls.admitsUdp(target.subnetId(), false, source.privateIpAddress(), 4789);
    }

    /**
     * Where a load balancer target's packets are sent: an NLB's nodes (the ENIs EC2 describes as "ELB net/<name>/<id>"),
     * a Gateway Load Balancer endpoint's ENIs. The NLB or endpoint counts a packet (ProcessedBytes, BytesProcessed)
     * once it has left the source's subnet and entered the receiving ENI's.
     */
    private java.util.Map<String, java.util.List<dev.mirrorpilot.simulator.model.NetworkInterface>> receivers(
            java.util.Collection<dev.mirrorpilot.simulator.model.NetworkInterface> enis) {
        var byArn = new java.util.HashMap<String, java.util.List<dev.mirrorpilot.simulator.model.NetworkInterface>>();
        for (var lb : state.loadBalancers()) {
            byArn.put(lb.arn(), enis.stream().filter(e -> e.description().equals("ELB " + lb.name())
                    && !e.privateIpAddress().isEmpty()).toList());
        }
        var out = new java.util.HashMap<String, java.util.List<dev.mirrorpilot.simulator.model.NetworkInterface>>();
        state.targets().stream().filter(x -> x.kind() == dev.mirrorpilot.simulator.model.TargetKind.NETWORK_LOAD_BALANCER)
                .forEach(x -> out.put(x.id(), byArn.getOrDefault(x.resourceId(), java.util.List.of())));
        for (var endpoint : state.vpcEndpoints()) {
            var own = enis.stream().filter(e -> endpoint.networkInterfaceIds().contains(e.id()) && !e.privateIpAddress().isEmpty()).toList();
            gatewayTargetsOf(endpoint.id()).forEach(target -> out.put(target, own));
        }
        return out;
    }

    /** No receiver of the target gets the packets: every one is denied out of the source's subnet or into its own (stateless ACLs). */
    private boolean blockedBeforeEveryReceiver(dev.mirrorpilot.simulator.model.NetworkInterface source,
                                        java.util.List<dev.mirrorpilot.simulator.model.NetworkInterface> nodes) {
        if (source == null || nodes == null || nodes.isEmpty() || source.privateIpAddress().isEmpty()) {
            return false;
        }
        var acls = state.networkAcls();
        return nodes.stream().noneMatch(node -> acls.admitsUdp(source.subnetId(), true, node.privateIpAddress(), 4789)
                && acls.admitsUdp(node.subnetId(), false, source.privateIpAddress(), 4789));
    }

    /** The Gateway Load Balancer endpoint whose full dimension set this is (with or without its subnet), if any. */
    private java.util.Optional<dev.mirrorpilot.simulator.model.VpcEndpoint> endpointNamed(java.util.Map<String, String> dimensions) {
        return state.vpcEndpoints().stream().filter(e -> {
            var own = endpointDimensions(e, java.util.Optional.empty());
            if (dimensions.equals(own)) {
                return true;
            }
            return state.subnetsOf(e).stream().anyMatch(subnet -> dimensions.equals(endpointDimensions(e, java.util.Optional.of(subnet))));
        }).findFirst();
    }

    private java.util.Map<String, String> endpointDimensions(dev.mirrorpilot.simulator.model.VpcEndpoint endpoint,
                                                             java.util.Optional<String> subnet) {
        var out = new java.util.TreeMap<String, String>();
        out.put(ENDPOINT_DIMENSIONS.get(0), endpoint.type());
        out.put(ENDPOINT_DIMENSIONS.get(1), endpoint.serviceName(state.region()));
        out.put(ENDPOINT_DIMENSIONS.get(2), endpoint.id());
        out.put(ENDPOINT_DIMENSIONS.get(3), endpoint.vpcId());
        subnet.ifPresent(s -> out.put("Subnet Id", s));
        return out;
    }

    private java.util.Set<String> gatewayTargetsOf(String endpointId) {
        return state.targets().stream().filter(x -> x.kind() == dev.mirrorpilot.simulator.model.TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT
                && x.resourceId().equals(endpointId)).map(x -> x.id()).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * The metrics that had data points lately, filtered by namespace, name and dimensions (a dimension without a value
     * matches any). Listed: each Gateway Load Balancer endpoint's {@code BytesProcessed}, once a session mirrors into it,
     * per endpoint and per endpoint and subnet. One page: fewer metrics than CloudWatch's page of 500.
     */
    private String listMetrics(QueryRequest request, String requestId) {
        var namespace = request.string("Namespace");
        var metric = request.string("MetricName");
        var wanted = new java.util.HashMap<String, java.util.Optional<String>>();
        for (int n = 1; request.has("Dimensions.member." + n + ".Name"); n++) {
            wanted.put(request.string("Dimensions.member." + n + ".Name").orElse(""), request.string("Dimensions.member." + n + ".Value"));
        }
        var xml = new Xml().openRoot("ListMetricsResponse", NAMESPACE).open("ListMetricsResult").open("Metrics");
        var mirrored = state.sessions().stream().map(s -> s.targetId()).collect(java.util.stream.Collectors.toSet());
        for (var endpoint : state.vpcEndpoints()) {
            if (gatewayTargetsOf(endpoint.id()).stream().noneMatch(mirrored::contains)
                    || namespace.filter(n -> !n.equals(ENDPOINTS)).isPresent()
                    || metric.filter(m -> !m.equals("BytesProcessed")).isPresent()) {
                continue;
            }
            var sets = new ArrayList<java.util.Map<String, String>>();
            sets.add(endpointDimensions(endpoint, java.util.Optional.empty()));
            state.subnetsOf(endpoint).forEach(subnet -> sets.add(endpointDimensions(endpoint, java.util.Optional.of(subnet))));
            for (var set : sets) {
                boolean matches = wanted.entrySet().stream().allMatch(w -> set.containsKey(w.getKey())
                        && w.getValue().map(v -> v.equals(set.get(w.getKey()))).orElse(true));
                if (matches) {
                    xml.open("member").element("Namespace", ENDPOINTS).element("MetricName", "BytesProcessed").open("Dimensions");
                    set.forEach((name, value) -> xml.open("member").element("Name", name).element("Value", value).close("member"));
                    xml.close("Dimensions").close("member");
                }
            }
        }
        return xml.close("Metrics").close("ListMetricsResult").open("ResponseMetadata").element("RequestId", requestId)
                .close("ResponseMetadata").close("ListMetricsResponse").toString();
    }

    private static java.util.Map<String, String> dimensions(QueryRequest request, String prefix) {
        var out = new java.util.TreeMap<String, String>();
        for (int n = 1; request.has(prefix + n + ".Name") || request.has(prefix + n + ".Value"); n++) {
            out.put(request.string(prefix + n + ".Name").orElse(""), request.string(prefix + n + ".Value").orElse(""));
        }
        return out;
    }

    private boolean instanceKnown(String instanceId) {
        try {
            state.requireInstance(instanceId);
            return true;
        } catch (AwsError e) {
            return false;
        }
    }

    /** Half the throughput each way, over the period, times a variation fixed by instance and time. */
    private static double bytes(String instance, double gbps, long time, int period, String metric) {
        double variation = 0.5 + new Random(instance.hashCode() * 31L + time + (metric.endsWith("Out") ? 7 : 0)).nextDouble();
        return gbps / 2 * 1e9 / 8 * period * variation;
    }

    private static Instant time(QueryRequest request, String name) {
        var text = request.string(name).orElseThrow(() -> AwsError.missingParameter(name));
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw AwsError.badRequest("ValidationError", "The parameter " + name + " is not a valid timestamp: " + text);
        }
    }
}
