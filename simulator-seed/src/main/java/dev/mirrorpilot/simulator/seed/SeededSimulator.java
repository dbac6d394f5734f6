package dev.mirrorpilot.simulator.seed;

import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.simulator.OrganizationSimulator;
import dev.mirrorpilot.simulator.Simulator;
import java.util.List;
import java.util.Set;

/** Starts the simulator on a MirrorPilot inventory, and reads its state back in MirrorPilot's terms. */
public final class SeededSimulator {
    private SeededSimulator() {
    }

    /** A simulator seeded with {@code inventory} on a free loopback port, throttling off. */
    public static Simulator start(Inventory inventory) {
        return withInventoryWriter(Simulator.start(Seeds.of(inventory)));
    }

    public static Simulator start(Inventory inventory, int port, boolean throttle, double timeScale) {
        return withInventoryWriter(Simulator.start(Seeds.of(inventory), port, throttle, timeScale));
    }

    /** An organization: one simulated account and region per inventory. */
    public static OrganizationSimulator organization(String management, String roleName, Set<String> unassumable,
                                                     List<Inventory> inventories) {
        return OrganizationSimulator.start(management, roleName, unassumable, inventories.stream().map(Seeds::of).toList());
    }

    /** The whole simulated account now, as an inventory. */
    public static Inventory snapshot(Simulator simulator) {
        return Seeds.inventoryOf(simulator.state().snapshot());
    }

    /** Every session in the simulated account now, as MirrorPilot's records (so a test can ask which are ours). */
    public static List<MirrorSession> sessions(Simulator simulator) {
        return Seeds.sessions(simulator.state().sessions());
    }

    private static Simulator withInventoryWriter(Simulator simulator) {
        simulator.inventoryWriter(seed -> dev.mirrorpilot.inventory.InventoryFile.write(Seeds.inventoryOf(seed)));
        return simulator;
    }
}
