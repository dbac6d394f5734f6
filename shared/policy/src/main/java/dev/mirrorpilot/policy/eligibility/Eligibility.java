package dev.mirrorpilot.policy.eligibility;

import dev.mirrorpilot.policy.config.MirrorPolicy;
import dev.mirrorpilot.policy.config.Selection;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Workload;
import dev.mirrorpilot.policy.plan.Reason;
import dev.mirrorpilot.policy.plan.ReasonCode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a workload's interface should be mirrored under a policy, and if not, why.
 * Capacity, reachability and shadowing are placement questions and are answered elsewhere;
 * this is only "should it be a source at all".
 */
public final class Eligibility {
    private final MirrorPolicy policy;
    private final String accountId;
    private final Map<String, InstanceTypeFacts> instanceTypes;
    private final Set<String> targetInterfaces;
    private final Set<String> sensorInstances;
    private final Map<String, String> behindSelectedLoadBalancers;

    /** The tag key and values that mark an instance of the monitoring system itself. */
    public static final String ROLE_TAG = "mirrorpilot:role";
    private static final Set<String> APPLIANCE_ROLES = Set.of("sensor", "brain", "stream");

    public Eligibility(Inventory inventory, MirrorPolicy policy) {
        this.policy = policy;
        this.accountId = inventory.accountId();
        this.instanceTypes = inventory.instanceTypesByName();
        this.targetInterfaces = inventory.targets().stream()
                .flatMap(t -> t.networkInterfaceId().stream())
                .collect(Collectors.toUnmodifiableSet());
        this.sensorInstances = inventory.workloads().stream()
                .filter(this::isSensor)
                .map(Workload::instanceId)
                .collect(Collectors.toUnmodifiableSet());
        var selectedLoadBalancers = inventory.targets().stream()
                .filter(t -> t.kind() == TargetKind.NETWORK_LOAD_BALANCER && isSelected(t))
                .map(MirrorTarget::resourceId).collect(Collectors.toSet());
        // Which Gateway Load Balancer serves an endpoint is known only to the endpoint service's owner: with a
        // GWLB endpoint target selected, every appliance behind a GWLB of this account is taken as one of ours.
        boolean gatewayEndpointSelected = inventory.targets().stream()
                .anyMatch(t -> t.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT && isSelected(t));
        // A target registered by IP address is the instance whose ENI holds that address (in the balancer's VPC when
        // one there does: another VPC may reuse the address).
        var byAddress = inventory.allInterfaces().filter(e -> !e.privateIpAddress().isBlank() && e.attachment().isPresent())
                .collect(Collectors.groupingBy(e -> e.privateIpAddress()));
        var behind = new HashMap<String, String>();
        inventory.loadBalancers().stream()
                .filter(lb -> selectedLoadBalancers.contains(lb.arn()) || (lb.isGateway() && gatewayEndpointSelected))
                .forEach(lb -> lb.registered().forEach(t -> {
                    if (t.isInstance()) {
                        behind.putIfAbsent(t.id(), lb.name());
                        return;
                    }
                    var holders = byAddress.getOrDefault(t.id(), java.util.List.of());
                    var inVpc = holders.stream().filter(e -> e.vpcId().equals(lb.vpcId())).toList();
                    (inVpc.isEmpty() ? holders : inVpc).forEach(e -> behind.putIfAbsent(e.attachment().get().instanceId(), lb.name()));
                }));
        this.behindSelectedLoadBalancers = Map.copyOf(behind);
    }

    private boolean isSensor(Workload workload) {
        boolean ownsTargetEni = workload.interfaces().stream().anyMatch(eni -> targetInterfaces.contains(eni.id()));
        boolean taggedAsSensor = policy.targets() instanceof Selection.ByTag byTag && byTag.tag().matches(workload.tags());
        return ownsTargetEni || taggedAsSensor;
    }

