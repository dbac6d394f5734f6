package dev.mirrorpilot.aws.securityhub;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.ReasonCode;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.report.UncoveredWorkload;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;

/** Findings for uncovered workloads, written through the real SDK client to the simulated Security Hub. */
class CoverageFindingsTest {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "eu-west-1";
    private final Simulator simulator = SeededSimulator.start(InventoryFile.read(Path.of("../../events/sample-inventory.json")));
    private final SecurityHubClient client = SecurityHubClients.forLocalEndpoint(simulator.endpoint(), REGION);

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    private CoverageFindings findings(String at) {
        return new CoverageFindings(client, ACCOUNT, REGION, Clock.fixed(Instant.parse(at), ZoneOffset.UTC));
    }

    private static UncoveredWorkload uncovered(int n, String vpc, ReasonCode reason) {
        var id = String.format("i-0%016x", n);
        return new UncoveredWorkload(id, "web-" + n, "m5.large", vpc, "subnet-0a2b3c4d5e6f70001",
                List.of(new UncoveredWorkload.Gap(String.format("eni-0%016x", n), reason, "")));
    }

    private static List<UncoveredWorkload> uncovered(int from, int to, String vpc) {
        return IntStream.range(from, to).mapToObj(n -> uncovered(n, vpc, ReasonCode.TARGETS_FULL)).toList();
    }

    private List<JsonNode> stored(String state) {
        return simulator.securityHub().all().stream().filter(f -> f.path("RecordState").asText().equals(state)).toList();
    }

    @Test
    void eachUncoveredWorkloadGetsOneFindingImportedInBatchesOfAtMostAHundred() {
        var outcome = findings("2026-11-26T10:00:00Z").publish(uncovered(0, 250, "vpc-0a2b3c4d5e6f70001"), Optional.empty());

        assertThat(outcome.error()).isEmpty();
        assertThat(outcome.importCalls()).isEqualTo(3);
        assertThat(outcome.failed()).isZero();
        assertThat(simulator.calls().calls("BatchImportFindings")).isEqualTo(3);
        assertThat(stored("ACTIVE")).hasSize(250);
        var one = stored("ACTIVE").get(0);
        assertThat(one.path("ProductArn").asText()).isEqualTo("arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default");
        assertThat(one.path("Resources").path(0).path("Type").asText()).isEqualTo("AwsEc2Instance");
        assertThat(one.path("Resources").path(0).path("Id").asText()).startsWith("arn:aws:ec2:eu-west-1:111122223333:instance/i-");
        assertThat(one.path("Severity").path("Label").asText()).isEqualTo("MEDIUM");
        assertThat(one.path("Remediation").path("Recommendation").path("Text").asText()).contains("Add a Sensor")
                .hasSizeLessThanOrEqualTo(512);
    }

    @Test
    void laterRunUpdatesTheSameFindingAndArchivesThoseNowCoveredOrGone() {
        findings("2026-11-26T10:00:00Z").publish(uncovered(0, 120, "vpc-0a2b3c4d5e6f70001"), Optional.empty());

        // 0..49 are covered now, 100..119 are gone; 50..99 are still uncovered.
        var outcome = findings("2026-11-26T16:00:00Z").publish(uncovered(50, 100, "vpc-0a2b3c4d5e6f70001"), Optional.empty());

        assertThat(outcome.active()).isEqualTo(50);
        assertThat(outcome.archived()).isEqualTo(70);
        assertThat(simulator.securityHub().all()).hasSize(120);
        assertThat(stored("ACTIVE")).hasSize(50).allSatisfy(f -> {
            assertThat(f.path("CreatedAt").asText()).isEqualTo("2026-11-26T10:00:00Z");
            assertThat(f.path("UpdatedAt").asText()).isEqualTo("2026-11-26T16:00:00Z");
        });
        assertThat(stored("ARCHIVED")).hasSize(70);
    }

    @Test
    void aRunLimitedToSomeVpcsArchivesOnlyTheirFindings() {
        var all = new java.util.ArrayList<>(uncovered(0, 10, "vpc-0a2b3c4d5e6f70001"));
        all.addAll(uncovered(10, 20, "vpc-0a2b3c4d5e6f70002"));
        findings("2026-11-26T10:00:00Z").publish(all, Optional.empty());

        var outcome = findings("2026-11-26T16:00:00Z").publish(List.of(), Optional.of(Set.of("vpc-0a2b3c4d5e6f70002")));

        assertThat(outcome.archived()).isEqualTo(10);
        assertThat(stored("ACTIVE")).hasSize(10).allSatisfy(f ->
                assertThat(f.path("ProductFields").path(CoverageFindings.VPC_FIELD).asText()).isEqualTo("vpc-0a2b3c4d5e6f70001"));
    }

