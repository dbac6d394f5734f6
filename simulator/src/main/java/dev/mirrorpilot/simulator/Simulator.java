package dev.mirrorpilot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mirrorpilot.simulator.model.Seed;
import dev.mirrorpilot.simulator.control.ControlApi;
import dev.mirrorpilot.simulator.ec2.Ec2Api;
import dev.mirrorpilot.simulator.events.EventsApi;
import dev.mirrorpilot.simulator.lambda.LambdaApi;
import dev.mirrorpilot.simulator.secrets.SecretsApi;
import dev.mirrorpilot.simulator.ssm.ParametersApi;
import dev.mirrorpilot.simulator.sqs.SqsApi;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.cloudwatch.CloudWatchApi;
import dev.mirrorpilot.simulator.elb.ElbApi;
import dev.mirrorpilot.simulator.sts.StsApi;
import dev.mirrorpilot.simulator.faults.Faults;
import dev.mirrorpilot.simulator.faults.Throttling;
import dev.mirrorpilot.simulator.logs.LogsApi;
import dev.mirrorpilot.simulator.securityhub.SecurityHubApi;
import dev.mirrorpilot.simulator.state.AccountState;
import dev.mirrorpilot.simulator.state.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local AWS account on a loopback port. One endpoint serves the EC2 Query API, CloudWatch Logs
 * (JSON 1.1) and Security Hub (REST-JSON), told apart by the request, plus a control API under
 * {@code /_sim/}. Real SDK clients reach it through {@code AWS_ENDPOINT_URL} or
 * {@code endpointOverride}; signatures are not checked.
 */
public final class Simulator implements AutoCloseable {
    private static final String LOGS_TARGET = "Logs_20140328.";

