package dev.mirrorpilot.policy.placement;

import static dev.mirrorpilot.policy.PlanReading.create;
import static dev.mirrorpilot.policy.PlanReading.skip;
import static dev.mirrorpilot.policy.TestAccount.VPC_A;
import static dev.mirrorpilot.policy.TestAccount.VPC_B;
import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.coverage.CoverageReport;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Targets shared through AWS RAM from a security account: their VPC cannot be read here. */
class SharedTargetsTest {
    private static final String SECURITY_ACCOUNT = "999988887777";
    private static final MirrorTarget SHARED = new MirrorTarget("tmt-0a0a0a0a0a0a0a0a1", TargetKind.NETWORK_INTERFACE,
            "eni-in-security-account", "", Optional.empty(), SECURITY_ACCOUNT, Optional.empty(), Tags.NONE);
    private static final MirrorPolicy BY_ID = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", SHARED.id()));

    private static TestAccount twoVpcsOneOnATransitGateway() {
        return account().target(SHARED).running("i-tgw").running("i-island", VPC_B, TestAccount.AZ_1)
                .transitGateway("tgw-1", VPC_A);
    }

    @Test
    void aSharedTargetIsReachedFromEveryVpcWithATransitGatewayAttachmentAndTheReportSaysSo() {
        var plan = twoVpcsOneOnATransitGateway().plan(BY_ID);

        var create = create(plan, eniOf("i-tgw"));
        assertThat(create.targetId()).isEqualTo(SHARED.id());
        assertThat(create.reason().detail()).contains("shared target").contains("transit gateway").contains(SECURITY_ACCOUNT);
        assertThat(skip(plan, eniOf("i-island")).reason().code()).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
    }

    @Test
    void theSettingSaysWhichVpcsReachASharedTarget() {
        var policy = MirrorPolicy.fromSettings(Map.of("MIRRORPILOT_TARGET_IDS", SHARED.id(),
                "MIRRORPILOT_SHARED_TARGET_VPCS", SHARED.id() + ":vpc-0b0b0b0b0b0b0b0b1"));
        var plan = account().target(SHARED).running("i-tgw").running("i-listed", "vpc-0b0b0b0b0b0b0b0b1", TestAccount.AZ_1)
                .transitGateway("tgw-1", VPC_A).plan(policy);

        assertThat(create(plan, eniOf("i-listed")).reason().detail()).contains("SHARED_TARGET_VPCS");
        assertThat(skip(plan, eniOf("i-tgw")).reason().code()).isEqualTo(ReasonCode.NO_REACHABLE_TARGET);
    }

    @Test
    void aSharedTargetIsReportedAsNotVerifiableFromThisAccount() {
        var account = twoVpcsOneOnATransitGateway();
        var report = CoverageReport.of(account.build(), BY_ID, account.plan(BY_ID));

        assertThat(report.targets()).singleElement().satisfies(t -> {
            assertThat(t.problem()).isEmpty();
            assertThat(t.state()).contains("shared by " + SECURITY_ACCOUNT);
        });
    }

    @Test
    void aBadSharedTargetSettingIsRefusedWithTheExpectedForm() {
        var error = org.assertj.core.api.Assertions.catchThrowable(() -> MirrorPolicy.fromSettings(
                Map.of("MIRRORPILOT_SHARED_TARGET_VPCS", "tmt-0a0a0a0a0a0a0a0a1:vpc-nope")));

        assertThat(error).hasMessageContaining("MIRRORPILOT_SHARED_TARGET_VPCS").hasMessageContaining("tmt-id:vpc-id");
    }
}
