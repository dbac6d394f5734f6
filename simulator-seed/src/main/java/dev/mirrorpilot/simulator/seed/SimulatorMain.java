package dev.mirrorpilot.simulator.seed;

import dev.mirrorpilot.inventory.InventoryFile;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar mirrorpilot-simulator-standalone.jar --inventory FILE [--port 0]}: serves until
 * stopped, and prints its endpoint URL as the first line of stdout so a script can read it.
 */
public final class SimulatorMain {
    private static final String USAGE = """
            usage: mirrorpilot-simulator (--inventory FILE | --generate instances=N,vpcs=M[,seed=S])
                                         [--port PORT] [--throttling] [--time-scale X] [--invisible-seconds S]
              --inventory FILE     seed the account from an inventory file (docs/inventory-format.md)
              --generate SPEC      seed a synthetic account, e.g. instances=10000,vpcs=50,seed=1
              --port PORT          loopback port; 0 (default) picks a free one
              --throttling         enforce the EC2 token buckets (off by default)
              --time-scale X       refill buckets X times faster (default 1)
              --invisible-seconds  hide launched instances from Describe calls for S seconds
            The first line of stdout is the endpoint URL; the control API is under <endpoint>/_sim/.""";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Inventory inventory = null;
        int port = 0;
        boolean throttle = false;
        double scale = 1.0;
        double invisible = 0;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--inventory" -> inventory = InventoryFile.read(Path.of(value(args, ++i)));
                    case "--generate" -> inventory = generate(value(args, ++i));
                    case "--port" -> port = Integer.parseInt(value(args, ++i));
                    case "--throttling" -> throttle = true;
                    case "--time-scale" -> scale = Double.parseDouble(value(args, ++i));
                    case "--invisible-seconds" -> invisible = Double.parseDouble(value(args, ++i));
                    case "-h", "--help" -> {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (inventory == null) {
                throw new IllegalArgumentException("give --inventory FILE or --generate SPEC");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("mirrorpilot-simulator: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        var simulator = SeededSimulator.start(inventory, port, throttle, scale);
        simulator.faults().invisibleSeconds(invisible);
        System.out.println(simulator.endpoint());
        System.out.flush();
        System.err.printf("mirrorpilot-simulator: account %s in %s, %d instances, %d sessions; throttling %s%n",
                inventory.accountId(), inventory.region(), inventory.workloads().size(), inventory.sessions().size(),
                throttle ? "on (time scale " + scale + ")" : "off");
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** {@code instances=10000,vpcs=50,seed=1}. */
    static Inventory generate(String spec) {
        var values = new HashMap<String, Long>();
        for (var part : spec.split(",")) {
            var kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("--generate expects key=value pairs, got '" + part + "'");
            }
            values.put(kv[0].trim(), Long.parseLong(kv[1].trim()));
        }
        var unknown = values.keySet().stream().filter(k -> !k.equals("instances") && !k.equals("vpcs") && !k.equals("seed")).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--generate knows instances, vpcs and seed, not " + unknown);
        }
        return SyntheticAccount.generate(SyntheticSpec.of(values.getOrDefault("instances", 1000L).intValue(),
                values.getOrDefault("vpcs", 20L).intValue()), values.getOrDefault("seed", 1L));
    }
}
