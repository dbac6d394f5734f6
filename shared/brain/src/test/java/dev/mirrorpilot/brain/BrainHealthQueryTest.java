package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorpilot.simulator.brain.BrainStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sub-path checks and fresh data, as Vectra's own client asks them, against the HTTPS stand-in. */
class BrainHealthQueryTest {
    static BrainStandIn brain;
    static SSLContext trust;
    static byte[] degraded;

    @BeforeAll
    static void start() throws Exception {
        brain = BrainStandIn.start();
        trust = TrustedCertificates.fromPem(brain.certificatePem());
        degraded = Files.readAllBytes(Path.of("../../events/brain-health/degraded-v3.4.json"));
    }

    @AfterAll
    static void stop() {
        brain.close();
    }

    @BeforeEach
    void reset() {
        brain.health(degraded);
        brain.unwrappedChecks(false);
    }

    private static BrainClient v34(HealthQuery query) {
        return new BrainClient(brain.url(), BrainClient.Api.V3_4,
                new BrainCredentials.OAuthClient(BrainStandIn.CLIENT_ID, BrainStandIn.CLIENT_SECRET), trust, Clock.systemUTC(),
                d -> { }, HealthDocument.DEFAULT_MAX_BYTES, query);
    }

    private static List<String> healthRequests(int from) {
        var all = brain.requests();
        return all.subList(from, all.size()).stream().filter(p -> p.contains("/health")).toList();
    }

    @Test
    void namedChecksAreAskedOneSubPathEachAndReadAsTheWholeDocumentWouldBe() throws Exception {
        var whole = v34(HealthQuery.WHOLE).fetch(Instant.now().plusSeconds(60)).health();
        int before = brain.requests().size();

        var fetched = v34(HealthQuery.of("sensors, connectivity,trafficdrop", false)).fetch(Instant.now().plusSeconds(60));

        assertThat(healthRequests(before)).containsExactly("/api/v3.4/health/sensors", "/api/v3.4/health/connectivity",
                "/api/v3.4/health/trafficdrop");
        assertThat(fetched.health().sensors()).isEqualTo(whole.sensors());
    }

    @Test
    void freshDataIsAskedWithCacheFalseOnTheWholeDocument() throws Exception {
        int before = brain.requests().size();

        v34(HealthQuery.of("", true)).fetch(Instant.now().plusSeconds(60));

        assertThat(healthRequests(before)).containsExactly("/api/v3.4/health?cache=False");
    }

    @Test
    void aSubPathAnswerNotWrappedInItsCheckIsRefusedAndNothingOfItIsUsed() {
        brain.unwrappedChecks(true);

        assertThatThrownBy(() -> v34(HealthQuery.of("sensors,connectivity,trafficdrop", false))
                .fetch(Instant.now().plusSeconds(60)))
                .isInstanceOf(BrainUnreachable.class).hasMessageContaining("not its check wrapped in \"sensors\"");
    }

    @Test
    void aSubsetWithoutTheSensorChecksAnUnknownCheckOrFreshWithV25IsRefusedNamingIt() {
        assertThatThrownBy(() -> HealthQuery.of("cpu,disk", false)).hasMessageContaining("must include sensors, connectivity, "
                + "trafficdrop");
        assertThatThrownBy(() -> HealthQuery.of("sensors,connectivity,trafficdrop,../../admin", false))
                .hasMessageContaining("unknown health check").hasMessageContaining("expected some of");
        assertThatThrownBy(() -> HealthQuery.of("sensors,connectivity,trafficdrop", true))
                .hasMessageContaining("whole health document only");
        assertThatThrownBy(() -> new BrainClient(brain.url(), BrainClient.Api.V2_5,
                new BrainCredentials.ApiToken(BrainStandIn.API_TOKEN), trust, Clock.systemUTC(), d -> { },
                HealthDocument.DEFAULT_MAX_BYTES, HealthQuery.of("", true))).hasMessageContaining("v3.3 or later");
    }
}
