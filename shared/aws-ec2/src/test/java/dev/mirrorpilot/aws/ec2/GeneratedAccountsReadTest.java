package dev.mirrorpilot.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Action;
import dev.mirrorpilot.policy.plan.Planner;
import dev.mirrorpilot.policy.plan.Scope;
import dev.mirrorpilot.policy.plan.SessionPlan;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated accounts (peerings, transit gateways, NLB targets, other teams' sessions, unsupported types),
 * read back through the EC2 and ELB APIs, plan exactly as their inventory file does: every action, target,
 * session number and reason. What the sample account checks once, on many topologies.
 */
class GeneratedAccountsReadTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 9, 11, 13, 21, 34, 39, 55})
    void aGeneratedAccountReadThroughTheApiPlansLikeItsInventoryFile(long seed) {
        var spec = SyntheticSpec.of(150 + (int) (seed * 7 % 200), 3 + (int) (seed % 9))
                .withAlreadyMirroredShare(seed % 3 * 0.2).withNlbShare(seed % 4 * 0.25);
        // The API holds no traffic figures: an account's file without them is what a live read must match.
        var file = InventoryFile.parse(InventoryFile.write(withoutTraffic(SyntheticAccount.generate(spec, seed))), "generated");
        var policy = MirrorPolicy.defaults();

        try (var account = new SimulatedAccount(file)) {
            var read = new AccountReader(account.client(), policy.targets()).read(file.accountId(), file.region());

            assertThat(described(Planner.plan(read, policy, Scope.everything())))
                    .isEqualTo(described(Planner.plan(file, policy, Scope.everything())));
        }
    }

    private static Inventory withoutTraffic(Inventory account) {
        var workloads = account.workloads().stream().map(w -> new Workload(w.instanceId(), w.instanceType(), w.state(),
                w.vpcId(), w.subnetId(), w.availabilityZone(), w.tags(), w.interfaces())).toList();
        return new Inventory(account.accountId(), account.region(), account.vpcs(), account.subnets(), workloads,
                account.otherInterfaces(), account.targets(), account.filters(), account.sessions(), account.connectivity(),
                account.instanceTypes(), account.securityGroups(), account.loadBalancers(), account.vpcEndpoints());
    }

    /**
     * Each action as kind, ENI, session, target, number and reason; not the session records themselves, since EC2
     * gives a session created without a VNI one of its own.
     */
    private static List<String> described(SessionPlan plan) {
        return plan.actions().stream().map(action -> {
            String what;
            if (action instanceof Action.Create c) {
                what = c.targetId() + " #" + c.sessionNumber();
            } else if (action instanceof Action.Retarget r) {
                what = r.session().id() + " -> " + r.targetId() + " #" + r.sessionNumber();
            } else if (action instanceof Action.Delete d) {
                what = d.session().id();
            } else if (action instanceof Action.Keep k) {
                what = k.session().id();
            } else {
                what = "";
            }
            return action.getClass().getSimpleName() + " " + action.source().eniId() + " " + what + " "
                    + action.reason().code().label() + ": " + action.reason().detail();
        }).sorted().toList();
    }
}
