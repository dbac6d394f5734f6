package dev.mirrorpilot.simulator.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorpilot.simulator.model.InstanceType;
import dev.mirrorpilot.simulator.model.InterfaceType;
import dev.mirrorpilot.simulator.model.Seed;
import dev.mirrorpilot.simulator.model.MirrorFilter;
import dev.mirrorpilot.simulator.model.MirrorSession;
import dev.mirrorpilot.simulator.model.MirrorTarget;
import dev.mirrorpilot.simulator.model.NetworkInterface;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.model.TargetKind;
import dev.mirrorpilot.simulator.AwsError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Limits that need more resources than the sample has: built directly, checked on the state. */
class AccountStateTest {
    private static final String VPC = "vpc-1";

    private static NetworkInterface eni(int i) {
        return new NetworkInterface("eni-" + i, VPC, "subnet-1", "eu-west-1a", InterfaceType.INTERFACE, false,
                "111122223333", Optional.empty(), "", "", List.of());
    }

    private static Seed account(List<MirrorTarget> targets, int enis, List<MirrorSession> sessions) {
        var interfaces = new ArrayList<NetworkInterface>();
        for (int i = 0; i < enis; i++) {
            interfaces.add(eni(i));
        }
        var filter = new MirrorFilter("tmf-1", List.of(), List.of(), Set.of(), Tags.NONE);
        return new Seed("111122223333", "eu-west-1", List.of(), List.of(), List.of(), interfaces, targets,
                List.of(filter), sessions, List.of(), List.of(), List.of(new InstanceType("c5n.18xlarge", "nitro", false)),
                List.of(), List.of(), List.of());
    }

    private static SessionRequest request(String eni, String target) {
        return new SessionRequest(eni, target, "tmf-1", 1, OptionalInt.empty(), OptionalInt.empty(), "", Tags.NONE, null, false);
    }

    @Test
    void eniTargetOnTheLargestSizeOfAFamilyTakesOneHundredSources() {
        var sensor = new MirrorTarget("tmt-big", TargetKind.NETWORK_INTERFACE, "eni-sensor", VPC, Optional.of("eu-west-1a"),
                "111122223333", Optional.of("c5n.18xlarge"), Tags.NONE);
        var state = new AccountState(account(List.of(sensor), 101, List.of()));

        for (int i = 0; i < 100; i++) {
            state.createSession(request("eni-" + i, "tmt-big"));
        }
        var error = catchThrowableOfType(AwsError.class, () -> state.createSession(request("eni-100", "tmt-big")));

        assertThat(error.code()).isEqualTo("TrafficMirrorSourcesPerTargetLimitExceeded");
    }

    @Test
    void accountHoldsAtMostTenThousandSessions() {
        var nlb = new MirrorTarget("tmt-nlb", TargetKind.NETWORK_LOAD_BALANCER, "arn:nlb", VPC, Optional.empty(),
                "111122223333", Optional.empty(), Tags.NONE);
        var sessions = new ArrayList<MirrorSession>();
        for (int i = 0; i < AccountState.SESSIONS_PER_ACCOUNT; i++) {
            sessions.add(new MirrorSession("tms-" + i, "eni-" + i, "tmt-nlb", "tmf-1", 1, OptionalInt.of(i + 1),
                    OptionalInt.empty(), "", Tags.NONE, "111122223333"));
        }
        var state = new AccountState(account(List.of(nlb), AccountState.SESSIONS_PER_ACCOUNT + 1, sessions));

        var error = catchThrowableOfType(AwsError.class,
                () -> state.createSession(request("eni-" + AccountState.SESSIONS_PER_ACCOUNT, "tmt-nlb")));

        assertThat(error.code()).isEqualTo("TrafficMirrorSessionLimitExceeded");
    }

    @Test
    void secondSessionFromAnEniAlreadyOnTheTargetTakesNoNewSlot() {
        var sensor = new MirrorTarget("tmt-small", TargetKind.NETWORK_INTERFACE, "eni-sensor", VPC, Optional.of("eu-west-1a"),
                "111122223333", Optional.empty(), Tags.NONE);
        var state = new AccountState(account(List.of(sensor), 11, List.of()));
        for (int i = 0; i < 10; i++) {
            state.createSession(request("eni-" + i, "tmt-small"));
        }

        state.createSession(new SessionRequest("eni-0", "tmt-small", "tmf-1", 2, OptionalInt.empty(), OptionalInt.empty(),
                "", Tags.NONE, null, false));

        assertThat(state.sessions()).hasSize(11);
    }

    @Test
    void resetForgetsChangesAndClientTokens() {
        var nlb = new MirrorTarget("tmt-nlb", TargetKind.NETWORK_LOAD_BALANCER, "arn:nlb", VPC, Optional.empty(),
                "111122223333", Optional.empty(), Tags.NONE);
        var state = new AccountState(account(List.of(nlb), 2, List.of()));
        var tokened = new SessionRequest("eni-0", "tmt-nlb", "tmf-1", 1, OptionalInt.empty(), OptionalInt.empty(), "",
                Tags.NONE, "token-1", false);
        var first = state.createSession(tokened);

        state.reset();
        var again = state.createSession(tokened);

        assertThat(state.sessions()).hasSize(1);
        assertThat(again.id()).isEqualTo(first.id()); // ids restart from the seed, and the token was forgotten
    }
}
