package dev.mirrorpilot.simulator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorpilot.simulator.model.InstanceState;
import dev.mirrorpilot.simulator.model.NetworkInterface;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.Simulator;
import dev.mirrorpilot.simulator.faults.Faults;
import dev.mirrorpilot.simulator.faults.Throttling;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The simulator's own API under {@code /_sim/} (JSON): drive what AWS does by itself (launch,
 * stop, start and terminate instances, attach, detach and delete ENIs, a session or a target
 * deleted behind MirrorPilot's back), inject faults and throttling, read call counters, reset.
 * simulator/README.md documents every route.
 */
public final class ControlApi {
    /** A reply: status and JSON body. */
    public record Reply(int status, byte[] body) {
    }

    private final Simulator simulator;
    private final ObjectMapper json = new ObjectMapper();

    public ControlApi(Simulator simulator) {
        this.simulator = simulator;
    }

    public Reply handle(String method, String path, byte[] rawBody) {
        try {
            var body = rawBody.length == 0 ? json.createObjectNode() : json.readTree(rawBody);
            return ok(route(method, path.replaceAll("/+$", ""), body));
        } catch (AwsError e) {
            return error(e.status() == 400 && e.code().endsWith("NotFound") ? 404 : e.status(), e.code() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        } catch (IOException e) {
            return error(400, "body is not valid JSON: " + e.getMessage());
        }
    }

    private JsonNode route(String method, String path, JsonNode body) throws IOException {
        var parts = path.split("/"); // "", "_sim", resource, id, verb
        var resource = parts.length > 2 ? parts[2] : "";
        var id = parts.length > 3 ? parts[3] : null;
        var verb = parts.length > 4 ? parts[4] : null;
        var state = simulator.state();
        switch (method + " " + resource) {
            case "GET health":
                return json.createObjectNode().put("status", "ok").put("endpoint", simulator.endpoint().toString());
            case "POST reset":
                simulator.reset();
                return json.createObjectNode().put("reset", true);
            case "GET calls":
                return calls();
            case "DELETE calls":
                simulator.calls().reset();
                return calls();
            case "GET inventory":
                // The inventory file format belongs to MirrorPilot: whoever seeded the simulator says how to write it.
                var written = simulator.inventoryJson();
                if (written.isEmpty()) {
                    throw new IllegalArgumentException("this simulator was not started with an inventory format");
                }
                return json.readTree(written.get());
            case "GET findings":
                var list = json.createArrayNode();
                simulator.securityHub().all().forEach(list::add);
                return list;
            case "POST instances":
                if (id == null) {
                    return launch(body);
                }
                return instanceVerb(id, verb, body);
            case "POST network-interfaces":
                if ("detach".equals(verb)) {
                    return eni(state.detach(id));
                }
                break;
            case "DELETE network-interfaces":
                var deleted = json.createObjectNode().put("networkInterfaceId", id);
                var sessions = deleted.putArray("deletedSessions");
                state.deleteEni(id).forEach(sessions::add);
                return deleted;
            case "DELETE sessions":
                state.deleteSession(id, false);
                return json.createObjectNode().put("deleted", id);
            case "DELETE targets":
                state.deleteTarget(id);
                return json.createObjectNode().put("deleted", id);
            case "GET faults":
                return json.valueToTree(simulator.faults().snapshot());
            case "PUT faults":
                return setFaults(body);
            case "DELETE faults":
                simulator.faults().clear();
                return json.createObjectNode().put("cleared", true);
            case "PUT throttling":
                simulator.throttling().configure(body.path("enabled").asBoolean(true), body.path("timeScale").asDouble(1.0));
                return throttlingState();
            case "GET throttling":
                return throttlingState();
            case "POST throttling":
                if ("consume".equals(id)) {
                    var bucket = Throttling.Bucket.valueOf(body.path("bucket").asText("MUTATING").toUpperCase(Locale.ROOT));
                    simulator.throttling().consume(bucket, body.path("tokens").asInt(1));
                    return throttlingState();
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException("no control route " + method + " " + path + "; see simulator/README.md");
    }

    private JsonNode launch(JsonNode body) {
        var type = text(body, "instanceType");
        var subnet = text(body, "subnetId");
        var tags = new TreeMap<String, String>();
        body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        var secondary = new ArrayList<Boolean>();
        body.path("secondaryEnis").forEach(n -> secondary.add(n.path("deleteOnTermination").asBoolean(false)));
        var instance = simulator.state().launch(type, subnet, new Tags(tags), secondary, System.nanoTime());
        return instance(instance.id());
    }

    private JsonNode instanceVerb(String id, String verb, JsonNode body) {
        var state = simulator.state();
        switch (verb == null ? "" : verb) {
            case "terminate" -> state.terminate(id);
            case "stop" -> state.setState(id, InstanceState.STOPPED);
            case "start" -> state.setState(id, InstanceState.RUNNING);
            case "attach" -> {
                var eniId = body.hasNonNull("networkInterfaceId") ? body.get("networkInterfaceId").asText() : null;
                return eni(state.attach(id, eniId, body.path("deleteOnTermination").asBoolean(false)));
            }
            default -> throw new IllegalArgumentException("unknown instance action '" + verb
                    + "'; expected terminate, stop, start or attach");
        }
        return instance(id);
    }

    private ObjectNode instance(String id) {
        var instance = simulator.state().requireInstance(id);
        var node = json.createObjectNode().put("instanceId", id).put("state", instance.state().awsName())
                .put("vpcId", instance.vpcId()).put("subnetId", instance.subnetId());
        var enis = node.putArray("networkInterfaceIds");
        simulator.state().interfacesOf(id).forEach(e -> enis.add(e.id()));
        return node;
    }

    private ObjectNode eni(NetworkInterface eni) {
        var node = json.createObjectNode().put("networkInterfaceId", eni.id());
        eni.attachment().ifPresent(a -> node.put("instanceId", a.instanceId()).put("deviceIndex", a.deviceIndex())
                .put("deleteOnTermination", a.deleteOnTermination()));
        return node;
    }

    private JsonNode setFaults(JsonNode body) {
        var faults = simulator.faults();
        body.path("actions").fields().forEachRemaining(e -> {
            var f = e.getValue();
            faults.set(e.getKey(), new Faults.ActionFaults(f.path("throttleNext").asInt(0), f.path("throttleRate").asDouble(0),
                    f.path("errorRate").asDouble(0), f.path("errorStatus").asInt(503), f.path("latencyMillis").asInt(0)));
        });
        if (body.has("invisibleSeconds")) {
            faults.invisibleSeconds(body.get("invisibleSeconds").asDouble());
        }
        if (body.has("sessionLagSeconds")) {
            faults.sessionLagSeconds(body.get("sessionLagSeconds").asDouble());
        }
        return json.createObjectNode().put("invisibleSeconds", faults.invisibleSeconds())
                .put("sessionLagSeconds", faults.sessionLagSeconds())
                .set("actions", json.valueToTree(faults.snapshot()));
    }

    private JsonNode calls() {
        var counters = simulator.calls();
        var node = json.createObjectNode();
        node.set("calls", json.valueToTree(counters.calls()));
        node.set("throttled", json.valueToTree(counters.throttled()));
        node.set("injectedErrors", json.valueToTree(counters.injectedErrors()));
        node.put("total", counters.totalCalls());
        return node;
    }

    private JsonNode throttlingState() {
        return json.createObjectNode().put("enabled", simulator.throttling().enabled())
                .put("timeScale", simulator.throttling().timeScale());
    }

    private static String text(JsonNode body, String field) {
        var value = body.path(field).asText("");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("'" + field + "' is required");
        }
        return value;
    }

    private Reply ok(JsonNode body) throws IOException {
        return new Reply(200, json.writeValueAsBytes(body));
    }

    private Reply error(int status, String message) {
        try {
            return new Reply(status, json.writeValueAsBytes(json.createObjectNode().put("error", message)));
        } catch (IOException e) {
            return new Reply(status, ("{\"error\":\"" + status + "\"}").getBytes(StandardCharsets.UTF_8));
        }
    }
}