    @Test
    void theSampleAccountsProblemsBecomeFindingsWithRemediation() {
        var inventory = SeededSimulator.snapshot(simulator);
        var plan = Planner.plan(inventory, MirrorPolicy.defaults(), Scope.everything());
        var uncovered = UncoveredWorkload.of(inventory, plan);

        var outcome = findings("2026-11-26T10:00:00Z").publish(uncovered, Optional.empty());

        assertThat(uncovered).isNotEmpty();
        assertThat(outcome.active()).isEqualTo(uncovered.size());
        assertThat(stored("ACTIVE")).extracting(f -> f.path("Title").asText()).allSatisfy(t -> assertThat(t).startsWith("EC2 instance"));
        assertThat(stored("ACTIVE")).filteredOn(f -> f.path("Title").asText().contains("legacy-reporting")).singleElement()
                .satisfies(f -> {
                    assertThat(f.path("Title").asText()).contains("t2.");
                    assertThat(f.path("Severity").path("Label").asText()).isEqualTo("LOW");
                    assertThat(f.path("Remediation").path("Recommendation").path("Text").asText()).contains("supported type");
                });
        assertThat(stored("ACTIVE")).filteredOn(f -> f.path("Title").asText().contains("dev-box")).singleElement()
                .satisfies(f -> assertThat(f.path("Severity").path("Label").asText()).isEqualTo("MEDIUM"));
        // bastion is mirrored by netops' full capture into a Sensor MirrorPilot would use: covered, no finding.
        assertThat(stored("ACTIVE")).noneMatch(f -> f.path("Title").asText().contains("bastion"));
    }

    @Test
    void securityHubNotEnabledIsReportedWithWhatToDoAndNothingIsThrown() {
        simulator.securityHub().enabled(false);

        var outcome = findings("2026-11-26T10:00:00Z").publish(uncovered(0, 5, "vpc-0a2b3c4d5e6f70001"), Optional.empty());

        assertThat(outcome.error()).get().asString().contains("not enabled").contains("PublishFindings=false");
    }

    @Test
    void aTargetThatCannotReceiveGetsAFindingNamingTheSensorAndWhatToFixArchivedOnceItCan() {
        var sample = InventoryFile.read(Path.of("../../events/sample-inventory.json"));
        var unusable = dev.mirrorpilot.policy.report.UnusableTarget.of(sample, MirrorPolicy.defaults());

        var first = findings("2026-11-26T10:00:00Z").publishTargets(unusable);
        var healthy = findings("2026-11-26T16:00:00Z").publishTargets(List.of());

        assertThat(unusable).singleElement().satisfies(t -> assertThat(t.targetId()).isEqualTo("tmt-0a2b3c4d5e6f70060"));
        assertThat(first.error()).isEmpty();
        assertThat(first.active()).isEqualTo(1);
        var finding = simulator.securityHub().all().stream()
                .filter(f -> f.path("GeneratorId").asText().equals(CoverageFindings.TARGET_GENERATOR_ID)).toList();
        assertThat(finding).singleElement().satisfies(f -> {
            assertThat(f.path("Title").asText()).contains("vectra-sensor-e").contains("cannot receive");
            assertThat(f.path("Description").asText()).contains("stopped");
            assertThat(f.path("Remediation").path("Recommendation").path("Text").asText()).contains("Start or replace the Sensor");
            assertThat(f.path("Severity").path("Label").asText()).isEqualTo("HIGH");
            assertThat(f.path("RecordState").asText()).isEqualTo("ARCHIVED");
        });
        assertThat(healthy.archived()).isEqualTo(1);
    }

    @Test
    void importsStopBetweenBatchesWhenTheInvocationsTimeIsUpAndSaySo() {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        var outcome = findings("2026-11-26T10:00:00Z").within(() -> calls.incrementAndGet() <= 1)
                .publish(uncovered(0, 250, "vpc-0a2b3c4d5e6f70001"), Optional.empty());

        assertThat(outcome.importCalls()).isEqualTo(1);
        assertThat(outcome.error()).hasValueSatisfying(e -> assertThat(e).contains("100 of 250").contains("next run"));
        assertThat(stored("ACTIVE")).hasSize(100);
    }
}