    static {
        // Without TCP_NODELAY a small response waits for the client's delayed ACK: ~40 ms per call.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final AccountState state;
    private final Faults faults = new Faults();
    private final Throttling throttling = new Throttling();
    private final CallCounters counters = new CallCounters();
    private final Ec2Api ec2;
    private final dev.mirrorpilot.simulator.cloudtrail.CloudTrailEvents cloudTrail;
    private static final java.util.regex.Pattern ACCESS_KEY = java.util.regex.Pattern.compile("Credential=([^/,\\s]+)/");
    private final LogsApi logs;
    private final SecurityHubApi securityHub;
    private final ControlApi control;
    private final ElbApi elbApi;
    private final StsApi sts;
    private final CloudWatchApi cloudWatch;
    private final dev.mirrorpilot.simulator.autoscaling.AutoScalingApi autoScaling = new dev.mirrorpilot.simulator.autoscaling.AutoScalingApi();
    private final dev.mirrorpilot.simulator.faults.DeliveryFaults delivery = new dev.mirrorpilot.simulator.faults.DeliveryFaults();
    private final EventsApi events = new EventsApi();
    private final SecretsApi secrets;
    private final ParametersApi parameters;
    private final SqsApi sqs;
    private final LambdaApi lambda;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor;

    private Simulator(Seed inventory, int port, boolean throttle, double timeScale) throws IOException {
        this.state = new AccountState(inventory);
        this.ec2 = new Ec2Api(state, this::isVisible, () -> faults.sessionLagSeconds());
        this.cloudTrail = new dev.mirrorpilot.simulator.cloudtrail.CloudTrailEvents(inventory.accountId(), inventory.region());
        this.logs = new LogsApi(inventory.accountId(), inventory.region(), System::currentTimeMillis);
        this.securityHub = new SecurityHubApi(inventory.accountId(), inventory.region());
        this.control = new ControlApi(this);
        this.elbApi = new ElbApi(state);
        this.sts = new StsApi(state::accountId);
        this.cloudWatch = new CloudWatchApi(state, delivery);
        this.secrets = new SecretsApi(inventory.accountId(), inventory.region());
        this.parameters = new ParametersApi(inventory.accountId(), inventory.region());
        this.sqs = new SqsApi(inventory.accountId(), inventory.region(), System::currentTimeMillis);
        this.lambda = new LambdaApi(inventory.accountId(), inventory.region());
        this.throttling.configure(throttle, timeScale);
        if (port < 0) {
            // A member of an OrganizationSimulator: its front server hands it the requests.
            this.server = null;
            this.executor = null;
            return;
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        this.executor = Executors.newFixedThreadPool(32, r -> {
            var thread = new Thread(r, "simulator-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** An account and region served through an organization's front server, with no port of its own. */
    private volatile java.util.function.Function<Seed, String> inventoryWriter;

    /** How {@code GET /_sim/inventory} writes the account (the inventory file format is MirrorPilot's, not AWS's). */
    public void inventoryWriter(java.util.function.Function<Seed, String> writer) {
        this.inventoryWriter = writer;
    }

    /** The account now in the inventory format, when a writer was given. */
    public java.util.Optional<String> inventoryJson() {
        var writer = inventoryWriter;
        return writer == null ? java.util.Optional.empty() : java.util.Optional.of(writer.apply(state.snapshot()));
    }

    static Simulator member(Seed inventory, boolean throttle, double timeScale) {
        try {
            return new Simulator(inventory, -1, throttle, timeScale);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a simulator seeded with {@code inventory} on a free loopback port, throttling off. */
    public static Simulator start(Seed inventory) {
        return start(inventory, 0, false, 1.0);
    }

    public static Simulator start(Seed inventory, int port, boolean throttle, double timeScale) {
        try {
            return new Simulator(inventory, port, throttle, timeScale);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public AccountState state() {
        return state;
    }

    public Faults faults() {
        return faults;
    }

    public Throttling throttling() {
        return throttling;
    }

    public CallCounters calls() {
        return counters;
    }

    public SecurityHubApi securityHub() {
        return securityHub;
    }

    /** CloudWatch Logs: what was written. */
    public LogsApi logs() {
        return logs;
    }

    /** Secrets Manager: the secrets GetSecretValue answers with. */
    public SecretsApi secrets() {
        return secrets;
    }

    /** Systems Manager Parameter Store: the parameters GetParameter answers with (the stack's settings). */
    public ParametersApi parameters() {
        return parameters;
    }

    /** SQS: the queues (a dead-letter queue) and their messages. */
    public SqsApi sqs() {
        return sqs;
    }

    /** Lambda Invoke: the functions registered in process. */
    public LambdaApi lambda() {
        return lambda;
    }

    /** The events published on the default bus (EventBridge PutEvents). */
    /** Auto Scaling's launch lifecycle actions (CompleteLifecycleAction). */
    public dev.mirrorpilot.simulator.autoscaling.AutoScalingApi autoScaling() {
        return autoScaling;
    }

    /** Faults between a mirrored source and its Sensor, which CloudWatch's numbers then show. */
    public dev.mirrorpilot.simulator.faults.DeliveryFaults delivery() {
        return delivery;
    }

    /** The CloudTrail events EventBridge would deliver for the EC2 mutations made so far. */
    public dev.mirrorpilot.simulator.cloudtrail.CloudTrailEvents cloudTrail() {
        return cloudTrail;
    }

    public EventsApi events() {
        return events;
    }

    /** Back to the seed: state, logs, findings, faults, throttling buckets and counters. */
    public void reset() {
        state.reset();
        logs.reset();
        securityHub.reset();
        events.reset();
        secrets.reset();
        parameters.reset();
        sqs.reset();
        lambda.reset();
        cloudTrail.reset();
        delivery.clear();
        autoScaling.reset();
        faults.clear();
        throttling.reset();
        counters.reset();
    }

    private boolean isVisible(Instance instance) {
        double window = faults.invisibleSeconds();
        return instance.launchedAtNanos() == 0 || window <= 0
                || System.nanoTime() - instance.launchedAtNanos() >= (long) (window * 1e9);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        serve(exchange, exchange.getRequestBody().readAllBytes());
    }

    /** Answers a request whose body was read already (an organization's front server read it to route it). */
    void serve(HttpExchange exchange, byte[] body) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            var requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            if (path.startsWith("/_sim")) {
                var reply = control.handle(exchange.getRequestMethod(), path, body);
                respond(exchange, reply.status(), "application/json", reply.body());
                return;
            }
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (target != null && target.startsWith(LOGS_TARGET)) {
                var operation = target.substring(LOGS_TARGET.length());
                serveJson11(exchange, operation, body, "InternalFailure", "ServiceUnavailableException", r -> logs.handle(operation, r));
            } else if (target != null && target.startsWith(EventsApi.TARGET_PREFIX)) {
                var operation = target.substring(EventsApi.TARGET_PREFIX.length());
                serveJson11(exchange, operation, body, "InternalException", "ServiceUnavailableException",
                        r -> events.handle(operation, r));
            } else if (target != null && target.startsWith(SecretsApi.TARGET_PREFIX)) {
                var operation = target.substring(SecretsApi.TARGET_PREFIX.length());
                serveJson11(exchange, operation, body, "InternalServiceError", "ServiceUnavailable", r -> secrets.handle(operation, r));
            } else if (target != null && target.startsWith(ParametersApi.TARGET_PREFIX)) {
                var operation = target.substring(ParametersApi.TARGET_PREFIX.length());
                serveJson11(exchange, operation, body, "InternalServerError", "ThrottlingException", r -> parameters.handle(operation, r));
            } else if (target != null && target.startsWith(SqsApi.TARGET_PREFIX)) {
                serveSqs(exchange, target.substring(SqsApi.TARGET_PREFIX.length()), body);
            } else if (path.startsWith(LambdaApi.PATH_PREFIX) && path.endsWith("/invocations")) {
                serveLambda(exchange, path, body);
            } else if (path.startsWith(LambdaApi.PATH_PREFIX) && exchange.getRequestMethod().equals("GET")) {
                try {
                    admit("GetFunction", null, "TooManyRequestsException", 429, "Rate exceeded", "ServiceException", "ServiceException");
                    respond(exchange, 200, "application/json", json.writeValueAsBytes(lambda.getFunction(path)));
                } catch (AwsError e) {
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", e.code());
                    respond(exchange, e.status(), "application/json",
                            json.writeValueAsBytes(json.createObjectNode().put("Type", "User").put("message", e.getMessage())));
                }
            } else if (path.startsWith("/findings")) {
                serveSecurityHub(exchange, path, body);
            } else {
                serveEc2(exchange, body, requestId);
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain", ("simulator failure: " + e).getBytes(StandardCharsets.UTF_8));
        }
    }

    private void serveEc2(HttpExchange exchange, byte[] body, String requestId) throws IOException {
        var request = QueryRequest.parse(new String(body, StandardCharsets.UTF_8));
        var action = request.action();
        var version = request.string("Version").orElse("");
        if (version.equals(ElbApi.VERSION) || version.equals(StsApi.VERSION) || version.equals(CloudWatchApi.VERSION)
                || version.equals(dev.mirrorpilot.simulator.autoscaling.AutoScalingApi.VERSION)) {
            serveOtherQuery(exchange, request, version, requestId);
            return;
        }
        try {
            admit(action, Ec2Api.bucket(request), "RequestLimitExceeded", 503, "Request limit exceeded.",
                    "InternalError", "Unavailable");
            var reply = ec2.handle(request, requestId);
            var key = ACCESS_KEY.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            cloudTrail.record(request, key.find() ? key.group(1) : "anonymous", java.time.Instant.now());
            respond(exchange, 200, "text/xml;charset=UTF-8", reply.getBytes(StandardCharsets.UTF_8));
        } catch (AwsError e) {
            respond(exchange, e.status(), "text/xml;charset=UTF-8",
                    Ec2Api.errorXml(e, requestId).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Elastic Load Balancing v2, STS and CloudWatch share EC2's Query protocol, told apart by their API version. */
    private void serveOtherQuery(HttpExchange exchange, QueryRequest request, String version, String requestId)
            throws IOException {
        try {
            admit(request.action(), null, "Throttling", 400, "Rate exceeded", "InternalFailure", "ServiceUnavailable");
            var reply = switch (version) {
                case ElbApi.VERSION -> elbApi.handle(request, requestId);
                case CloudWatchApi.VERSION -> cloudWatch.handle(request, requestId);
                case dev.mirrorpilot.simulator.autoscaling.AutoScalingApi.VERSION -> autoScaling.handle(request, requestId);
                default -> sts.handle(request, requestId);
            };
            respond(exchange, 200, "text/xml;charset=UTF-8", reply.getBytes(StandardCharsets.UTF_8));
        } catch (AwsError e) {
            respond(exchange, e.status(), "text/xml;charset=UTF-8",
                    ElbApi.errorXml(e, requestId).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** CloudWatch Logs, EventBridge and Secrets Manager: AWS JSON 1.1, errors as {@code {"__type", "message"}}. */
    private void serveJson11(HttpExchange exchange, String operation, byte[] body, String code500, String code503,
                             java.util.function.Function<JsonNode, ? extends JsonNode> service) throws IOException {
        try {
            admit(operation, null, "ThrottlingException", 400, "Rate exceeded", code500, code503);
            respond(exchange, 200, "application/x-amz-json-1.1", json.writeValueAsBytes(service.apply(readJson(body))));
        } catch (AwsError e) {
            var error = json.createObjectNode().put("__type", e.code()).put("message", e.getMessage());
            respond(exchange, e.status(), "application/x-amz-json-1.1", json.writeValueAsBytes(error));
        }
    }

    private void serveSqs(HttpExchange exchange, String operation, byte[] body) throws IOException {
        try {
            admit(operation, null, "RequestThrottled", 400, "Rate exceeded", "InternalError", "ServiceUnavailable");
            respond(exchange, 200, "application/x-amz-json-1.0", json.writeValueAsBytes(sqs.handle(operation, readJson(body))));
        } catch (AwsError e) {
            // SQS's JSON protocol keeps its Query error codes in this header, which the SDK reads.
            var queryCode = switch (e.code()) {
                case "QueueDoesNotExist" -> "AWS.SimpleQueueService.NonExistentQueue";
                default -> e.code();
            };
            exchange.getResponseHeaders().add("x-amzn-query-error", queryCode + ";Sender");
            var error = json.createObjectNode().put("__type", "com.amazonaws.sqs#" + e.code()).put("message", e.getMessage());
            respond(exchange, e.status(), "application/x-amz-json-1.0", json.writeValueAsBytes(error));
        }
    }

    private void serveLambda(HttpExchange exchange, String path, byte[] body) throws IOException {
        try {
            admit("Invoke", null, "TooManyRequestsException", 429, "Rate exceeded", "ServiceException", "ServiceException");
            var answer = lambda.invoke(path, body);
            if (answer.functionError() != null) {
                exchange.getResponseHeaders().add("X-Amz-Function-Error", answer.functionError());
            }
            exchange.getResponseHeaders().add("X-Amz-Executed-Version", "$LATEST");
            respond(exchange, 200, "application/json", answer.payload());
        } catch (AwsError e) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", e.code());
            var error = json.createObjectNode().put("Type", "User").put("message", e.getMessage());
            respond(exchange, e.status(), "application/json", json.writeValueAsBytes(error));
        }
    }

    private void serveSecurityHub(HttpExchange exchange, String path, byte[] body) throws IOException {
        var operation = path.equals("/findings/import") ? "BatchImportFindings" : "GetFindings";
        try {
            admit(operation, operation.equals("BatchImportFindings") ? Throttling.Bucket.SECURITY_HUB_IMPORT : null,
                    "TooManyRequestsException", 429, "Rate exceeded", "InternalException", "ServiceUnavailableException");
            var reply = securityHub.handle(exchange.getRequestMethod(), path, readJson(body), body.length);
            respond(exchange, 200, "application/json", json.writeValueAsBytes(reply));
        } catch (AwsError e) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", e.code());
            var error = json.createObjectNode().put("Code", e.code()).put("Message", e.getMessage());
            respond(exchange, e.status(), "application/json", json.writeValueAsBytes(error));
        }
    }

    /** Counts the call, then applies injected latency and faults, then the throttling bucket. */
    private void admit(String action, Throttling.Bucket bucket, String throttleCode, int throttleStatus,
                       String throttleMessage, String code500, String code503) {
        counters.called(action);
        faults.runHook(action);
        int latency = faults.latencyMillis(action);
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        switch (faults.judge(action)) {
            case THROTTLE -> {
                counters.throttled(action);
                throw new AwsError(throttleStatus, throttleCode, throttleMessage);
            }
            case SERVER_ERROR_500 -> {
                counters.failed(action);
                throw new AwsError(500, code500, "An internal error has occurred (injected)");
            }
            case DENIED -> throw new AwsError(403, code500.equals("InternalError") ? "UnauthorizedOperation" : "AccessDeniedException",
                    "You are not authorized to perform this operation. (injected: the caller's role lacks " + action + ")");
            case SERVER_ERROR_503 -> {
                counters.failed(action);
                throw new AwsError(503, code503, "The service is unavailable (injected)");
            }
            case PASS -> {
                // go on
            }
        }
        if (bucket != null && !throttling.admit(bucket)) {
            counters.throttled(action);
            throw new AwsError(throttleStatus, throttleCode, throttleMessage);
        }
    }

    private JsonNode readJson(byte[] body) {
        try {
            return body.length == 0 ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw AwsError.badRequest("SerializationException", "Request body is not valid JSON: " + e.getMessage());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
