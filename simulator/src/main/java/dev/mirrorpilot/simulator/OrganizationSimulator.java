package dev.mirrorpilot.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mirrorpilot.simulator.model.Seed;
import dev.mirrorpilot.simulator.ec2.QueryRequest;
import dev.mirrorpilot.simulator.ec2.Xml;
import dev.mirrorpilot.simulator.elb.ElbApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * An organization on one loopback port: a simulated account and region per inventory, each
 * request routed by its SigV4 credential scope (the access key names the account: the
 * management account's, or one STS AssumeRole issued; the scope names the region). Serves
 * Organizations ListAccounts (management account only, paginated) and STS AssumeRole into a
 * member's role (refused with AccessDenied for an account whose role cannot be assumed, as AWS
 * answers when the role or its trust is missing) and GetCallerIdentity.
 */
public final class OrganizationSimulator implements AutoCloseable {
    static final String ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128.";
    private static final Pattern SCOPE = Pattern.compile("Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/");
    private static final Pattern ASSUMED_KEY = Pattern.compile("ASIA(\\d{12})[A-Z0-9]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/(.+)");
    private static final int MAX_RESULTS = 20;

    private final String management;
    private final String roleName;
    private final Set<String> unassumable;
    private final Map<String, Simulator> members = new LinkedHashMap<>(); // "account/region"
    private final List<String> accounts = new ArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    private OrganizationSimulator(String management, String roleName, Set<String> unassumable, List<Seed> inventories)
            throws IOException {
        this.management = management;
        this.roleName = roleName;
        this.unassumable = Set.copyOf(unassumable);
        accounts.add(management);
        unassumable.stream().sorted().filter(a -> !accounts.contains(a)).forEach(accounts::add);
        for (var inventory : inventories) {
            members.put(inventory.accountId() + "/" + inventory.region(), Simulator.member(inventory, false, 1.0));
            if (!accounts.contains(inventory.accountId())) {
                accounts.add(inventory.accountId());
            }
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        this.executor = Executors.newFixedThreadPool(32, r -> {
            var thread = new Thread(r, "organization-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * @param management   the management account: the credentials of a request that names no assumed role
     * @param roleName     the read-only role every member has (but those in {@code unassumable}, members too)
     * @param inventories  one per member account and region
     */
    public static OrganizationSimulator start(String management, String roleName, Set<String> unassumable,
                                              List<Seed> inventories) {
        try {
            return new OrganizationSimulator(management, roleName, unassumable, inventories);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A member account and region, to look at or change. */
    public Simulator member(String account, String region) {
        return members.get(account + "/" + region);
    }

    private void serve(HttpExchange exchange) throws IOException {
        var body = exchange.getRequestBody().readAllBytes();
        var scope = SCOPE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        var key = scope.find() ? scope.group(1) : "";
        var region = scope.groupCount() >= 2 && !key.isEmpty() ? scope.group(2) : "";
        var assumed = ASSUMED_KEY.matcher(key);
        var account = assumed.matches() ? assumed.group(1) : management;
        var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        var requestId = UUID.randomUUID().toString();
        try (exchange) {
            if (target != null && target.startsWith(ORGANIZATIONS_TARGET)) {
                organizations(exchange, target.substring(ORGANIZATIONS_TARGET.length()), body, account);
                return;
            }
            if (target == null) {
                var query = QueryRequest.parse(new String(body, StandardCharsets.UTF_8));
                if ("2011-06-15".equals(query.string("Version").orElse(""))) {
                    sts(exchange, query, account, requestId);
                    return;
                }
            }
            var member = members.get(account + "/" + region);
            if (member == null) {
                respond(exchange, 401, "text/xml", ElbApi.errorXml(new AwsError(401, "AuthFailure",
                        "AWS was not able to validate the provided access credentials"), requestId));
                return;
            }
            member.serve(exchange, body);
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain", "simulator failure: " + e);
        }
    }

    private void organizations(HttpExchange exchange, String operation, byte[] body, String account) throws IOException {
        if (!account.equals(management)) {
            respondJson(exchange, 400, json.createObjectNode().put("__type", "AccessDeniedException")
                    .put("Message", "You don't have permissions to access this resource."));
            return;
        }
        if (!operation.equals("ListAccounts")) {
            respondJson(exchange, 400, json.createObjectNode().put("__type", "UnknownOperationException")
                    .put("Message", "The simulator serves ListAccounts only, not " + operation));
            return;
        }
        var request = json.readTree(body.length == 0 ? "{}".getBytes() : body);
        int max = Math.max(1, Math.min(MAX_RESULTS, request.path("MaxResults").asInt(MAX_RESULTS)));
        int from = request.hasNonNull("NextToken") ? Integer.parseInt(request.get("NextToken").asText()) : 0;
        var reply = json.createObjectNode();
        var list = reply.putArray("Accounts");
        for (int i = from; i < Math.min(accounts.size(), from + max); i++) {
            var id = accounts.get(i);
            list.addObject().put("Id", id).put("Arn", "arn:aws:organizations::" + management + ":account/o-simulated/" + id)
                    .put("Email", "aws+" + id + "@example.com").put("Name", id.equals(management) ? "management" : "member-" + id)
                    .put("Status", "ACTIVE").put("JoinedMethod", id.equals(management) ? "INVITED" : "CREATED")
                    .put("JoinedTimestamp", 1.7e9);
        }
        if (from + max < accounts.size()) {
            reply.put("NextToken", Integer.toString(from + max));
        }
        respondJson(exchange, 200, reply);
    }

    private void sts(HttpExchange exchange, QueryRequest query, String account, String requestId) throws IOException {
        var ns = "https://sts.amazonaws.com/doc/2011-06-15/";
        if (query.action().equals("GetCallerIdentity")) {
            respond(exchange, 200, "text/xml", new Xml().openRoot("GetCallerIdentityResponse", ns).open("GetCallerIdentityResult")
                    .element("Arn", "arn:aws:sts::" + account + ":assumed-role/simulated/local").element("UserId", "AROASIMULATED:local")
                    .element("Account", account).close("GetCallerIdentityResult").open("ResponseMetadata")
                    .element("RequestId", requestId).close("ResponseMetadata").close("GetCallerIdentityResponse").toString());
            return;
        }
        if (!query.action().equals("AssumeRole")) {
            respond(exchange, 400, "text/xml", ElbApi.errorXml(AwsError.badRequest("InvalidAction", "The action "
                    + query.action() + " is not valid for this web service."), requestId));
            return;
        }
        var arn = query.string("RoleArn").orElse("");
        var role = ROLE_ARN.matcher(arn);
        if (!role.matches() || !accounts.contains(role.group(1)) || !role.group(2).equals(roleName)
                || unassumable.contains(role.group(1))) {
            respond(exchange, 403, "text/xml", ElbApi.errorXml(new AwsError(403, "AccessDenied", "User: arn:aws:sts::" + account
                    + ":assumed-role/simulated/local is not authorized to perform: sts:AssumeRole on resource: " + arn), requestId));
            return;
        }
        var session = query.string("RoleSessionName").orElse("session");
        var keyId = "ASIA" + role.group(1) + UUID.randomUUID().toString().replace("-", "").substring(0, 4).toUpperCase();
        respond(exchange, 200, "text/xml", new Xml().openRoot("AssumeRoleResponse", ns).open("AssumeRoleResult")
                .open("Credentials").element("AccessKeyId", keyId).element("SecretAccessKey", "simulated-secret")
                .element("SessionToken", "simulated-token-" + UUID.randomUUID()).element("Expiration", Instant.now().plusSeconds(3600))
                .close("Credentials").open("AssumedRoleUser").element("AssumedRoleId", "AROASIMULATED:" + session)
                .element("Arn", "arn:aws:sts::" + role.group(1) + ":assumed-role/" + roleName + "/" + session).close("AssumedRoleUser")
                .close("AssumeRoleResult").open("ResponseMetadata").element("RequestId", requestId).close("ResponseMetadata")
                .close("AssumeRoleResponse").toString());
    }

    private void respondJson(HttpExchange exchange, int status, Object body) throws IOException {
        respond(exchange, status, "application/x-amz-json-1.1", json.writeValueAsString(body));
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        members.values().forEach(Simulator::close);
    }
}
