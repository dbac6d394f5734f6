package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.simulator.OrganizationSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `mirrorpilot coverage --org` against an organization in the simulator, one account's role not assumable. */
class CoverageCommandTest {
    static final String MANAGEMENT = "999999999999";
    static final String ROLE = "MirrorPilotCoverage";
    static OrganizationSimulator organization;

    /** The sample account, as another account id and region. */
    static Inventory sample(String account, String region) throws Exception {
        var text = Files.readString(Path.of("../events/sample-inventory.json"))
                .replace("111122223333", account).replace("eu-west-1", region);
        return InventoryFile.parse(text, "sample as " + account + " " + region);
    }

    @BeforeAll
    static void start() throws Exception {
        organization = SeededSimulator.organization(MANAGEMENT, ROLE, Set.of("777788889999"), List.of(
                sample("111122223333", "eu-west-1"), sample("111122223333", "us-east-1"), sample("444455556666", "eu-west-1")));
    }

    @AfterAll
    static void stop() {
        organization.close();
    }

    private static CliRun run(String... extra) {
        var args = new java.util.ArrayList<>(List.of("coverage", "--org", "--role-name", ROLE, "--region", "eu-west-1",
                "--endpoint-url", organization.endpoint().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    @Test
    void everyAccountAndRegionIsARowAndOneWhoseRoleCannotBeAssumedSaysWhy() {
        var run = run("--regions", "eu-west-1,us-east-1", "--accounts", "111122223333,444455556666,777788889999");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CoverageCommand.EXIT_UNREAD);
        // The sample account: 19 eligible ENIs, 8 mirrored today (as `plan` reports it), in both regions.
        assertThat(run.out()).containsPattern("111122223333 +member-111122223333 +eu-west-1 +19 +\\d+")
                .containsPattern("111122223333 +member-111122223333 +us-east-1 +19 +\\d+")
                .containsPattern("444455556666 +member-444455556666 +eu-west-1 +19 +\\d+")
                .containsPattern("777788889999 .* cannot assume MirrorPilotCoverage \\(AccessDenied\\)")
                .contains("Organization: 57 eligible ENIs");
        assertThat(run.err()).contains("3 account(s) x 2 region(s)").contains("6/6 read");
        // Each member read with the same calls as plan --live: no change made anywhere.
        assertThat(organization.member("111122223333", "eu-west-1").calls().calls("CreateTrafficMirrorSession")).isZero();
        assertThat(organization.member("111122223333", "eu-west-1").calls().calls("DescribeInstances")).isPositive();
    }

    @Test
    void jsonHasARowPerAccountAndRegion() {
        var run = run("--accounts", "111122223333", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"account\" : \"111122223333\"").contains("\"eligible\" : 19").contains("\"error\" : \"\"");
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsRead() {
        assertThat(run("--accounts", "12345").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run("--regions", "Ireland").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run("--concurrency", "0").exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
    }

    @Test
    void anAccountOutsideTheOrganizationIsARowThatSaysSoNotADroppedOne() {
        var run = run("--accounts", "111122223333,999900001111");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CoverageCommand.EXIT_UNREAD);
        assertThat(run.out()).containsPattern("999900001111 .* not read: not an account of this organization")
                .contains("1 account-region(s) not read");
    }

    @Test
    void aRegionOrAnAccountGivenTwiceIsReadAndCountedOnce() {
        var run = run("--regions", "eu-west-1,eu-west-1", "--accounts", "111122223333,111122223333");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Organization: 19 eligible ENIs");
        assertThat(run.err()).contains("1 account(s) x 1 region(s)");
    }

    @Test
    void nothingReadableIsNotOneHundredPercent() {
        var run = run("--accounts", "777788889999");

        assertThat(run.exitCode()).isEqualTo(CoverageCommand.EXIT_UNREAD);
        assertThat(run.out()).contains("coverage not known").doesNotContain("100.0 %");
    }
}
