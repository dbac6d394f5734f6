package dev.mirrorpilot.simulator.cloudtrail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What a trail recording management events would deliver to EventBridge for the simulator's own
 * EC2 mutations ({@code AWS API Call via CloudTrail}, source {@code aws.ec2}), so tests can replay a
 * change exactly as AWS would announce it. The caller comes from the request's access key: the key
 * {@code local}, which MirrorPilot's clients use against the simulator, is an assumed role named
 * {@code mirrorpilot-local}; any other key is an IAM user of that name, unless a test names it.
 * Traffic-mirroring calls carry their parameters inside {@code <Call>Request} (PascalCase, as the
 * Query API names them); tag calls use CloudTrail's older {@code resourcesSet}/{@code tagSet} shape.
 */
public final class CloudTrailEvents {
    /** The role the simulator says MirrorPilot's own calls come from. */
    public static final String LOCAL_ROLE = "mirrorpilot-local";
    static final Set<String> RECORDED = Set.of("CreateTrafficMirrorSession", "ModifyTrafficMirrorSession",
            "DeleteTrafficMirrorSession", "DeleteTrafficMirrorTarget", "CreateTags", "DeleteTags");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String account;
    private final String region;
    private final List<String> events = new ArrayList<>();
    private final Map<String, ObjectNode> principals = new HashMap<>();

    public CloudTrailEvents(String account, String region) {
        this.account = account;
        this.region = region;
    }

    /** Calls made with {@code accessKeyId} come from this assumed role (its role ARN), as MirrorPilot's deployed roles do. */
    public synchronized void assumedRole(String accessKeyId, String roleName) {
        var role = "arn:aws:iam::" + account + ":role/" + roleName;
        var identity = JSON.createObjectNode().put("type", "AssumedRole").put("principalId", "AROASIMULATED:" + accessKeyId)
                .put("arn", "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + accessKeyId).put("accountId", account);
        identity.putObject("sessionContext").putObject("sessionIssuer").put("type", "Role").put("arn", role)
                .put("accountId", account).put("userName", roleName);
        principals.put(accessKeyId, identity);
    }

    /** Records a successful mutating call (others are ignored). */
    public synchronized void record(QueryRequest request, String accessKeyId, Instant at) {
        var call = request.action();
        if (!RECORDED.contains(call)) {
            return;
        }
        var detail = JSON.createObjectNode();
        detail.put("eventVersion", "1.09").set("userIdentity", identity(accessKeyId));
        detail.put("eventTime", at.toString()).put("eventSource", "ec2.amazonaws.com").put("eventName", call)
                .put("awsRegion", region).put("sourceIPAddress", "127.0.0.1").put("userAgent", "simulator");
        detail.set("requestParameters", parameters(request));
        detail.putNull("responseElements");
        detail.put("requestID", UUID.randomUUID().toString()).put("eventID", UUID.randomUUID().toString())
                .put("readOnly", false).put("eventType", "AwsApiCall").put("managementEvent", true)
                .put("recipientAccountId", account).put("eventCategory", "Management");
        var event = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", "AWS API Call via CloudTrail").put("source", "aws.ec2").put("account", account)
                .put("time", at.toString()).put("region", region);
        event.putArray("resources");
        event.set("detail", detail);
        events.add(event.toString());
    }

    /** Every recorded event, oldest first, as EventBridge delivers it. */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    /** The recorded events of one call. */
    public synchronized List<String> events(String call) {
        return events.stream().filter(e -> e.contains("\"eventName\":\"" + call + "\"")).toList();
    }

    public synchronized void reset() {
        events.clear();
    }

    private ObjectNode identity(String accessKeyId) {
        if (principals.containsKey(accessKeyId)) {
            return principals.get(accessKeyId).deepCopy();
        }
        if (accessKeyId.equals("local")) {
            assumedRole("local", LOCAL_ROLE);
            return principals.get("local").deepCopy();
        }
        return JSON.createObjectNode().put("type", "IAMUser").put("principalId", "AIDASIMULATED" + accessKeyId)
                .put("arn", "arn:aws:iam::" + account + ":user/" + accessKeyId).put("accountId", account)
                .put("accessKeyId", accessKeyId).put("userName", accessKeyId);
    }

    private static ObjectNode parameters(QueryRequest request) {
        var call = request.action();
        var parameters = JSON.createObjectNode();
        if (call.equals("CreateTags") || call.equals("DeleteTags")) {
            var resources = parameters.putObject("resourcesSet").putArray("items");
            request.list("ResourceId").forEach(id -> resources.addObject().put("resourceId", id));
            var tags = request.tags("Tag");
            if (!tags.isEmpty()) {
                var items = parameters.putObject("tagSet").putArray("items");
                tags.forEach((k, v) -> {
                    var item = items.addObject().put("key", k);
                    if (v != null) {
                        item.put("value", v);
                    }
                });
            }
            return parameters;
        }
        var inner = parameters.putObject(call + "Request");
        for (var name : List.of("TrafficMirrorSessionId", "TrafficMirrorTargetId", "TrafficMirrorFilterId", "NetworkInterfaceId",
                "Description")) {
            request.string(name).ifPresent(v -> inner.put(name, v));
        }
        request.integer("SessionNumber").ifPresent(n -> inner.put("SessionNumber", n));
        return parameters;
    }
}
