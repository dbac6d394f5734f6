package dev.mirrorpilot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    private static final String SAMPLE = "../events/sample-inventory.json";

    private static CliRun run(Map<String, String> environment, String... args) {
        return CliRun.of(environment, List.of(args));
    }

    private static CliRun run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void planOfTheSampleInventoryShowsCoverageReasonsTargetsAndChanges() {
        var run = run("plan", "--inventory", SAMPLE);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("dry run: nothing was changed")
                .containsPattern("prod-web \\(vpc-\\w+\\)\\s+17\\s+11\\s+7\\s+0\\s+4\\s+0\\s+6\\s+100.0%")
                .contains("target_down: Sensor vectra-sensor-e (i-0a2b3c4d5e6f70063) is stopped")
                .contains("shared by 999988887777")
                .contains("partly: first tms-0a2b3c4d5e6f70067 number 5")
                .containsPattern("is_appliance\\s+2")
                .containsPattern("all VPCs\\s+30\\s+19\\s+7\\s+0\\s+11\\s+1\\s+11\\s+94.7%")
                .doesNotContainPattern("shadowed\\s+1\\s+a foreign session with a lower number")
                .containsPattern("no_reachable_target\\s+1")
                .containsPattern("unsupported_instance_type\\s+2")
                .containsPattern("vectra-sensor-a\\s+ENI\\s+prod-web\\s+eu-west-1a\\s+8\\s+8\\s+10\\s+at headroom")
                .containsPattern("vectra-sensors-nlb\\s+NLB\\s+shared-services\\s+all\\s+1\\s+5\\s+none\\s+ok")
                .contains("Changes: 11 to create, 0 to retarget, 1 to delete")
                .contains("create  web-7 (");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonOutputCarriesEveryActionWithItsReasonCode() throws Exception {
        var run = run("plan", "--inventory", SAMPLE, "--json");

        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(run.exitCode()).isZero();
        assertThat(json.at("/summary/creates").asInt()).isEqualTo(11);
        assertThat(json.at("/summary/coverage/eligible").asInt()).isEqualTo(19);
        assertThat(json.at("/dryRun").asBoolean()).isTrue();
        assertThat(json.get("actions")).anySatisfy(a -> {
            assertThat(a.get("action").asText()).isEqualTo("skip");
            assertThat(a.get("reason").asText()).isEqualTo("no_reachable_target");
            assertThat(a.get("problem").asBoolean()).isTrue();
        });
        // bastion: netops' accept-all session, number 1, mirrors it into vectra-sensor-b, which can receive: covered.
        assertThat(json.get("actions")).anySatisfy(a -> {
            assertThat(a.get("instanceId").asText()).isEqualTo("i-0a2b3c4d5e6f7002c");
            assertThat(a.get("reason").asText()).isEqualTo("mirrored_by_foreign_session");
            assertThat(a.get("problem").asBoolean()).isFalse();
        });
        assertThat(json.get("actions")).filteredOn(a -> a.get("action").asText().equals("create"))
                .allSatisfy(a -> assertThat(a.at("/tags/mirrorpilot:managed").asText()).isEqualTo("true"));
    }

    @Test
    void policyComesFromTheEnvironmentLikeTheLambdaAndSetOverridesIt() {
        var optIn = run(Map.of("MIRRORPILOT_MODE", "opt-in"), "plan", "--inventory", SAMPLE);
        var overridden = run(Map.of("MIRRORPILOT_MODE", "opt-in"), "plan", "--inventory", SAMPLE, "--set", "MODE=opt-out");

        assertThat(optIn.out()).contains("Changes: 0 to create").containsPattern("not_opted_in\\s+\\d+");
        assertThat(overridden.out()).contains("Changes: 11 to create");
    }

    @Test
    void badPolicySettingExplainsItselfAndExitsWithTwo() {
        var run = run(Map.of("MIRRORPILOT_CAPACITY_HEADROOM", "150"), "plan", "--inventory", SAMPLE);

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("MIRRORPILOT_CAPACITY_HEADROOM=150").contains("1..100");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownSetKeyListsTheKnownOnes() {
        var run = run("plan", "--inventory", SAMPLE, "--set", "TARGETS=x");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("--set TARGETS: unknown policy setting").contains("TARGET_TAG");
    }

    @Test
    void missingOrBrokenInventoryIsBadInput(@TempDir Path dir) throws Exception {
        var broken = dir.resolve("broken.json");
        Files.writeString(broken, "{ not json");

        var missing = run("plan", "--inventory", dir.resolve("absent.json").toString());
        var malformed = run("plan", "--inventory", broken.toString());

        assertThat(missing.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(missing.err()).contains("absent.json: no such file");
        assertThat(malformed.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(malformed.err()).contains("broken.json: not valid JSON");
    }

    @Test
    void scopeOptionsNarrowThePlanAndConflictingOnesAreRefused() {
        var oneVpc = run("plan", "--inventory", SAMPLE, "--vpc", "vpc-0a2b3c4d5e6f70004");
        var conflicting = run("plan", "--inventory", SAMPLE, "--vpc", "vpc-1", "--near-limit");

        assertThat(oneVpc.out()).contains("VPCs vpc-0a2b3c4d5e6f70004").contains("Changes: 3 to create, 0 to retarget, 0 to delete");
        assertThat(conflicting.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(conflicting.err()).contains("choose one of --vpc, --instance and --near-limit");
    }

    @Test
    void planNeedsAnInventoryOrTheLiveAccount() {
        var run = run("plan");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("give either --inventory FILE or --live");
    }

    @Test
    void liveAccountIsReadThroughTheEc2ApiAndPlansLikeItsInventoryFile() throws Exception {
        try (var simulator = dev.mirrorpilot.simulator.seed.SeededSimulator.start(
                dev.mirrorpilot.inventory.InventoryFile.read(java.nio.file.Path.of(SAMPLE)))) {
            var live = run("plan", "--live", "--region", "eu-west-1", "--endpoint-url", simulator.endpoint().toString(), "--json");
            var fromFile = run("plan", "--inventory", SAMPLE, "--json");

            assertThat(live.exitCode()).as(live.err()).isZero();
            assertThat(live.err()).contains("reading the account through the EC2 API").containsPattern("read 29 instances, 12 sessions");
            var mapper = new ObjectMapper();
            assertThat(mapper.readTree(live.out()).get("actions")).isEqualTo(mapper.readTree(fromFile.out()).get("actions"));
            assertThat(simulator.calls().calls("CreateTrafficMirrorSession")).isZero();
        }
    }

    @Test
    void liveWithoutARegionSaysWhatToSet() {
        var run = run("plan", "--live");

        assertThat(run.exitCode()).isEqualTo(Main.EXIT_BAD_INPUT);
        assertThat(run.err()).contains("pass --region or set AWS_REGION");
    }

    @Test
    void generatedAccountCanBePlanned(@TempDir Path dir) {
        var file = dir.resolve("big.json").toString();

        var generated = run("generate", "--instances", "300", "--vpcs", "6", "--seed", "7", "-o", file);
        var planned = run("plan", "--inventory", file, "--actions", "0");

        assertThat(generated.out()).containsPattern("300 workloads and \\d+ Sensors, 6 VPCs");
        assertThat(planned.exitCode()).isZero();
        assertThat(planned.out()).contains("Coverage by VPC").doesNotContain("  action  ");
    }

    @Test
    void theTextReportNamesTheUncoveredInstancesAndScriptsCanFailOnThem() {
        var plain = run("plan", "--inventory", SAMPLE);
        var strict = run("plan", "--inventory", SAMPLE, "--fail-on-uncovered");
        var covered = run("plan", "--inventory", SAMPLE, "--fail-on-uncovered", "--vpc", "vpc-0a2b3c4d5e6f70004");

        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out()).contains("Uncovered workloads").containsPattern("dev-box \\(i-0a2b3c4d5e6f70045\\)\\s+eni-\\w+\\s+no_reachable_target")
                .doesNotContainPattern("bastion \\(i-0a2b3c4d5e6f7002c\\)\\s+eni-\\w+\\s+shadowed");
        assertThat(strict.exitCode()).isEqualTo(PlanCommand.EXIT_UNCOVERED);
        assertThat(covered.exitCode()).as(covered.err()).isZero();
    }

    @Test
    void aMalformedOrUnknownVpcIsRefusedSayingWhich() {
        var malformed = run("plan", "--inventory", SAMPLE, "--vpc", "vpc-nope");
        var unknown = run("plan", "--inventory", SAMPLE, "--vpc", "vpc-0123456789abcdef0");
        var instance = run("plan", "--inventory", SAMPLE, "--instance", "i-xyz");

        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--vpc vpc-nope: not a VPC id").contains("vpc-0123456789abcdef0");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--vpc vpc-0123456789abcdef0: no such VPC in account 111122223333");
        assertThat(instance.exitCode()).isEqualTo(2);
        assertThat(instance.err()).contains("--instance i-xyz: not an instance id");
    }

    @Test
    void reasonCodesAreSpelledOneWayInTextAndJson() {
        var text = run("plan", "--inventory", SAMPLE).out();
        var json = run("plan", "--inventory", SAMPLE, "--json").out();

        assertThat(text).contains("no_reachable_target").doesNotContain("NO_REACHABLE_TARGET");
        assertThat(json).contains("\"no_reachable_target\"").doesNotContain("NO_REACHABLE_TARGET");
    }

    @Test
    void textFromTheInventoryIsPrintedEscapedSoItCannotClearTheTerminalOrForgeALine(@TempDir Path dir) throws Exception {
        var mapper = new ObjectMapper();
        var inventory = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(Path.of("../events/sample-inventory.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) inventory.get("vpcs").get(0).get("tags"))
                .put("Name", "prod\u001b[2J\nFAKE: every workload is mirrored\u202e");
        var file = dir.resolve("hostile.json");
        Files.writeString(file, mapper.writeValueAsString(inventory));

        var run = CliRun.of("plan", "--inventory", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).doesNotContain("\u001b").doesNotContain("\u202e")
                .contains("prod\\u001b[2J\\u000aFAKE: every workload is mirrored\\u202e");
        assertThat(run.out().lines()).noneMatch(line -> line.startsWith("FAKE"));
    }
}
