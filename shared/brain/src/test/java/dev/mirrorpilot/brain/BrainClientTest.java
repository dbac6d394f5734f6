package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Brain client against the HTTPS stand-in: both API versions, the token's life, every fault, TLS trust. */
class BrainClientTest {
    static BrainStandIn brain;
    static SSLContext trust;
    static byte[] healthy;
    final List<Duration> slept = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        brain = BrainStandIn.start();
        trust = TrustedCertificates.fromPem(brain.certificatePem());
        healthy = Files.readAllBytes(Path.of("../../events/brain-health/healthy-v2.5.json"));
    }

    @AfterAll
    static void stop() {
        brain.close();
    }

    @BeforeEach
    void reset() {
        brain.health(healthy);
        brain.failNext(200, 0, null);
        brain.delay(0);
        brain.dripBody(0);
        brain.tokenLifetimeSeconds(3600);
    }

    private BrainClient client(BrainClient.Api api, BrainCredentials credentials) {
        return new BrainClient(brain.url(), api, credentials, trust, Clock.systemUTC(), slept::add, HealthDocument.DEFAULT_MAX_BYTES);
    }

    private BrainClient v2() {
        return client(BrainClient.Api.V2_5, new BrainCredentials.ApiToken(BrainStandIn.API_TOKEN));
    }

    private BrainClient v3() {
        return client(BrainClient.Api.V3_4, new BrainCredentials.OAuthClient(BrainStandIn.CLIENT_ID, BrainStandIn.CLIENT_SECRET));
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    @Test
    void v25ReadsTheHealthWithItsApiTokenOverVerifiedTls() throws Exception {
        var fetched = v2().fetch(inAMinute());

        assertThat(fetched.health().sensors()).hasSize(2);
        assertThat(fetched.calls()).isEqualTo(1);
        assertThat(fetched.latency()).isPositive();
    }

    @Test
    void v3TakesABearerTokenOnceAndKeepsItUntilShortlyBeforeItExpires() throws Exception {
        int tokensBefore = brain.calls("/oauth2/token");
        var client = v3();

        client.fetch(inAMinute());
        client.fetch(inAMinute());

        assertThat(brain.calls("/oauth2/token") - tokensBefore).isEqualTo(1);
    }

    @Test
    void aTokenAboutToExpireIsRenewedBeforeUse() throws Exception {
        brain.tokenLifetimeSeconds(30); // under the 60 s margin: never reused
        int tokensBefore = brain.calls("/oauth2/token");
        var client = v3();

        client.fetch(inAMinute());
        client.fetch(inAMinute());

        assertThat(brain.calls("/oauth2/token") - tokensBefore).isEqualTo(2);
    }

    @Test
    void aBearerIsRenewedWithTheRefreshTokenOnceTheBrainGaveOne() throws Exception {
        brain.tokenLifetimeSeconds(30); // every fetch renews
        int refreshesBefore = brain.refreshGrants();
        var client = v3();

        client.fetch(inAMinute());
        client.fetch(inAMinute());
        assertThat(brain.refreshGrants() - refreshesBefore).as("the second renewal used the refresh token").isEqualTo(1);

        brain.expireTokens(); // bearers refused; the next renewal's refresh token is still good
        var fetched = client.fetch(inAMinute());

        assertThat(fetched.health().sensors()).hasSize(2);
    }

    @Test
    void aTokenTheBrainNoLongerTakesIsReplacedOnceOnA401() throws Exception {
        var client = v3();
        client.fetch(inAMinute());
        brain.expireTokens();
        int tokensBefore = brain.calls("/oauth2/token");

        var fetched = client.fetch(inAMinute());

        assertThat(fetched.health().sensors()).hasSize(2);
        assertThat(brain.calls("/oauth2/token") - tokensBefore).isEqualTo(1);
    }

    @Test
    void wrongCredentialsAreSaidAsSuchWithoutTheSecret() {
        var secret = "not-the-secret-5c1d";

        assertThatThrownBy(() -> client(BrainClient.Api.V3_4, new BrainCredentials.OAuthClient("mirrorpilot", secret))
                .fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> {
                    assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.CREDENTIALS);
                    assertThat(e.getMessage()).contains("client id and secret").doesNotContain(secret);
                });
        assertThatThrownBy(() -> client(BrainClient.Api.V2_5, new BrainCredentials.ApiToken("wrong-token-77"))
                .fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> assertThat(e.getMessage()).contains("may read the health API").doesNotContain("wrong-token-77"));
    }

    @Test
    void a429IsWaitedOutForItsRetryAfterWhenTheRunHasTheTime() throws Exception {
        brain.failNext(429, 1, "3");

        var fetched = v2().fetch(inAMinute());

        assertThat(slept).containsExactly(Duration.ofSeconds(3));
        assertThat(fetched.calls()).isEqualTo(2);
    }

    @Test
    void a429AskingForMoreThanTheRunHasGivesUpWithoutWaiting() {
        brain.failNext(429, 1, "120");

        assertThatThrownBy(() -> v2().fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.RATE_LIMITED));
        assertThat(slept).isEmpty();
    }

    @Test
    void aServerErrorIsTriedOnceMoreThenReported() throws Exception {
        brain.failNext(500, 1, null);
        assertThat(v2().fetch(inAMinute()).calls()).isEqualTo(2);

        brain.failNext(503, 2, null);
        assertThatThrownBy(() -> v2().fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.SERVER_ERROR));
    }

    @Test
    void aSlowBrainIsCutOffAtTheRunsDeadline() {
        brain.delay(3_000);

        assertThatThrownBy(() -> v2().fetch(Instant.now().plusSeconds(1))).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.TIMEOUT));
    }

    @Test
    void aBrainThatSendsHeadersThenDripsTheBodyIsCutOffAtTheRunsDeadline() {
        brain.dripBody(200); // a few KB at 5 bytes a second: minutes
        long start = System.nanoTime();

        assertThatThrownBy(() -> v2().fetch(Instant.now().plusSeconds(2))).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.TIMEOUT))
                .hasMessageContaining("the body stalled");
        brain.dripBody(0);
        // Not a timing assertion on speed: only that the call ended near its deadline rather than when the body did.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void malformedAndOversizedAnswersAreRefusedUnread() {
        brain.health("<html>maintenance</html>".getBytes());
        assertThatThrownBy(() -> v2().fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> {
                    assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.MALFORMED);
                    assertThat(e.getMessage()).doesNotContain("maintenance");
                });

        brain.health(new byte[5_000_000]);
        assertThatThrownBy(() -> v2().fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .hasMessageContaining("more than the");
    }

    @Test
    void aBrainWhoseCertificateIsNotInTheBundleIsRefusedNotTrusted() throws Exception {
        var jdkTrustOnly = new BrainClient(brain.url(), BrainClient.Api.V2_5, new BrainCredentials.ApiToken(BrainStandIn.API_TOKEN),
                TrustedCertificates.jdkDefault(), Clock.systemUTC(), slept::add, HealthDocument.DEFAULT_MAX_BYTES);

        assertThatThrownBy(() -> jdkTrustOnly.fetch(inAMinute())).isInstanceOf(BrainUnreachable.class)
                .satisfies(e -> {
                    assertThat(((BrainUnreachable) e).reason()).isEqualTo(BrainUnreachable.Reason.TLS);
                    assertThat(e.getMessage()).contains("CA bundle");
                });
        assertThatThrownBy(() -> new BrainClient(java.net.URI.create("http://localhost:1"), BrainClient.Api.V2_5,
                new BrainCredentials.ApiToken("t"), trust, Clock.systemUTC(), slept::add, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://");
    }

    @Test
    void credentialsNeverShowTheirSecretWhenPrinted() {
        assertThat(new BrainCredentials.ApiToken("tok-123").toString()).doesNotContain("tok-123");
        assertThat(new BrainCredentials.OAuthClient("id", "sec-456").toString()).doesNotContain("sec-456");
    }
}
