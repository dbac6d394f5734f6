package dev.mirrorpilot.brain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The log a poll writes: events, transitions against the last snapshot, batches within the CloudWatch Logs limits. */
class HealthLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-01T01:00:00Z");

    private static BrainHealth sample(String file) throws Exception {
        return HealthDocument.parse(Files.readAllBytes(Path.of("../../events/brain-health/" + file)));
    }

    private static List<String> types(List<String> events) throws Exception {
        var out = new ArrayList<String>();
        for (var e : events) {
            out.add(JSON.readTree(e).path("type").asText());
        }
        return out;
    }

    @Test
    void firstRunWritesAnEventPerCheckAndSensorAndASnapshotButNoTransition() throws Exception {
        var events = HealthLog.events(HealthLog.Poll.answered("brain.example", AT, sample("healthy-v2.5.json"), 120), Map.of());

        assertThat(types(events)).containsExactly("brain", "check", "check", "check", "check", "sensor", "sensor", "snapshot");
        assertThat(HealthLog.previous(Optional.of(events.get(events.size() - 1))))
                .containsEntry("brain", "reachable").containsEntry("sensor:abc123", "OK").containsEntry("check:power", "SKIP");
    }

    @Test
    void aSensorThatStopsPairingAndAnUnreachableBrainAreTransitionsFromTheLastSnapshot() throws Exception {
        var first = HealthLog.events(HealthLog.Poll.answered("b", AT, sample("healthy-v2.5.json"), 100), Map.of());
        var previous = HealthLog.previous(Optional.of(first.get(first.size() - 1)));

        var second = HealthLog.events(HealthLog.Poll.answered("b", AT.plusSeconds(300), sample("degraded-v3.4.json"), 100), previous);
        var transitions = second.stream().filter(e -> e.contains("\"transition\"")).toList();

        assertThat(transitions).anySatisfy(t -> assertThat(t).contains("\"subject\":\"sensor:def456\"")
                .contains("\"from\":\"OK\"").contains("\"to\":\"DOWN\""));
        assertThat(transitions).anySatisfy(t -> assertThat(t).contains("\"subject\":\"check:disk.raid_disks_missing\"")
                .contains("\"from\":\"SKIP\"").contains("\"to\":\"CRITICAL\""));

        var down = HealthLog.previous(Optional.of(second.get(second.size() - 1)));
        var third = HealthLog.events(HealthLog.Poll.failed("b", AT.plusSeconds(600),
                new BrainUnreachable(BrainUnreachable.Reason.CONNECTION, "cannot connect"), 5000), down);

        assertThat(types(third)).containsExactly("brain", "transition", "snapshot");
        assertThat(third.get(1)).contains("\"from\":\"reachable\"").contains("\"to\":\"unreachable\"");
        // What the Brain last said of its Sensors is carried forward, not forgotten while it is unreachable.
        assertThat(HealthLog.previous(Optional.of(third.get(2)))).containsEntry("sensor:def456", "DOWN")
                .containsEntry("brain", "unreachable");
    }

    @Test
    void aLastEventThatIsNoSnapshotGivesNoPreviousState() {
        assertThat(HealthLog.previous(Optional.empty())).isEmpty();
        assertThat(HealthLog.previous(Optional.of("{\"type\":\"sensor\"}"))).isEmpty();
        assertThat(HealthLog.previous(Optional.of("not json"))).isEmpty();
    }

    @Test
    void batchesHoldAtMostTenThousandEvents() {
        var events = Collections.nCopies(25_000, "{\"type\":\"sensor\"}");

        var batches = LogBatches.of(events);

        assertThat(batches).extracting(List::size).containsExactly(10_000, 10_000, 5_000);
    }

    @Test
    void batchesHoldAtMostAMebibyteCountingTwentySixBytesAnEvent() {
        var message = "x".repeat(1000 - 26); // 1,000 bytes with the overhead
        var events = Collections.nCopies(2_100, message);

        var batches = LogBatches.of(events);

        // 1,048 events make 1,048,000 bytes; a 1,049th would pass 1,048,576.
        assertThat(batches).extracting(List::size).containsExactly(1_048, 1_048, 4);
        assertThat(batches).allSatisfy(b -> assertThat(b.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length + 26L).sum())
                .isLessThanOrEqualTo(LogBatches.MAX_BYTES));
    }

    @Test
    void anEventLargerThanACallIsCutAndSaysSo() {
        var huge = "é".repeat(600_000); // 1.2 MB in UTF-8

        var batches = LogBatches.of(List.of("small", huge));

        assertThat(batches).hasSize(2);
        var cut = batches.get(1).get(0);
        assertThat(cut).endsWith("[cut: event above the CloudWatch Logs size limit]");
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length + 26).isLessThanOrEqualTo(LogBatches.MAX_BYTES);
    }

    @Test
    void theSecretIsReadStrictlyAndNeverShown() {
        var token = BrainSecret.parse("{\"apiToken\": \"tok-9\"}");
        var oauth = BrainSecret.parse("{\"clientId\": \"id\", \"clientSecret\": \"sec-9\", \"caBundle\": \"-----BEGIN CERTIFICATE-----\"}");

        assertThat(token.credentials()).isInstanceOf(BrainCredentials.ApiToken.class);
        assertThat(oauth.caBundle()).isPresent();
        assertThat(token + " " + oauth).doesNotContain("tok-9").doesNotContain("sec-9");
        for (var bad : List.of("", "[]", "{\"apiToken\": \"\"}", "{\"clientId\": \"id\"}", "{\"apiToken\": 5}",
                "{\"apiToken\": \"t\", \"clientId\": \"i\", \"clientSecret\": \"s\"}", "{\"token\": \"sec-9\"}",
                "{\"apiToken\": \"sec-9\", \"apiToken\": \"sec-8\"}")) {
            assertThatThrownBy(() -> BrainSecret.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sec-9").doesNotContain("sec-8"));
        }
    }
}
