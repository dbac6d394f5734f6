package dev.mirrorpilot.simulator.brain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A Vectra Brain's health API on HTTPS, for tests and the demo: a certificate generated at start
 * (with the JDK's keytool, self-signed for localhost and 127.0.0.1), v2.5 with an API token, v3.x
 * with OAuth client credentials and bearer tokens that expire, and faults: a status for the next
 * calls (401, 429 with Retry-After, 500), slow answers, a health answer set by the test (malformed
 * or oversized ones included), and tokens expired at once.
 */
public final class BrainStandIn implements AutoCloseable {
    public static final String API_TOKEN = "standin-api-token-7f3e";
    public static final String CLIENT_ID = "mirrorpilot";
    public static final String CLIENT_SECRET = "standin-client-secret-91ab";
    private static final String STORE_PASSWORD = "changeit";

    private final HttpsServer server;
    private final String certificatePem;
    private final Map<String, Long> bearers = new ConcurrentHashMap<>(); // token -> expiry (epoch millis)
    private final Map<String, Boolean> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger refreshGrants = new AtomicInteger();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile byte[] health = "{\"sensors\": []}".getBytes(StandardCharsets.UTF_8);
    private volatile long tokenLifetimeSeconds = 3600;
    private final AtomicInteger failCount = new AtomicInteger();
    private volatile int failStatus;
    private volatile String retryAfter;
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicLong dripMillis = new AtomicLong();

    private BrainStandIn(HttpsServer server, String certificatePem) {
        this.server = server;
        this.certificatePem = certificatePem;
    }

    public static BrainStandIn start() {
        try {
            var dir = Files.createTempDirectory("brain-standin-");
            var store = dir.resolve("brain.p12");
            var keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "brain", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD,
                    "-keypass", STORE_PASSWORD).redirectErrorStream(true).start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool could not make the stand-in's certificate: " + output);
            }
            var keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keys.load(in, STORE_PASSWORD.toCharArray());
            }
            var certificate = keys.getCertificate("brain");
            var pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
            var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, STORE_PASSWORD.toCharArray());
            var tls = SSLContext.getInstance("TLS");
            tls.init(keyManagers.getKeyManagers(), null, null);
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
            var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                var thread = new Thread(r, "brain-standin");
                thread.setDaemon(true);
                return thread;
            }));
            var standIn = new BrainStandIn(server, pem);
            server.createContext("/", standIn::serve);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up the stand-in's TLS", e);
        }
    }

    /** {@code https://localhost:PORT}: the name the certificate carries. */
    public URI url() {
        return URI.create("https://localhost:" + server.getAddress().getPort());
    }

    /** The stand-in's own certificate as a PEM bundle: what a Brain's CA bundle parameter holds. */
    public String certificatePem() {
        return certificatePem;
    }

    private final java.util.List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean unwrappedChecks;

    /** Every path asked so far, with its query string (such as {@code /api/v3.4/health?cache=False}). */
    public java.util.List<String> requests() {
        return java.util.List.copyOf(queries);
    }

    /** Hostile mode: {@code /health/<check>} answers the check without its wrapping key (as older Brains may). */
    public void unwrappedChecks(boolean unwrapped) {
        this.unwrappedChecks = unwrapped;
    }

    /** Ways a Brain's answer goes wrong in the field, applied to the current answer by {@link #hostile}. */
    public enum Hostile {
        /** Each Sensor gets a twin of the same name, without luid or serial, elsewhere, unpaired and CRITICAL. */
        DUPLICATE_NAMES,
        /** Each Sensor gets a stale twin at its address (a replaced Sensor's record), unpaired. */
        DUPLICATE_ADDRESSES,
        /** Sensor records lose their status and address, per-Sensor checks their status. */
        MISSING_FIELDS,
        /** Names, errors and the version carry terminal escapes, bidi overrides and line breaks. */
        CONTROL_CHARACTERS
    }

    /** Rewrites the current answer the hostile way (the next {@link #health} call sets a clean one again). */
    public void hostile(Hostile mode) {
        var json = new ObjectMapper();
        ObjectNode root;
        try {
            root = (ObjectNode) json.readTree(health);
        } catch (IOException e) {
            throw new IllegalStateException("the current answer is not a JSON object; set a health document first", e);
        }
        var sensors = root.withArray("sensors");
        var originals = new ArrayList<ObjectNode>();
        sensors.forEach(s -> originals.add((ObjectNode) s));
        int n = 0;
        for (var sensor : originals) {
            n++;
            switch (mode) {
                case DUPLICATE_NAMES -> {
                    sensors.addObject().put("name", sensor.path("name").asText()).put("status", "unpaired")
                            .put("ip_address", "10.99.0." + n);
                    root.with("connectivity").withArray("sensors").addObject().put("name", sensor.path("name").asText())
                            .put("status", "CRITICAL").put("error", "twin");
                }
                case DUPLICATE_ADDRESSES -> sensors.addObject().put("name", sensor.path("name").asText() + "-old")
                        .put("luid", "stale" + n).put("serial_number", "OLD" + n).put("status", "unpaired")
                        .put("ip_address", sensor.path("ip_address").asText());
                case MISSING_FIELDS -> {
                    sensor.remove("status");
                    sensor.remove("ip_address");
                }
                case CONTROL_CHARACTERS -> sensor.put("name", sensor.path("name").asText() + "\u001b[2J\u202e\nFAKE line");
            }
        }
        if (mode == Hostile.MISSING_FIELDS) {
            for (var section : new String[] {"connectivity", "trafficdrop"}) {
                root.path(section).path("sensors").forEach(e -> ((ObjectNode) e).remove("status"));
            }
        }
        if (mode == Hostile.CONTROL_CHARACTERS) {
            root.with("system").with("version").put("vectra_version", "8.4\u001b[1A\nall Sensors healthy");
            for (var section : new String[] {"connectivity", "trafficdrop"}) {
                root.path(section).path("sensors").forEach(e -> {
                    var entry = (ObjectNode) e;
                    entry.put("name", entry.path("name").asText() + "\u001b[2J\u202e\nFAKE line")
                            .put("error", "\u0007bell\u009b31m");
                });
            }
        }
        try {
            health = json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer of {@code /health} from now on, byte for byte. */
    public void health(byte[] document) {
        this.health = document.clone();
    }

    /** The next {@code count} calls (token or health) answer {@code status}, with Retry-After when given. */
    public void failNext(int status, int count, String retryAfterSeconds) {
        this.failStatus = status;
        this.retryAfter = retryAfterSeconds;
        this.failCount.set(count);
    }

    /**
     * Hostile mode: health answers send their headers at once, then the body one byte per
     * {@code millis} (0 turns it off), as a Brain (or a middlebox) stuck mid-answer would.
     */
    public void dripBody(long millis) {
        dripMillis.set(millis);
    }

    public void delay(long millis) {
        delayMillis.set(millis);
    }

    public void tokenLifetimeSeconds(long seconds) {
        this.tokenLifetimeSeconds = seconds;
    }

    /** Every bearer token issued so far is expired from now on (a Brain restart, say). */
    public void expireTokens() {
        bearers.replaceAll((token, expiry) -> 0L);
    }

    public int calls(String path) {
        var counter = calls.get(path);
        return counter == null ? 0 : counter.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            calls.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            var requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long delay = delayMillis.get();
            if (delay > 0) {
                Thread.sleep(delay);
            }
            if (failCount.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                respond(exchange, failStatus, "{\"detail\": \"stand-in fault\"}");
                return;
            }
            var authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            if (path.equals("/oauth2/token") && exchange.getRequestMethod().equals("POST")) {
                var expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                        .getBytes(StandardCharsets.UTF_8));
                if (!authorization.equals(expected)) {
                    respond(exchange, 401, "{\"error\": \"invalid_client\"}");
                    return;
                }
                // RFC 6749 section 6: a refresh grant names a refresh token this Brain issued and has not used.
                var form = formOf(requestBody);
                if ("refresh_token".equals(form.get("grant_type"))) {
                    var refresh = form.getOrDefault("refresh_token", "");
                    if (refreshTokens.remove(refresh) == null) {
                        respond(exchange, 400, "{\"error\": \"invalid_grant\"}");
                        return;
                    }
                    refreshGrants.incrementAndGet();
                }
                var token = UUID.randomUUID().toString();
                bearers.put(token, System.currentTimeMillis() + tokenLifetimeSeconds * 1000);
                refreshTokens.put("r-" + token, Boolean.TRUE);
                respond(exchange, 200, "{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", \"expires_in\": "
                        + tokenLifetimeSeconds + ", \"refresh_token\": \"r-" + token + "\", \"refresh_expires_in\": 86400}");
                return;
            }
            var query = exchange.getRequestURI().getRawQuery();
            queries.add(path + (query == null ? "" : "?" + query));
            var sub = java.util.regex.Pattern.compile("(/api/v(?:2\\.5|3\\.3|3\\.4)/health)/([a-z_]+)").matcher(path);
            String check = null;
            if (sub.matches()) {
                check = sub.group(2);
                path = sub.group(1);
            }
            if (path.equals("/api/v2.5/health")) {
                if (!authorization.equals("Token " + API_TOKEN)) {
                    respond(exchange, 401, "{\"detail\": \"Invalid token.\"}");
                    return;
                }
                respondHealth(exchange, check);
                return;
            }
            if (path.equals("/api/v3.3/health") || path.equals("/api/v3.4/health")) {
                var bearer = authorization.startsWith("Bearer ") ? authorization.substring(7) : "";
                var expiry = bearers.get(bearer);
                if (expiry == null || expiry < System.currentTimeMillis()) {
                    respond(exchange, 401, "{\"detail\": \"Token expired or invalid.\"}");
                    return;
                }
                respondHealth(exchange, check);
                return;
            }
            respond(exchange, 404, "{\"detail\": \"Not found.\"}");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The whole document, or one check of it wrapped in its own name ({@code {"cpu": {...}}}), as a Brain answers. */
    private void respondHealth(HttpExchange exchange, String check) throws IOException, InterruptedException {
        var health = this.health;
        if (check != null) {
            var json = new ObjectMapper();
            var section = json.readTree(health).get(check);
            if (section == null) {
                respond(exchange, 404, "{\"detail\": \"Not found.\"}");
                return;
            }
            health = json.writeValueAsBytes(unwrappedChecks ? section : json.createObjectNode().set(check, section));
        }
        long drip = dripMillis.get();
        if (drip <= 0) {
            respond(exchange, 200, health);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, health.length);
        var out = exchange.getResponseBody();
        for (byte b : health) {
            out.write(b);
            out.flush();
            Thread.sleep(drip);
        }
    }

    /** How many refresh grants were answered with a new token. */
    public int refreshGrants() {
        return refreshGrants.get();
    }

    private static Map<String, String> formOf(String body) {
        var out = new java.util.HashMap<String, String>();
        for (var pair : body.split("&")) {
            var at = pair.indexOf('=');
            if (at > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, at), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(at + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        respond(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