    /** Empty when the whole workload may be mirrored; otherwise the reason it is not. */
    public Optional<Reason> whyNotWorkload(Workload workload) {
        if (workload.state() != InstanceState.RUNNING) {
            return Optional.of(Reason.of(ReasonCode.NOT_RUNNING, workload.state().awsName()));
        }
        if (sensorInstances.contains(workload.instanceId())) {
            return Optional.of(Reason.of(ReasonCode.IS_SENSOR));
        }
        var tags = workload.tags();
        var role = tags.get(ROLE_TAG);
        if (role != null && APPLIANCE_ROLES.contains(role.trim().toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of(Reason.of(ReasonCode.IS_APPLIANCE, "tagged " + ROLE_TAG + "=" + role));
        }
        var loadBalancer = behindSelectedLoadBalancers.get(workload.instanceId());
        if (loadBalancer != null) {
            return Optional.of(Reason.of(ReasonCode.IS_APPLIANCE, "registered behind " + loadBalancer
                    + ", a selected mirror target"));
        }
        if (policy.mode() == MirrorPolicy.Mode.OPT_OUT && tags.valueIs(MirrorPolicy.MIRROR_TAG, "false")) {
            return Optional.of(Reason.of(ReasonCode.EXCLUDED_BY_TAG));
        }
        if (policy.mode() == MirrorPolicy.Mode.OPT_IN && !tags.valueIs(MirrorPolicy.MIRROR_TAG, "true")) {
            return Optional.of(Reason.of(ReasonCode.NOT_OPTED_IN));
        }
        var facts = instanceTypes.get(workload.instanceType());
        if (facts == null) {
            return Optional.of(Reason.of(ReasonCode.UNKNOWN_INSTANCE_TYPE, workload.instanceType()));
        }
        var refused = policy.whyTypeRefused(workload.instanceType());
        if (refused.isPresent()) {
            return Optional.of(Reason.of(ReasonCode.UNSUPPORTED_INSTANCE_TYPE, refused.get()));
        }
        return SourceSupport.whyUnsupported(facts).map(why -> Reason.of(ReasonCode.UNSUPPORTED_INSTANCE_TYPE, why));
    }

    /** Empty when this interface of an eligible workload may be mirrored; otherwise why not. */
    public Optional<Reason> whyNotInterface(NetworkInterface eni) {
        if (!policy.includeVpcs().isEmpty() && !policy.includeVpcs().contains(eni.vpcId())) {
            return Optional.of(Reason.of(ReasonCode.EXCLUDED_BY_VPC, eni.vpcId() + " not in INCLUDE_VPCS"));
        }
        if (policy.excludeVpcs().contains(eni.vpcId())) {
            return Optional.of(Reason.of(ReasonCode.EXCLUDED_BY_VPC, eni.vpcId() + " in EXCLUDE_VPCS"));
        }
        if (!policy.includeSubnets().isEmpty() && !policy.includeSubnets().contains(eni.subnetId())) {
            return Optional.of(Reason.of(ReasonCode.EXCLUDED_BY_SUBNET, eni.subnetId() + " not in INCLUDE_SUBNETS"));
        }
        if (policy.excludeSubnets().contains(eni.subnetId())) {
            return Optional.of(Reason.of(ReasonCode.EXCLUDED_BY_SUBNET, eni.subnetId() + " in EXCLUDE_SUBNETS"));
        }
        if (policy.interfaces() == MirrorPolicy.Interfaces.PRIMARY && !eni.isPrimary()) {
            return Optional.of(Reason.of(ReasonCode.SECONDARY_INTERFACE, "device index " + eni.deviceIndex()));
        }
        if (targetInterfaces.contains(eni.id())) {
            return Optional.of(Reason.of(ReasonCode.ENI_IS_TARGET));
        }
        if (eni.type() != InterfaceType.INTERFACE) {
            return Optional.of(Reason.of(ReasonCode.NOT_WORKLOAD_INTERFACE, "interface type " + eni.type().awsName()));
        }
        if (eni.requesterManaged()) {
            return Optional.of(Reason.of(ReasonCode.REQUESTER_MANAGED));
        }
        if (eni.ownerId() != null && !eni.ownerId().isBlank() && !eni.ownerId().equals(accountId)) {
            return Optional.of(Reason.of(ReasonCode.NOT_OWNER, "owner " + eni.ownerId()));
        }
        return Optional.empty();
    }

    /** Whether this target is one MirrorPilot may place sessions on. */
    public boolean isSelected(MirrorTarget target) {
        return policy.targets().selects(target.id(), target.tags());
    }
}
