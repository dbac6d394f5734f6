package dev.mirrorpilot.brain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Polls a Brain's health API once per call of {@link #fetch}: v2.5 with its API token, or v3.x
 * with a bearer token from {@code /oauth2/token} (client credentials), kept until a minute before
 * it expires and fetched again once on a 401. HTTP 429 waits for {@code Retry-After} when the
 * deadline allows, else gives up; a 5xx is tried once more. Every call is bounded (connect and
 * request timeouts, the caller's deadline, the answer's size), TLS is verified with the given
 * trust, and no error message holds a credential or the answer's body.
 */
public final class BrainClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);
    static final int MAX_TOKEN_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The API a Brain speaks: its health path. */
    public enum Api {
        V2_5("/api/v2.5/health"), V3_3("/api/v3.3/health"), V3_4("/api/v3.4/health");

        private final String healthPath;

        Api(String healthPath) {
            this.healthPath = healthPath;
        }

        public boolean usesOAuth() {
            return this != V2_5;
        }
    }

    /** One poll: what the Brain said, how long it took, and how many HTTP calls it needed. */
    public record Fetched(BrainHealth health, Duration latency, int calls) {
    }

    /** Sleeps, so that tests need not. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final URI base;
    private final Api api;
    private final BrainCredentials credentials;
    private final Clock clock;
    private final Sleeper sleeper;
    private final int maxBytes;
    private final HealthQuery query;
    private String bearer;
    private Instant bearerExpires = Instant.MIN;
    /** RFC 6749 section 6: renews the bearer without sending the client secret's grant again; dropped on any refusal. */
    private String refreshToken;
    private Instant refreshExpires = Instant.MIN;

    public BrainClient(URI base, Api api, BrainCredentials credentials, SSLContext trust, Clock clock, Sleeper sleeper,
                       int maxBytes) {
        this(base, api, credentials, trust, clock, sleeper, maxBytes, HealthQuery.WHOLE);
    }

    public BrainClient(URI base, Api api, BrainCredentials credentials, SSLContext trust, Clock clock, Sleeper sleeper,
                       int maxBytes, HealthQuery query) {
        if (!"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("the Brain URL must be https://, was " + base.getScheme() + "://");
        }
        if (api.usesOAuth() != (credentials instanceof BrainCredentials.OAuthClient)) {
            throw new IllegalArgumentException(api + " takes " + (api.usesOAuth() ? "an OAuth client id and secret" : "an API token"));
        }
        this.http = HttpClient.newBuilder().sslContext(trust).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.api = api;
        this.credentials = credentials;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxBytes = maxBytes;
        if (query.fresh() && !api.usesOAuth()) {
            throw new IllegalArgumentException("fresh data (cache=False) needs health API v3.3 or later (Vectra's client asks "
                    + "for it from v3.3 on); v2.5 answers from its cache");
        }
        this.query = query;
    }

    /** @param deadline no call starts, and no wait lasts, past this instant */
    public synchronized Fetched fetch(Instant deadline) throws BrainUnreachable {
        var start = clock.instant();
        int[] calls = {0};
        var answers = new java.util.LinkedHashMap<String, byte[]>();
        for (var path : query.paths()) {
            answers.put(path, get(api.healthPath + path, deadline, calls));
        }
        try {
            var body = query.checks().isEmpty() ? answers.values().iterator().next()
                    : HealthDocument.merge(query.checks(), List.copyOf(answers.values()), maxBytes);
            var health = HealthDocument.parse(body, maxBytes);
            return new Fetched(health, Duration.between(start, clock.instant()), calls[0]);
        } catch (MalformedHealthDocument e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.MALFORMED, "the Brain's health answer cannot be read: "
                    + e.getMessage());
        }
    }

    /** One health path's body, with the renewals and retries below. */
    private byte[] get(String path, Instant deadline, int[] calls) throws BrainUnreachable {
        boolean renewed = false;
        boolean retriedServer = false;
        int rateLimited = 0;
        while (true) {
            var authorization = authorization(deadline, calls);
            var response = send(HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET()
                    .header("Authorization", authorization).header("Accept", "application/json"), deadline, calls);
            int status = response.statusCode();
            if (status == 200) {
                return read(response.body(), deadline);
            }
            drain(response.body());
            if (status == 401 && api.usesOAuth() && !renewed) {
                bearer = null; // revoked or expired early: one new token, one more try
                renewed = true;
                continue;
            }
            if (status == 401 || status == 403) {
                throw new BrainUnreachable(BrainUnreachable.Reason.CREDENTIALS, "the Brain refused the credentials for its health "
                        + "API (HTTP " + status + "); check the secret, and that the " + (api.usesOAuth()
                        ? "API client's role may read the health API (the Brain's API Clients settings)"
                        : "token's user may read the health API (its role in the Brain)"));
            }
            if (status == 429 && rateLimited++ < 2) {
                waitFor(retryAfter(response), deadline);
                continue;
            }
            if (status == 429) {
                throw new BrainUnreachable(BrainUnreachable.Reason.RATE_LIMITED, "the Brain kept answering 429 (rate limited)");
            }
            if (status >= 500 && !retriedServer) {
                retriedServer = true;
                waitFor(Duration.ofSeconds(1), deadline);
                continue;
            }
            throw new BrainUnreachable(status >= 500 ? BrainUnreachable.Reason.SERVER_ERROR : BrainUnreachable.Reason.MALFORMED,
                    "the Brain answered its health API with HTTP " + status);
        }
    }

    private String authorization(Instant deadline, int[] calls) throws BrainUnreachable {
        if (credentials instanceof BrainCredentials.ApiToken token) {
            return "Token " + token.token();
        }
        if (bearer == null || !clock.instant().isBefore(bearerExpires.minus(TOKEN_MARGIN))) {
            var client = (BrainCredentials.OAuthClient) credentials;
            var basic = Base64.getEncoder().encodeToString((client.clientId() + ":" + client.secret())
                    .getBytes(StandardCharsets.UTF_8));
            if (refreshToken != null && clock.instant().isBefore(refreshExpires.minus(TOKEN_MARGIN))) {
                var refresh = refreshToken;
                refreshToken = null; // used once, whatever the answer
                var response = send(tokenRequest(basic, "grant_type=refresh_token&refresh_token="
                        + java.net.URLEncoder.encode(refresh, StandardCharsets.UTF_8)), deadline, calls);
                if (response.statusCode() == 200) {
                    takeTokens(response);
                    return "Bearer " + bearer;
                }
                drain(response.body()); // a refused refresh: the client credentials grant below
            }
            var response = send(tokenRequest(basic, "grant_type=client_credentials"), deadline, calls);
            if (response.statusCode() == 401 || response.statusCode() == 400 || response.statusCode() == 403) {
                drain(response.body());
                throw new BrainUnreachable(BrainUnreachable.Reason.CREDENTIALS, "the Brain refused the OAuth client credentials "
                        + "(HTTP " + response.statusCode() + " from /oauth2/token); check the client id and secret in the secret");
            }
            if (response.statusCode() != 200) {
                drain(response.body());
                throw new BrainUnreachable(response.statusCode() >= 500 ? BrainUnreachable.Reason.SERVER_ERROR
                        : BrainUnreachable.Reason.MALFORMED, "the Brain's /oauth2/token answered HTTP " + response.statusCode());
            }
            takeTokens(response);
        }
        return "Bearer " + bearer;
    }

    private HttpRequest.Builder tokenRequest(String basic, String form) {
        return HttpRequest.newBuilder(base.resolve(base.getPath() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form));
    }

    /** Reads a token answer: the bearer (required) and a refresh token (optional, kept only if it is usable). */
    private void takeTokens(HttpResponse<InputStream> response) throws BrainUnreachable {
        try {
            var body = JSON.readTree(readAtMost(response.body(), MAX_TOKEN_BYTES));
            var token = body.path("access_token");
            var expires = body.path("expires_in");
            if (!token.isTextual() || token.asText().isBlank() || !expires.canConvertToLong() || expires.asLong() <= 0) {
                throw new BrainUnreachable(BrainUnreachable.Reason.MALFORMED,
                        "the Brain's /oauth2/token answer has no access_token or a bad expires_in");
            }
            var unfit = BrainCredentials.unfitForHeader(token.asText());
            if (unfit.isPresent()) {
                throw new BrainUnreachable(BrainUnreachable.Reason.MALFORMED, "the Brain's access_token cannot be sent back: "
                        + unfit.get() + " (the value is not shown)");
            }
            bearer = token.asText();
            bearerExpires = clock.instant().plusSeconds(Math.min(expires.asLong(), 86_400));
            var refresh = body.path("refresh_token");
            var refreshLife = body.path("refresh_expires_in");
            if (refresh.isTextual() && !refresh.asText().isBlank() && refresh.asText().length() <= 4096
                    && refreshLife.canConvertToLong() && refreshLife.asLong() > 0) {
                refreshToken = refresh.asText();
                refreshExpires = clock.instant().plusSeconds(Math.min(refreshLife.asLong(), 7 * 86_400));
            }
        } catch (IOException e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.MALFORMED, "the Brain's /oauth2/token answer is not JSON");
        }
    }

    private HttpResponse<InputStream> send(HttpRequest.Builder request, Instant deadline, int[] calls) throws BrainUnreachable {
        var left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "no time left in this run to ask the Brain");
        }
        calls[0]++;
        try {
            return http.send(request.timeout(left.compareTo(REQUEST_TIMEOUT) < 0 ? left : REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "the Brain did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (SSLException e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.TLS, "the Brain's TLS certificate is not trusted or does not "
                    + "name " + base.getHost() + " (" + e.getClass().getSimpleName() + "); give its CA bundle (PEM), never "
                    + "turn verification off");
        } catch (ConnectException e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.CONNECTION, "cannot connect to the Brain at " + base.getHost()
                    + ":" + (base.getPort() < 0 ? 443 : base.getPort()) + "; check the URL, the function's VPC subnets and "
                    + "security groups, and the Brain's");
        } catch (IOException e) {
            if (e.getCause() instanceof SSLException || String.valueOf(e.getMessage()).contains("PKIX")) {
                throw new BrainUnreachable(BrainUnreachable.Reason.TLS, "the Brain's TLS certificate is not trusted; give its "
                        + "CA bundle (PEM), never turn verification off");
            }
            throw new BrainUnreachable(BrainUnreachable.Reason.CONNECTION, "the connection to the Brain failed ("
                    + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            // The JDK quotes a refused header value in its message: that value is a credential, so say only what failed.
            throw new BrainUnreachable(BrainUnreachable.Reason.MALFORMED, "the request to the Brain could not be built (a header "
                    + "value was refused; the value is not shown)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "interrupted while asking the Brain");
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty(); // an HTTP date: wait the default
            }
        }).orElse(Duration.ofSeconds(5));
    }

    private void waitFor(Duration wait, Instant deadline) throws BrainUnreachable {
        if (clock.instant().plus(wait).isAfter(deadline)) {
            throw new BrainUnreachable(BrainUnreachable.Reason.RATE_LIMITED, "the Brain asked to wait " + wait.toSeconds()
                    + " s, past this run's time; the next run asks again");
        }
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "interrupted while waiting for the Brain");
        }
    }

    /**
     * The body, within the same bound as the request (the request timeout and the run's deadline):
     * a Brain that sends its headers and then drips the body is unreachable, not a hung run.
     */
    private byte[] read(InputStream body, Instant deadline) throws BrainUnreachable {
        var left = Duration.between(clock.instant(), deadline);
        var bound = left.compareTo(REQUEST_TIMEOUT) < 0 ? left : REQUEST_TIMEOUT;
        var reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return readAtMost(body, maxBytes);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            return reading.get(Math.max(1, bound.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            reading.cancel(true);
            try {
                body.close(); // unblocks the reading thread
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "the Brain's answer did not arrive whole within "
                    + bound.toSeconds() + " s (headers came, the body stalled)");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BrainUnreachable(BrainUnreachable.Reason.CONNECTION, "the Brain's answer broke off ("
                    + (e.getCause() == null ? "?" : e.getCause().getClass().getSimpleName()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrainUnreachable(BrainUnreachable.Reason.TIMEOUT, "interrupted while reading the Brain's answer");
        }
    }

    /** One byte more than allowed is read, so that the parser can say the answer was too large. */
    private static byte[] readAtMost(InputStream body, int max) throws IOException {
        try (body) {
            return body.readNBytes(max + 1);
        }
    }

    private static void drain(InputStream body) {
        try (body) {
            body.readNBytes(64 * 1024);
        } catch (IOException e) {
            // the status said enough
        }
    }
}
