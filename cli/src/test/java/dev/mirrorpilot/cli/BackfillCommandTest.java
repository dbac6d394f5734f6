package dev.mirrorpilot.cli;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `mirrorpilot backfill` against the simulated sample account, through the real SDK client. */
class BackfillCommandTest {
    private Simulator simulator;

    @BeforeEach
    void start() {
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json")));
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private CliRun backfill(String... extra) {
        var args = new ArrayList<>(List.of("backfill", "--region", "eu-west-1", "--endpoint-url", simulator.endpoint().toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args);
    }

    private long mutatingCalls() {
        var calls = simulator.calls();
        return calls.calls("CreateTrafficMirrorSession") + calls.calls("DeleteTrafficMirrorSession")
                + calls.calls("ModifyTrafficMirrorSession");
    }

    @Test
    void dryRunChangesNothingAndExitsThreeWhenChangesArePending() {
        var run = backfill();

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BackfillCommand.EXIT_PENDING);
        assertThat(run.out()).contains("Changes: 11 to create, 0 to retarget, 1 to delete").contains("Dry run: nothing was changed");
        assertThat(mutatingCalls()).isZero();
    }

    @Test
    void applyMirrorsEveryEligibleEniOnceAndLeavesNothingToChange() {
        var run = backfill("--apply", "--rate", "1000");
        var again = backfill();

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Applied: 11 created, 0 retargeted, 1 deleted").contains("Left to change: 0");
        assertThat(run.err()).contains("applied 12/12 changes");
        assertThat(SeededSimulator.sessions(simulator).stream().filter(MirrorSession::isManaged)
                .collect(Collectors.groupingBy(MirrorSession::sourceEniId, Collectors.counting())).values())
                .allMatch(n -> n == 1L);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("Nothing to change.");
    }

    @Test
    void maxChangesStopsEarlyAndSaysWhatIsLeft() {
        var run = backfill("--apply", "--rate", "1000", "--max-changes", "5");

        assertThat(run.exitCode()).isEqualTo(BackfillCommand.EXIT_PENDING);
        assertThat(mutatingCalls()).isEqualTo(5);
        assertThat(run.out()).contains("Left to change: 7");
    }

    @Test
    void vpcScopeTouchesOnlyThoseVpcs() {
        var apps = simulator.state().vpcs().stream().filter(v -> v.tags().nameOr(v.id()).equals("apps")).findFirst().orElseThrow().id();

        var run = backfill("--apply", "--rate", "1000", "--vpc", apps);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Applied: 3 created, 0 retargeted, 0 deleted");
    }

    @Test
    void anAccountThatIsNotTheCredentialsOwnIsRefusedBeforeAnythingIsRead() {
        var run = backfill("--apply", "--account", "999999999999");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--account 999999999999 is not the account these credentials are in")
                .contains("STS says 111122223333");
        assertThat(simulator.calls().calls().keySet()).allMatch(action -> !action.startsWith("Describe"));
        assertThat(mutatingCalls()).isZero();
    }

    @Test
    void inASharedVpcParticipantAccountItsOwnEnisAreMirroredAndNothingIsDeleted() {
        simulator.close();
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("src/test/resources/shared-vpc-participant.json")));
        var before = SeededSimulator.sessions(simulator);

        var run = backfill("--apply");

        assertThat(run.exitCode()).as(run.err() + run.out()).isZero();
        assertThat(simulator.calls().calls("DeleteTrafficMirrorSession")).isZero();
        assertThat(SeededSimulator.sessions(simulator)).containsAll(before);
        assertThat(SeededSimulator.sessions(simulator)).extracting(MirrorSession::sourceEniId)
                .containsExactlyInAnyOrder("eni-0c0c0c0c0c0c00021", "eni-0c0c0c0c0c0c00031");
    }

    @Test
    void aVpcTheAccountDoesNotHaveIsRefusedBeforeAnythingChanges() {
        var unknown = backfill("--apply", "--vpc", "vpc-0123456789abcdef0");
        var malformed = backfill("--apply", "--vpc", "vpc-12");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--vpc vpc-0123456789abcdef0: no such VPC");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("not a VPC id");
        assertThat(mutatingCalls()).isZero();
    }

    @Test
    void aRefusedConnectionIsReportedAsSuchNotAsThrottling() {
        var endpoint = simulator.endpoint().toString();
        simulator.close();

        var run = backfill("--account", "111122223333");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach AWS").contains("--endpoint-url").doesNotContainIgnoringCase("throttl");
        simulator = SeededSimulator.start(InventoryFile.read(Path.of("../events/sample-inventory.json"))); // for @AfterEach
        assertThat(endpoint).isNotBlank();
    }

    @Test
    void anAnswerThatIsNotAwssIsNotCalledUnreachable() throws Exception {
        // Something answers at the endpoint (a proxy's login page, a wrong service): reachable, but not AWS's answer.
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            var body = "<html><body>proxy login</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var run = CliRun.of("backfill", "--region", "eu-west-1", "--account", "111122223333", "--endpoint-url",
                    "http://127.0.0.1:" + server.getAddress().getPort());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err()).doesNotContain("cannot reach AWS").contains("not in a form the SDK can read");
        } finally {
            server.stop(0);
        }
    }
}
