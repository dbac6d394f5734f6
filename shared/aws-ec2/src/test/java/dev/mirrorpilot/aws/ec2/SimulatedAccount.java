package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** The sample account in a simulator, and MirrorPilot's real EC2 adapter wired to it as a container would be. */
final class SimulatedAccount implements AutoCloseable {
    static final Inventory SAMPLE = InventoryFile.read(Path.of("../../events/sample-inventory.json"));
    static final String ACCOUNT = SAMPLE.accountId();
    final Simulator simulator;
    private final List<Ec2Client> clients = new ArrayList<>();

    SimulatedAccount() {
        this(SAMPLE);
    }

    /** Another account than the sample (a variant of it). */
    SimulatedAccount(Inventory seed) {
        simulator = SeededSimulator.start(seed);
    }

    Ec2Client client() {
        var client = Ec2Clients.forLocalEndpoint(simulator.endpoint(), "eu-west-1");
        clients.add(client);
        return client;
    }

    /** One warm Lambda container: its own client and caches. */
    InstanceMirroring container(MirrorPolicy policy, Backoff backoff) {
        var ec2 = client();
        var types = new TypeCatalog(ec2);
        var context = new AccountContextReader(ec2, types, policy.targets(), true, Duration.ofMinutes(5), System::nanoTime);
        return new InstanceMirroring(new InstanceReader(ec2, types, context, ACCOUNT, "eu-west-1", backoff),
                new PlanApplier(ec2), policy);
    }

    InstanceMirroring container() {
        return container(MirrorPolicy.defaults(), Backoff.afterLaunch());
    }

    String subnet(String vpcName, String zone) {
        var vpc = SAMPLE.vpcs().stream().filter(v -> v.name().equals(vpcName)).findFirst().orElseThrow().id();
        return SAMPLE.subnets().stream().filter(s -> s.vpcId().equals(vpc) && s.availabilityZone().endsWith(zone))
                .findFirst().orElseThrow().id();
    }

    String launch(String type, String vpcName, Tags tags, List<Boolean> secondaryEnis) {
        return simulator.state().launch(type, subnet(vpcName, "a"), dev.mirrorpilot.simulator.seed.Seeds.tags(tags), secondaryEnis,
                System.nanoTime()).id();
    }

    String launch(String type, String vpcName) {
        return launch(type, vpcName, Tags.NONE, List.of());
    }

    static String instanceNamed(String name) {
        return SAMPLE.workloads().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow().instanceId();
    }

    String target(String name) {
        return SAMPLE.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow().id();
    }

    @Override
    public void close() {
        clients.forEach(Ec2Client::close);
        simulator.close();
    }
}
