package dev.mirrorpilot.aws.securityhub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Brain findings: one per distinct subject, within Security Hub's limits. */
class BrainFindingKeysTest {
    @Test
    void subjectsThatSanitiseAlikeStillGetTheirOwnFinding() {
        assertThat(CoverageFindings.subjectKey("Sens\u00f6r-\u00e4")).isNotEqualTo(CoverageFindings.subjectKey("Sens\u00f6r-\u00f6"));
        assertThat(CoverageFindings.subjectKey("vectra-sensor-a (abc123)")).startsWith("vectra-sensor-a__abc123_-")
                .matches("[A-Za-z0-9._-]+");
        assertThat(CoverageFindings.subjectKey("x".repeat(500))).hasSizeLessThan(60);
    }

    @Test
    void titlesAndDescriptionsAreCutToSecurityHubsLimits() {
        assertThat(CoverageFindings.limit("t".repeat(300), CoverageFindings.TITLE_LIMIT)).hasSize(256).endsWith("...");
        assertThat(CoverageFindings.limit("short", CoverageFindings.TITLE_LIMIT)).isEqualTo("short");
    }
}
