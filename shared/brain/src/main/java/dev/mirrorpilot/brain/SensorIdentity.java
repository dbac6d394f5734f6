package dev.mirrorpilot.brain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one rule that says which EC2 instance a Sensor of the Brain's answer is, so a health state is
 * recorded on that Sensor's targets and no other. A Sensor is known by the address the Brain gives;
 * the address must be a plain IPv4 or IPv6 literal (never a wildcard: it goes into an EC2 filter),
 * and it must name exactly one instance of the account: when ENIs of several instances hold it
 * (overlapping VPCs), the one that is a Sensor (its ENI is a mirror target, or it is registered behind
 * an NLB target) is the Sensor's. Two Brain records with one address and different states, an address
 * that still names two Sensor instances (or two instances, none a Sensor), or one instance reached
 * from records with different states, are ambiguous: that Sensor's targets keep their tag
 * and the ambiguity is reported with the records' names. Pure: the caller reads EC2.
 */
public final class SensorIdentity {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}");

    /** An ENI that holds one of the Sensors' addresses, as EC2 describes it. */
    public record Interface(String eniId, String instanceId, String vpcId, String privateIp, boolean ofSensor) {
    }

    /**
     * What the Brain's answer says about this account's instances.
     *
     * @param stateByInstance  the Sensors that resolved to exactly one instance
     * @param instanceByIp     the address each resolved Sensor was found by
     * @param ambiguous        instances whose state cannot be decided now (their tags are kept)
     * @param problems         one line per address that was refused, ambiguous or contradictory
     */
    public record Resolution(Map<String, SensorState> stateByInstance, Map<String, String> instanceByIp, Set<String> ambiguous,
                             List<String> problems) {
    }

    private SensorIdentity() {
    }

    /** Whether an address from the Brain may be looked up in EC2: a plain literal, no wildcard, no text around it. */
    public static boolean isAddress(String address) {
        return IPV4.matcher(address).matches() || (address.contains(":") && IPV6.matcher(address).matches());
    }

    /** The distinct addresses to look up, sorted; the others are reported by {@link #resolve}. */
    public static List<String> addresses(List<SensorHealth> sensors) {
        return sensors.stream().map(SensorHealth::ipAddress).filter(SensorIdentity::isAddress).distinct().sorted().toList();
    }

    public static Resolution resolve(List<SensorHealth> sensors, List<Interface> found) {
        var problems = new ArrayList<String>();
        var byAddress = new TreeMap<String, List<SensorHealth>>();
        for (var sensor : sensors) {
            if (sensor.ipAddress().isEmpty()) {
                continue;
            }
            if (!isAddress(sensor.ipAddress())) {
                problems.add("Sensor " + printable(sensor.label()) + ": address '" + printable(sensor.ipAddress())
                        + "' is not an IP address; its targets are not judged");
                continue;
            }
            byAddress.computeIfAbsent(sensor.ipAddress(), a -> new ArrayList<>()).add(sensor);
        }
        var instancesByAddress = new HashMap<String, Set<String>>();
        var sensorsByAddress = new HashMap<String, Set<String>>();
        found.stream().filter(i -> i.instanceId() != null && !i.instanceId().isEmpty()).forEach(i -> {
            instancesByAddress.computeIfAbsent(i.privateIp(), a -> new TreeSet<>()).add(i.instanceId());
            if (i.ofSensor()) {
                sensorsByAddress.computeIfAbsent(i.privateIp(), a -> new TreeSet<>()).add(i.instanceId());
            }
        });
        // Several instances at one address: the Sensor among them is the one the Brain means.
        sensorsByAddress.forEach((address, sensorsThere) -> {
            if (instancesByAddress.get(address).size() > 1 && !sensorsThere.isEmpty()) {
                instancesByAddress.put(address, sensorsThere);
            }
        });
        var stateByInstance = new HashMap<String, SensorState>();
        var instanceByIp = new HashMap<String, String>();
        var ambiguous = new HashSet<String>();
        var reachedFrom = new HashMap<String, String>();
        byAddress.forEach((address, records) -> {
            var instances = instancesByAddress.getOrDefault(address, Set.of());
            var states = records.stream().map(SensorState::of).collect(Collectors.toSet());
            var names = records.stream().map(s -> printable(s.label())).sorted().collect(Collectors.joining(", "));
            if (states.size() > 1) {
                ambiguous.addAll(instances);
                problems.add("the Brain lists " + records.size() + " Sensors at " + address + " (" + names + ") with different "
                        + "states; no tag changed");
            } else if (instances.size() > 1) {
                ambiguous.addAll(instances);
                problems.add(address + " (" + names + ") is held by ENIs of " + instances.size() + " instances " + instances
                        + " (overlapping VPCs); no tag changed");
            } else if (instances.size() == 1) {
                var instance = instances.iterator().next();
                var state = states.iterator().next();
                var earlier = stateByInstance.putIfAbsent(instance, state);
                if (earlier != null && earlier != state) {
                    ambiguous.add(instance);
                    problems.add("instance " + instance + " is reached from " + reachedFrom.get(instance) + " and " + address
                            + " with different states; no tag changed");
                }
                reachedFrom.putIfAbsent(instance, address);
                instanceByIp.put(address, instance);
            }
        });
        ambiguous.forEach(stateByInstance::remove);
        instanceByIp.values().removeIf(ambiguous::contains);
        return new Resolution(Map.copyOf(stateByInstance), Map.copyOf(instanceByIp), Set.copyOf(ambiguous), List.copyOf(problems));
    }

    private static String printable(String text) {
        return dev.mirrorpilot.policy.text.Printable.of(text);
    }
}
