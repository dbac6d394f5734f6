package dev.mirrorpilot.policy.properties;

import static dev.mirrorpilot.policy.TestAccount.account;
import static dev.mirrorpilot.policy.TestAccount.eniOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.policy.TestAccount;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.plan.DuplicateRule;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Two passes race over the copies of one ENI's MirrorPilot session: a reconcile (the planner) and
 * the launch path's clean-up (DuplicateRule directly), each with its own view: which copies it read,
 * and whether it saw the first Sensor up or down (a stale cache). Whatever the interleaving, a copy
 * survives, and when either pass read every copy, exactly one does.
 */
class DuplicateRaceProperties {

    /** A race: the copies (id, number, on which Sensor), what each pass read, what each saw of Sensor 1. */
    record Race(List<Copy> copies, List<Boolean> readByPlanner, List<Boolean> readByCleanUp, boolean plannerSeesSensorDown) {
    }

    record Copy(int id, int number, boolean onFirstSensor) {
        String sessionId() {
            return String.format("tms-%08x", id);
        }
    }

    @Provide
    Arbitrary<Race> races() {
        var copy = Combinators.combine(Arbitraries.integers().between(1, 1_000_000), Arbitraries.integers().between(1, 30),
                Arbitraries.of(true, false)).as(Copy::new);
        return copy.list().ofMinSize(2).ofMaxSize(3).uniqueElements(Copy::id).uniqueElements(Copy::number)
                .flatMap(copies -> Combinators.combine(
                        Arbitraries.of(true, false).list().ofSize(copies.size()),
                        Arbitraries.of(true, false).list().ofSize(copies.size()),
                        Arbitraries.of(true, false))
                        .as((planner, cleanUp, down) -> new Race(copies, planner, cleanUp, down)));
    }

    @Property(tries = 500)
    void racingPassesNeverDeleteEveryCopyAndLeaveOneWhenEitherSawThemAll(@ForAll("races") Race race) {
        var deleted = new HashSet<String>();
        deleted.addAll(plannerDeletes(race));
        deleted.addAll(cleanUpDeletes(race));

        var survivors = race.copies().stream().map(Copy::sessionId).filter(id -> !deleted.contains(id)).toList();
        assertThat(survivors).as("survivors of " + race).isNotEmpty();
        if (!race.readByPlanner().contains(false) || !race.readByCleanUp().contains(false)) {
            assertThat(survivors).as("survivors of " + race).hasSize(1);
        }
    }

    private static List<String> plannerDeletes(Race race) {
        var account = account().sensor("tmt-s1").sensor("tmt-s2").running("i-web");
        if (race.plannerSeesSensorDown()) {
            account.state("i-sensor-tmt-s1", InstanceState.STOPPED);
        }
        for (int i = 0; i < race.copies().size(); i++) {
            if (race.readByPlanner().get(i)) {
                var c = race.copies().get(i);
                account.managedSession(c.sessionId(), eniOf("i-web"), c.onFirstSensor() ? "tmt-s1" : "tmt-s2", c.number(), "i-web");
            }
        }
        return Planner.plan(account.build(), MirrorPolicy.defaults(), Scope.everything()).deletes().stream()
                .map(d -> d.session().id()).toList();
    }

    private static List<String> cleanUpDeletes(Race race) {
        var seen = new ArrayList<MirrorSession>();
        for (int i = 0; i < race.copies().size(); i++) {
            if (race.readByCleanUp().get(i)) {
                var c = race.copies().get(i);
                seen.add(new MirrorSession(c.sessionId(), eniOf("i-web"), c.onFirstSensor() ? "tmt-s1" : "tmt-s2", TestAccount.OUR_FILTER,
                        c.number(), java.util.OptionalInt.empty(), java.util.OptionalInt.empty(), "MirrorPilot",
                        dev.mirrorpilot.policy.model.ManagedTags.forSession("i-web", TestAccount.VPC_A), TestAccount.ACCOUNT));
            }
        }
        return seen.isEmpty() ? List.of() : DuplicateRule.surplus(seen).stream().map(MirrorSession::id).toList();
    }
}
