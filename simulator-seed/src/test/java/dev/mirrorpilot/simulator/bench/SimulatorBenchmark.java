package dev.mirrorpilot.simulator.bench;

import dev.mirrorpilot.simulator.seed.SeededSimulator;

import dev.mirrorpilot.policy.synthetic.SyntheticAccount;
import dev.mirrorpilot.policy.synthetic.SyntheticSpec;
import dev.mirrorpilot.simulator.Simulator;
import java.net.URI;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Requests per second the simulator serves to real SDK clients, throttling off: Describe and Create
 * of Traffic Mirror sessions, with 1 and 4 client threads. Prints figures; asserts nothing.
 */
public final class SimulatorBenchmark {
    private SimulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        var inventory = SyntheticAccount.generate(SyntheticSpec.of(20_000, 50).withAlreadyMirroredShare(0), 3);
        try (var simulator = SeededSimulator.start(inventory)) {
            var nlbByVpc = new java.util.HashMap<String, String>();
            inventory.targets().stream().filter(t -> t.kind().awsName().equals("network-load-balancer"))
                    .forEach(t -> nlbByVpc.put(t.vpcId(), t.id()));
            // Primary ENIs of running m5.large workloads in a VPC with an NLB target: every create succeeds.
            var sources = SeededSimulator.snapshot(simulator).workloads().stream()
                    .filter(w -> w.instanceType().equals("m5.large") && w.state().awsName().equals("running"))
                    .filter(w -> nlbByVpc.containsKey(w.vpcId()))
                    .map(w -> new String[] {w.interfaces().get(0).id(), nlbByVpc.get(w.vpcId())}).toList();
            System.out.printf(Locale.ROOT, "Simulator benchmark: Java %s, %d cores; account of %d instances, %d sessions%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    inventory.workloads().size(), inventory.sessions().size());
            for (int threads : new int[] {1, 4}) {
                var describeRate = run(simulator.endpoint(), threads, 1_000, (ec2, i) ->
                        ec2.describeTrafficMirrorSessions(b -> b.maxResults(100)));
                System.out.printf(Locale.ROOT, "  DescribeTrafficMirrorSessions (100 per page), %d thread(s): %,.0f requests/s%n",
                        threads, describeRate);
            }
            int[] next = {0};
            for (int threads : new int[] {1, 4}) {
                var createRate = run(simulator.endpoint(), threads, 1_000, (ec2, i) -> {
                    String[] source;
                    synchronized (next) {
                        source = sources.get(next[0]++);
                    }
                    ec2.createTrafficMirrorSession(b -> b.networkInterfaceId(source[0]).trafficMirrorTargetId(source[1])
                            .trafficMirrorFilterId(SyntheticAccount.FILTER_ID).sessionNumber(7));
                });
                System.out.printf(Locale.ROOT, "  CreateTrafficMirrorSession, %d thread(s): %,.0f requests/s%n", threads, createRate);
            }
        }
    }

    interface Call {
        void apply(Ec2Client ec2, int i);
    }

    private static double run(URI endpoint, int threads, int requests, Call call) throws Exception {
        var pool = Executors.newFixedThreadPool(threads);
        var clients = new ArrayList<Ec2Client>();
        for (int t = 0; t < threads; t++) {
            clients.add(Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                    .httpClient(UrlConnectionHttpClient.create()).build());
        }
        for (int i = 0; i < 200; i++) {
            clients.get(0).describeVpcs(b -> { }); // warm up
        }
        var tasks = new ArrayList<Callable<Void>>();
        for (int t = 0; t < threads; t++) {
            var ec2 = clients.get(t);
            int share = requests / threads;
            tasks.add(() -> {
                for (int i = 0; i < share; i++) {
                    call.apply(ec2, i);
                }
                return null;
            });
        }
        long start = System.nanoTime();
        for (var future : pool.invokeAll(tasks)) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        clients.forEach(Ec2Client::close);
        return requests / seconds;
    }
}
