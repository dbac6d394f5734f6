package dev.mirrorpilot.simulator;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.securityhub.SecurityHubClient;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFinding;
import software.amazon.awssdk.services.securityhub.model.AwsSecurityFindingFilters;
import software.amazon.awssdk.services.securityhub.model.InvalidInputException;
import software.amazon.awssdk.services.securityhub.model.RecordState;
import software.amazon.awssdk.services.securityhub.model.Resource;
import software.amazon.awssdk.services.securityhub.model.Severity;
import software.amazon.awssdk.services.securityhub.model.SeverityLabel;
import software.amazon.awssdk.services.securityhub.model.StringFilter;
import software.amazon.awssdk.services.securityhub.model.StringFilterComparison;

/** Security Hub through the real SDK client: import limits, required fields, updates, archive, queries. */
class SecurityHubConformanceTest {
    static Simulator simulator;
    static SecurityHubClient hub;
    static final String PRODUCT = "arn:aws:securityhub:eu-west-1:111122223333:product/111122223333/default";

    @BeforeAll
    static void start() {
        simulator = SeededSimulator.start(Ec2ConformanceTest.SAMPLE);
        hub = Clients.securityHub(simulator.endpoint());
    }

    @AfterAll
    static void stop() {
        hub.close();
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static AwsSecurityFinding finding(String id, RecordState state) {
        return AwsSecurityFinding.builder().schemaVersion("2018-10-08").id(id).productArn(PRODUCT)
                .generatorId("mirrorpilot/coverage").awsAccountId("111122223333")
                .createdAt("2026-11-26T10:00:00.000Z").updatedAt("2026-11-26T10:00:00.000Z")
                .title("Workload not mirrored").description("i-1 is not mirrored: every reachable target is full")
                .types("Software and Configuration Checks/AWS Security Best Practices")
                .severity(Severity.builder().label(SeverityLabel.MEDIUM).build())
                .resources(Resource.builder().type("AwsEc2Instance").id("arn:aws:ec2:eu-west-1:111122223333:instance/" + id).build())
                .recordState(state).build();
    }

    @Test
    void importedFindingsCanBeQueriedUpdatedAndArchived() {
        var imported = hub.batchImportFindings(b -> b.findings(finding("i-1", RecordState.ACTIVE), finding("i-2", RecordState.ACTIVE)));
        hub.batchImportFindings(b -> b.findings(finding("i-1", RecordState.ARCHIVED)));

        var active = hub.getFindings(b -> b.filters(AwsSecurityFindingFilters.builder()
                .recordState(StringFilter.builder().value("ACTIVE").comparison(StringFilterComparison.EQUALS).build()).build()))
                .findings();
        var first = hub.getFindings(b -> b.filters(AwsSecurityFindingFilters.builder()
                .id(StringFilter.builder().value("i-1").comparison(StringFilterComparison.EQUALS).build()).build())).findings();

        assertThat(imported.successCount()).isEqualTo(2);
        assertThat(imported.failedCount()).isZero();
        assertThat(active).extracting(AwsSecurityFinding::id).containsExactly("i-2");
        assertThat(first).singleElement().satisfies(f -> assertThat(f.recordState()).isEqualTo(RecordState.ARCHIVED));
    }

    @Test
    void moreThanOneHundredFindingsIsInvalidInput() {
        var many = new ArrayList<AwsSecurityFinding>();
        for (int i = 0; i < 101; i++) {
            many.add(finding("i-" + i, RecordState.ACTIVE));
        }

        assertThatThrownBy(() -> hub.batchImportFindings(b -> b.findings(many))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void findingMissingARequiredFieldOrForAnotherProductFailsAlone() {
        var noTitle = finding("i-3", RecordState.ACTIVE).toBuilder().title(null).build();
        var otherProduct = finding("i-4", RecordState.ACTIVE).toBuilder()
                .productArn("arn:aws:securityhub:eu-west-1::product/vendor/other").build();

        var result = hub.batchImportFindings(b -> b.findings(noTitle, otherProduct, finding("i-5", RecordState.ACTIVE)));

        assertThat(result.successCount()).isEqualTo(1);
        assertThat(result.failedCount()).isEqualTo(2);
        assertThat(result.failedFindings()).anySatisfy(f -> assertThat(f.errorMessage()).contains("Title"));
    }

    @Test
    void getFindingsPaginates() {
        var many = new ArrayList<AwsSecurityFinding>();
        for (int i = 0; i < 30; i++) {
            many.add(finding("i-" + i, RecordState.ACTIVE));
        }
        hub.batchImportFindings(b -> b.findings(many));

        var all = hub.getFindingsPaginator(b -> b.maxResults(7)).findings().stream().toList();

        assertThat(all).hasSize(30);
    }
}
