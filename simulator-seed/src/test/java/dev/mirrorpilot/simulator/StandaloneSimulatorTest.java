package dev.mirrorpilot.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The simulator as its own process, as the demo and other tools start it: the endpoint URL is the
 * first line of stdout, and the control API drives launches, terminations and faults over HTTP.
 */
class StandaloneSimulatorTest {
    static Process process;
    static URI endpoint;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startProcess() throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.mirrorpilot.simulator.seed.SimulatorMain", "--inventory", "../events/sample-inventory.json", "--port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        endpoint = URI.create(stdout.readLine());
    }

    @AfterAll
    static void stopProcess() throws Exception {
        process.destroy();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("simulator stops on SIGTERM").isTrue();
    }

    static JsonNode call(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(endpoint.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        var json = JSON.readTree(response.body());
        return JSON.createObjectNode().put("status", response.statusCode()).set("body", json);
    }

    @Test
    void firstLineOfStdoutIsALoopbackEndpoint() throws Exception {
        assertThat(endpoint.toString()).matches("http://127\\.0\\.0\\.1:\\d+");
        assertThat(call("GET", "/_sim/health", null).at("/body/status").asText()).isEqualTo("ok");
    }

    @Test
    void controlApiLaunchesAndTerminatesInstancesThatTheEc2ApiThenShows() throws Exception {
        var subnet = Ec2ConformanceTest.SAMPLE.subnets().get(0).id();
        var launched = call("POST", "/_sim/instances",
                "{\"instanceType\":\"m5.large\",\"subnetId\":\"" + subnet + "\",\"tags\":{\"Name\":\"new\"},"
                        + "\"secondaryEnis\":[{\"deleteOnTermination\":false}]}").get("body");
        var id = launched.get("instanceId").asText();

        try (var ec2 = Clients.ec2(endpoint)) {
            var running = ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
            call("POST", "/_sim/instances/" + id + "/terminate", null);
            var terminated = ec2.describeInstances(b -> b.instanceIds(id)).reservations().get(0).instances().get(0);
            var survivors = ec2.describeNetworkInterfaces(b -> b.filters(Filter.builder().name("status")
                    .values("available").build())).networkInterfaces();

            assertThat(running.state().nameAsString()).isEqualTo("running");
            assertThat(running.networkInterfaces()).hasSize(2);
            assertThat(terminated.state().nameAsString()).isEqualTo("terminated");
            assertThat(survivors).extracting(n -> n.networkInterfaceId()).contains(launched.at("/networkInterfaceIds/1").asText());
        }
    }

    @Test
    void callCountersFaultsAndErrorsAreReachable() throws Exception {
        call("DELETE", "/_sim/calls", null);
        var faults = call("PUT", "/_sim/faults", "{\"actions\":{\"DescribeVpcs\":{\"throttleNext\":1}},\"invisibleSeconds\":2}");
        try (var ec2 = Clients.ec2(endpoint)) {
            ec2.describeVpcs(b -> { });
        }
        var calls = call("GET", "/_sim/calls", null).get("body");
        var unknownRoute = call("GET", "/_sim/nothing", null);
        var missingInstance = call("POST", "/_sim/instances/i-0000000000000dead/terminate", null);
        call("DELETE", "/_sim/faults", null);

        assertThat(faults.at("/body/invisibleSeconds").asDouble()).isEqualTo(2.0);
        assertThat(calls.at("/calls/DescribeVpcs").asInt()).isEqualTo(2);
        assertThat(calls.at("/throttled/DescribeVpcs").asInt()).isEqualTo(1);
        assertThat(unknownRoute.get("status").asInt()).isEqualTo(400);
        assertThat(unknownRoute.at("/body/error").asText()).contains("no control route");
        assertThat(missingInstance.get("status").asInt()).isEqualTo(404);
        assertThat(missingInstance.at("/body/error").asText()).contains("InvalidInstanceID.NotFound");
    }

    @Test
    void inventorySnapshotIsTheInventoryFormat() throws Exception {
        var snapshot = call("GET", "/_sim/inventory", null).get("body");

        var parsed = dev.mirrorpilot.inventory.InventoryFile.parse(snapshot.toString(), "snapshot");
        assertThat(parsed.workloads()).hasSizeGreaterThanOrEqualTo(Ec2ConformanceTest.SAMPLE.workloads().size());
        assertThat(List.copyOf(parsed.targets())).isEqualTo(Ec2ConformanceTest.SAMPLE.targets());
    }
}
