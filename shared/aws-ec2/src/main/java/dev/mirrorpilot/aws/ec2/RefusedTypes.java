package dev.mirrorpilot.aws.ec2;

import dev.mirrorpilot.policy.model.Inventory;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instance types EC2 refused as mirror sources in one apply ({@code NetworkInterfaceNotSupported}),
 * with EC2's message: a verdict the launch path and the reconcile both learn from, read one way.
 */
final class RefusedTypes {
    /** EC2's answer for a source it cannot mirror (an instance type, or an ENI kind). */
    static final String NOT_SUPPORTED = "NetworkInterfaceNotSupported";

    private RefusedTypes() {
    }

    /** Instance type -> EC2's message, for each refused source whose instance the inventory holds. */
    static Map<String, String> in(Inventory inventory, ApplyReport report) {
        var refused = new TreeMap<String, String>();
        for (var failure : report.failures()) {
            if (!NOT_SUPPORTED.equals(failure.code())) {
                continue;
            }
            inventory.workloads().stream().filter(w -> w.instanceId().equals(failure.action().source().instanceId()))
                    .findFirst().ifPresent(w -> refused.putIfAbsent(w.instanceType(), failure.message()));
        }
        return refused;
    }
}
