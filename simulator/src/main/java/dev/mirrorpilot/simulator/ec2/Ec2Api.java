package dev.mirrorpilot.simulator.ec2;

import static dev.mirrorpilot.simulator.ec2.Describe.one;

import dev.mirrorpilot.simulator.model.FilterRule;
import dev.mirrorpilot.simulator.model.InstanceState;
import dev.mirrorpilot.simulator.model.InstanceType;
import dev.mirrorpilot.simulator.model.MirrorFilter;
import dev.mirrorpilot.simulator.model.MirrorSession;
import dev.mirrorpilot.simulator.model.MirrorTarget;
import dev.mirrorpilot.simulator.model.NetworkInterface;
import dev.mirrorpilot.simulator.model.Subnet;
import dev.mirrorpilot.simulator.model.Tags;
import dev.mirrorpilot.simulator.model.TargetKind;
import dev.mirrorpilot.simulator.model.TransitGatewayAttachment;
import dev.mirrorpilot.simulator.model.Vpc;
import dev.mirrorpilot.simulator.model.VpcPeering;
import dev.mirrorpilot.simulator.AwsError;
import dev.mirrorpilot.simulator.faults.Throttling;
import dev.mirrorpilot.simulator.state.AccountState;
import dev.mirrorpilot.simulator.state.Instance;
import dev.mirrorpilot.simulator.state.SessionChange;
import dev.mirrorpilot.simulator.state.SessionRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The EC2 Query API subset MirrorPilot calls, rendered as EC2 does (XML in the 2016-11-15
 * namespace). Element names follow the botocore model's {@code locationName}s.
 */
public final class Ec2Api {
    private final AccountState state;
    private final Predicate<Instance> visible;

    private final java.util.function.DoubleSupplier sessionLagSeconds;
    private final Map<String, Long> sessionCreatedNanos = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code visible} hides instances during their eventual-consistency window; sessions created
     * through this API are missing from DescribeTrafficMirrorSessions for {@code sessionLagSeconds}.
     */
    public Ec2Api(AccountState state, Predicate<Instance> visible, java.util.function.DoubleSupplier sessionLagSeconds) {
        this.sessionLagSeconds = sessionLagSeconds;
        this.state = state;
        this.visible = visible;
    }

    /** Which throttling bucket a request draws from (aws-facts.md). */
    public static Throttling.Bucket bucket(QueryRequest request) {
        var action = request.action();
        if (action.startsWith("Describe") || action.startsWith("Get")) {
            boolean unfiltered = request.filters().isEmpty() && !request.has("MaxResults");
            return unfiltered && (action.equals("DescribeInstances") || action.equals("DescribeNetworkInterfaces"))
                    ? Throttling.Bucket.UNFILTERED : Throttling.Bucket.NON_MUTATING;
        }
        return Throttling.Bucket.MUTATING;
    }

    /** EC2 ids: a prefix and 8 or 17 lower-case hex digits. */
    private static final java.util.regex.Pattern ENI_ID = java.util.regex.Pattern.compile("eni-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final java.util.regex.Pattern SESSION_ID = java.util.regex.Pattern.compile("tms-[0-9a-f]{8}([0-9a-f]{9})?");

    private static String wellFormed(String id, java.util.regex.Pattern pattern, String code) {
        if (!pattern.matcher(id).matches()) {
            throw AwsError.badRequest(code, "Invalid id: \"" + id + "\"");
        }
        return id;
    }

    private static List<String> wellFormed(List<String> ids, java.util.regex.Pattern pattern, String code) {
        ids.forEach(id -> wellFormed(id, pattern, code));
        return ids;
    }

    /** Answers one request with response XML, or throws {@link AwsError}. */
    public String handle(QueryRequest request, String requestId) {
        var action = request.action();
        var xml = new Xml().openRoot(action + "Response").element("requestId", requestId);
        switch (action) {
            case "DescribeInstances" -> describeInstances(request, xml);
            case "DescribeNetworkInterfaces" -> describeNetworkInterfaces(request, xml);
            case "DescribeInstanceTypes" -> describeInstanceTypes(request, xml);
            case "DescribeVpcs" -> describeVpcs(request, xml);
            case "DescribeSecurityGroups" -> describeSecurityGroups(request, xml);
            case "GetManagedPrefixListEntries" -> prefixListEntries(request, xml);
            case "DescribeVpcEndpoints" -> describeVpcEndpoints(request, xml);
            case "DescribeSubnets" -> describeSubnets(request, xml);
            case "DescribeNetworkAcls" -> describeNetworkAcls(request, xml);
            case "CreateNetworkAclEntry" -> createNetworkAclEntry(request, xml);
            case "DescribeVpcPeeringConnections" -> describePeerings(request, xml);
            case "DescribeTransitGatewayVpcAttachments" -> describeTgwAttachments(request, xml);
            case "DescribeTrafficMirrorTargets" -> describeTargets(request, xml);
            case "DescribeTrafficMirrorFilters" -> describeFilters(request, xml);
            case "DescribeTrafficMirrorSessions" -> describeSessions(request, xml);
            case "CreateTrafficMirrorSession" -> createSession(request, xml);
            case "ModifyTrafficMirrorSession" -> modifySession(request, xml);
            case "DeleteTrafficMirrorSession" -> deleteSession(request, xml);
            case "DeleteTrafficMirrorTarget" -> deleteTarget(request, xml);
            case "CreateTags" -> changeTags(request, xml, false);
            case "DeleteTags" -> changeTags(request, xml, true);
            case "" -> throw AwsError.missingParameter("Action");
            default -> throw AwsError.badRequest("InvalidAction", "The action " + action + " is not valid for this web service.");
        }
        if (action.startsWith("Describe") && request.bool("DryRun")) {
            // The call would have succeeded: EC2 says so instead of answering.
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        return xml.close(action + "Response").toString();
    }

    // ---- instances and interfaces ----

    private void describeInstances(QueryRequest request, Xml xml) {
        var ids = request.list("InstanceId");
        if (!ids.isEmpty() && request.has("MaxResults")) {
            throw AwsError.badRequest("InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults");
        }
        var visibleNow = state.instances().stream().filter(visible).collect(Collectors.toMap(Instance::id, i -> i,
                (a, b) -> a, LinkedHashMap::new));
        // EC2 error codes: InvalidInstanceID.Malformed for an id not of the form i- and 8 or 17 hex digits.
        ids.stream().filter(id -> !id.matches("i-[0-9a-f]{8}([0-9a-f]{9})?")).findFirst().ifPresent(id -> {
            throw AwsError.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
        });
        List<Instance> candidates = ids.isEmpty() ? List.copyOf(visibleNow.values())
                : Describe.byIds(ids, visibleNow, "InvalidInstanceID.NotFound", "instance");
        var matching = Describe.filter(candidates, request.filters(), this::instanceAttribute, Instance::tags);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("reservationSet");
        for (var instance : page.items()) {
            xml.open("item").element("reservationId", "r-" + instance.id().substring(2)).element("ownerId", state.accountId())
                    .open("groupSet").close("groupSet").open("instancesSet").open("item");
            instance(instance, xml);
            xml.close("item").close("instancesSet").close("item");
        }
        xml.close("reservationSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private Optional<List<String>> instanceAttribute(Instance i, String name) {
        return switch (name) {
            case "instance-id" -> one(i.id());
            case "instance-state-name" -> one(i.state().awsName());
            case "instance-state-code" -> one(stateCode(i.state()));
            case "instance-type" -> one(i.instanceType());
            case "vpc-id" -> one(i.vpcId());
            case "subnet-id" -> one(i.subnetId());
            case "availability-zone" -> one(i.availabilityZone());
            case "network-interface.network-interface-id" ->
                    Optional.of(state.interfacesOf(i.id()).stream().map(NetworkInterface::id).toList());
            default -> Optional.empty();
        };
    }

    private void instance(Instance i, Xml xml) {
        xml.element("instanceId", i.id()).element("imageId", "ami-0mirrorpilot0000000")
                .open("instanceState").element("code", stateCode(i.state())).element("name", i.state().awsName()).close("instanceState")
                .element("privateDnsName", dnsName(primaryAddress(i)))
                .element("privateIpAddress", primaryAddress(i))
                .element("instanceType", i.instanceType())
                .element("launchTime", "2026-01-01T00:00:00.000Z")
                .open("placement").element("availabilityZone", i.availabilityZone()).element("tenancy", "default").close("placement");
        if (i.state() != InstanceState.TERMINATED) {
            xml.element("subnetId", i.subnetId()).element("vpcId", i.vpcId());
        }
        var facts = state.typesByName().get(i.instanceType());
        if (facts != null && !facts.hypervisor().isEmpty()) {
            xml.element("hypervisor", facts.hypervisor());
        }
        tags(xml, i.tags());
        xml.open("networkInterfaceSet");
        for (var eni : state.interfacesOf(i.id())) {
            xml.open("item").element("networkInterfaceId", eni.id()).element("subnetId", eni.subnetId())
                    .element("vpcId", eni.vpcId()).element("ownerId", eni.ownerId()).element("status", "in-use")
                    .element("privateIpAddress", eni.privateIpAddress()).element("privateDnsName", dnsName(eni.privateIpAddress()));
            groupSet(xml, eni.securityGroupIds());
            eni.attachment().ifPresent(a -> xml.open("attachment").element("attachmentId", "eni-attach-" + eni.id().substring(4))
                    .element("deviceIndex", a.deviceIndex()).element("status", "attached")
                    .element("deleteOnTermination", a.deleteOnTermination()).close("attachment"));
            xml.element("interfaceType", eni.type().awsName()).close("item");
        }
        xml.close("networkInterfaceSet");
    }

    private String primaryAddress(Instance i) {
        return state.interfacesOf(i.id()).stream().filter(e -> e.deviceIndex() == 0).findFirst()
                .map(NetworkInterface::privateIpAddress).orElse("");
    }

    /** EC2's private DNS name for an address: ip-10-1-2-3.<region>.compute.internal. */
    private String dnsName(String address) {
        return address.isBlank() ? null : "ip-" + address.replace('.', '-') + "." + state.region() + ".compute.internal";
    }

    private static void groupSet(Xml xml, List<String> groupIds) {
        xml.open("groupSet");
        groupIds.forEach(g -> xml.open("item").element("groupId", g).element("groupName", g).close("item"));
        xml.close("groupSet");
    }

    private static int stateCode(InstanceState s) {
        return switch (s) {
            case PENDING -> 0;
            case RUNNING -> 16;
            case SHUTTING_DOWN -> 32;
            case TERMINATED -> 48;
            case STOPPING -> 64;
            case STOPPED -> 80;
        };
    }

    private void describeNetworkInterfaces(QueryRequest request, Xml xml) {
        var all = index(state.networkInterfaces(), NetworkInterface::id);
        var ids = wellFormed(request.list("NetworkInterfaceId"), ENI_ID, "InvalidNetworkInterfaceId.Malformed");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidNetworkInterfaceID.NotFound", "networkInterface");
        var matching = Describe.filter(candidates, request.filters(), this::eniAttribute, e -> Tags.NONE);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("networkInterfaceSet");
        for (var eni : page.items()) {
            xml.open("item").element("networkInterfaceId", eni.id()).element("subnetId", eni.subnetId())
                    .element("vpcId", eni.vpcId()).element("availabilityZone", eni.availabilityZone())
                    .element("description", eni.description().isEmpty() ? null : eni.description())
                    .element("ownerId", eni.ownerId().isEmpty() ? state.accountId() : eni.ownerId())
                    .element("requesterManaged", eni.requesterManaged())
                    .element("status", eni.attachment().isPresent() ? "in-use" : "available")
                    .element("privateIpAddress", eni.privateIpAddress()).element("privateDnsName", dnsName(eni.privateIpAddress()));
            groupSet(xml, eni.securityGroupIds());
            eni.attachment().ifPresent(a -> xml.open("attachment").element("attachmentId", "eni-attach-" + eni.id().substring(4))
                    .element("instanceId", a.instanceId()).element("deviceIndex", a.deviceIndex())
                    .element("status", "attached").element("deleteOnTermination", a.deleteOnTermination()).close("attachment"));
            xml.element("interfaceType", eni.type().awsName()).open("tagSet").close("tagSet").close("item");
        }
        xml.close("networkInterfaceSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private Optional<List<String>> eniAttribute(NetworkInterface e, String name) {
        return switch (name) {
            case "network-interface-id" -> one(e.id());
            case "vpc-id" -> one(e.vpcId());
            case "subnet-id" -> one(e.subnetId());
            case "availability-zone" -> one(e.availabilityZone());
            case "interface-type" -> one(e.type().awsName());
            case "description" -> one(e.description());
            case "requester-managed" -> one(e.requesterManaged());
            case "owner-id" -> one(e.ownerId());
            case "status" -> one(e.attachment().isPresent() ? "in-use" : "available");
            case "attachment.instance-id" -> one(e.attachment().map(a -> a.instanceId()).orElse(null));
            case "attachment.device-index" -> one(e.attachment().map(a -> a.deviceIndex()).orElse(null));
            case "attachment.delete-on-termination" -> one(e.attachment().map(a -> a.deleteOnTermination()).orElse(null));
            case "private-ip-address" -> one(e.privateIpAddress());
            case "group-id" -> Optional.of(e.securityGroupIds());
            default -> Optional.empty();
        };
    }

    private void describeInstanceTypes(QueryRequest request, Xml xml) {
        var all = index(state.instanceTypes(), InstanceType::name);
        var names = request.list("InstanceType");
        var candidates = names.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(names, all, "InvalidInstanceType", "instance type");
        var matching = Describe.filter(candidates, request.filters(), (t, name) -> switch (name) {
            case "instance-type" -> one(t.name());
            case "hypervisor" -> one(t.hypervisor().isEmpty() ? null : t.hypervisor());
            case "bare-metal" -> one(t.bareMetal());
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 100);
        xml.open("instanceTypeSet");
        for (var t : page.items()) {
            xml.open("item").element("instanceType", t.name()).element("currentGeneration", true).element("bareMetal", t.bareMetal());
            if (!t.hypervisor().isEmpty()) {
                xml.element("hypervisor", t.hypervisor());
            }
            xml.open("vCpuInfo").element("defaultVCpus", vcpus(t)).close("vCpuInfo").close("item");
        }
        xml.close("instanceTypeSet");
        page.nextToken().ifPresent(tk -> xml.element("nextToken", tk));
    }

    /** vCPUs by size name, as EC2 sizes them. */
    static int vcpus(InstanceType type) {
        var size = type.name().substring(type.name().indexOf('.') + 1);
        return switch (size) {
            case "nano", "micro", "small", "medium" -> 1;
            case "large" -> 2;
            case "xlarge" -> 4;
            case "metal" -> 0;
            default -> size.endsWith("xlarge") ? 4 * Integer.parseInt(size.substring(0, size.length() - 6).replaceAll("[^0-9]", "0")) : 2;
        };
    }

    // ---- network ----

    /** A managed prefix list's entries; the seeded security group rules that name a list hold them. */
    private void prefixListEntries(QueryRequest request, Xml xml) {
        var id = request.required("PrefixListId");
        var entries = state.securityGroups().stream().flatMap(g -> g.ingress().stream())
                .filter(r -> r.prefixLists().containsKey(id)).findFirst().map(r -> r.prefixLists().get(id))
                .orElseThrow(() -> AwsError.badRequest("InvalidPrefixListID.NotFound",
                        "The prefix list ID '" + id + "' does not exist"));
        var page = Describe.page(entries, request, 1, 100);
        xml.open("entrySet");
        page.items().forEach(cidr -> xml.open("item").element("cidr", cidr).close("item"));
        xml.close("entrySet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private void describeSecurityGroups(QueryRequest request, Xml xml) {
        var all = index(state.securityGroups(), dev.mirrorpilot.simulator.model.SecurityGroup::id);
        var ids = request.list("GroupId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidGroup.NotFound", "security group");
        var matching = Describe.filter(candidates, request.filters(), (g, name) -> switch (name) {
            case "group-id" -> one(g.id());
            case "vpc-id" -> one(g.vpcId());
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("securityGroupInfo");
        for (var g : page.items()) {
            xml.open("item").element("ownerId", state.accountId()).element("groupId", g.id()).element("groupName", g.id())
                    .element("groupDescription", g.id()).element("vpcId", g.vpcId().isBlank() ? null : g.vpcId())
                    .open("ipPermissions");
            for (var rule : g.ingress()) {
                xml.open("item").element("ipProtocol", rule.protocol());
                if (!rule.protocol().equals("-1")) {
                    xml.element("fromPort", rule.fromPort()).element("toPort", rule.toPort());
                }
                xml.open("groups");
                rule.groupIds().forEach(id -> xml.open("item").element("groupId", id).close("item"));
                xml.close("groups").open("ipRanges");
                rule.cidrs().forEach(c -> xml.open("item").element("cidrIp", c).close("item"));
                xml.close("ipRanges").open("prefixListIds");
                rule.prefixLists().keySet().forEach(id -> xml.open("item").element("prefixListId", id).close("item"));
                xml.close("prefixListIds").close("item");
            }
            xml.close("ipPermissions").open("ipPermissionsEgress").close("ipPermissionsEgress").close("item");
        }
        xml.close("securityGroupInfo");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private void describeVpcs(QueryRequest request, Xml xml) {
        var all = index(state.vpcs(), Vpc::id);
        var ids = request.list("VpcId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values()) : Describe.byIds(ids, all, "InvalidVpcID.NotFound", "vpc");
        var matching = Describe.filter(candidates, request.filters(), (v, name) -> switch (name) {
            case "vpc-id" -> one(v.id());
            case "cidr", "cidr-block-association.cidr-block" -> one(v.cidrBlock());
            case "owner-id" -> one(v.ownerId().isEmpty() ? state.accountId() : v.ownerId());
            case "state" -> one("available");
            default -> Optional.empty();
        }, Vpc::tags);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("vpcSet");
        for (var v : page.items()) {
            xml.open("item").element("vpcId", v.id()).element("ownerId", v.ownerId().isEmpty() ? state.accountId() : v.ownerId())
                    .element("state", "available")
                    .element("cidrBlock", v.cidrBlock().isEmpty() ? null : v.cidrBlock()).element("isDefault", false);
            tags(xml, v.tags());
            xml.close("item");
        }
        xml.close("vpcSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private void describeSubnets(QueryRequest request, Xml xml) {
        var all = index(state.subnets(), Subnet::id);
        var ids = request.list("SubnetId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values()) : Describe.byIds(ids, all, "InvalidSubnetID.NotFound", "subnet");
        var matching = Describe.filter(candidates, request.filters(), (s, name) -> switch (name) {
            case "subnet-id" -> one(s.id());
            case "vpc-id" -> one(s.vpcId());
            case "availability-zone" -> one(s.availabilityZone());
            case "cidr-block" -> one(s.cidrBlock());
            case "state" -> one("available");
            default -> Optional.empty();
        }, Subnet::tags);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("subnetSet");
        for (var s : page.items()) {
            xml.open("item").element("subnetId", s.id()).element("vpcId", s.vpcId()).element("state", "available")
                    .element("availabilityZone", s.availabilityZone())
                    .element("cidrBlock", s.cidrBlock().isEmpty() ? null : s.cidrBlock()).element("ownerId", state.accountId());
            tags(xml, s.tags());
            xml.close("item");
        }
        xml.close("subnetSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private void describeNetworkAcls(QueryRequest request, Xml xml) {
        var all = index(state.networkAcls().all(), dev.mirrorpilot.simulator.state.NetworkAcls.Acl::id);
        var ids = request.list("NetworkAclId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values()) : Describe.byIds(ids, all, "InvalidNetworkAclID.NotFound", "network ACL");
        var matching = Describe.filter(candidates, request.filters(), (a, name) -> switch (name) {
            case "network-acl-id" -> one(a.id());
            case "vpc-id" -> one(a.vpcId());
            case "default" -> one("true");
            case "association.subnet-id" -> Optional.of(List.copyOf(a.subnetIds()));
            default -> Optional.empty();
        }, a -> Tags.of());
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("networkAclSet");
        for (var a : page.items()) {
            xml.open("item").element("networkAclId", a.id()).element("vpcId", a.vpcId()).element("default", true)
                    .element("ownerId", state.accountId()).open("entrySet");
            var entries = new java.util.ArrayList<>(a.entries());
            // AWS lists the implicit deny as rule 32767 in each direction.
            entries.add(new dev.mirrorpilot.simulator.state.NetworkAcls.Entry(32767, false, "-1", false, "0.0.0.0/0", 0, 65535));
            entries.add(new dev.mirrorpilot.simulator.state.NetworkAcls.Entry(32767, true, "-1", false, "0.0.0.0/0", 0, 65535));
            for (var e : entries) {
                xml.open("item").element("ruleNumber", e.ruleNumber()).element("protocol", e.protocol())
                        .element("ruleAction", e.allow() ? "allow" : "deny").element("egress", e.egress()).element("cidrBlock", e.cidr());
                if (!e.protocol().equals("-1")) {
                    xml.open("portRange").element("from", e.fromPort()).element("to", e.toPort()).close("portRange");
                }
                xml.close("item");
            }
            xml.close("entrySet").open("associationSet");
            for (var subnet : new java.util.TreeSet<>(a.subnetIds())) {
                xml.open("item").element("networkAclAssociationId", "aclassoc-" + subnet.substring(7)).element("networkAclId", a.id())
                        .element("subnetId", subnet).close("item");
            }
            xml.close("associationSet");
            xml.open("tagSet").close("tagSet");
            xml.close("item");
        }
        xml.close("networkAclSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private void createNetworkAclEntry(QueryRequest request, Xml xml) {
        var rule = request.integer("RuleNumber").orElseThrow(() -> AwsError.missingParameter("RuleNumber"));
        if (rule < 1 || rule > 32766) {
            throw AwsError.badRequest("InvalidParameterValue", "Invalid value '" + rule + "' for ruleNumber. It must be 1..32766.");
        }
        var action = request.required("RuleAction");
        if (!action.equals("allow") && !action.equals("deny")) {
            throw AwsError.badRequest("InvalidParameterValue", "Invalid value '" + action + "' for ruleAction");
        }
        var protocol = request.required("Protocol");
        var cidr = request.required("CidrBlock");
        if (!cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) {
            throw AwsError.badRequest("InvalidParameterValue", "Value (" + cidr + ") for parameter cidrBlock is invalid.");
        }
        if (request.bool("DryRun")) {
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        state.networkAcls().add(request.required("NetworkAclId"), new dev.mirrorpilot.simulator.state.NetworkAcls.Entry(rule,
                request.bool("Egress"), protocol, action.equals("allow"), cidr, request.integer("PortRange.From").orElse(0),
                request.integer("PortRange.To").orElse(65535)));
        xml.element("return", true);
    }

    private void describePeerings(QueryRequest request, Xml xml) {
        var all = index(state.peerings(), VpcPeering::id);
        var ids = request.list("VpcPeeringConnectionId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidVpcPeeringConnectionID.NotFound", "vpcPeeringConnection");
        var matching = Describe.filter(candidates, request.filters(), (p, name) -> switch (name) {
            case "vpc-peering-connection-id" -> one(p.id());
            case "status-code" -> one(p.status());
            case "requester-vpc-info.vpc-id" -> one(p.requesterVpcId());
            case "accepter-vpc-info.vpc-id" -> one(p.accepterVpcId());
            default -> Optional.empty();
        }, p -> Tags.NONE);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("vpcPeeringConnectionSet");
        for (var p : page.items()) {
            xml.open("item").element("vpcPeeringConnectionId", p.id())
                    .open("requesterVpcInfo").element("vpcId", p.requesterVpcId()).element("ownerId", state.accountId())
                    .element("region", p.requesterRegion()).close("requesterVpcInfo")
                    .open("accepterVpcInfo").element("vpcId", p.accepterVpcId()).element("ownerId", state.accountId())
                    .element("region", p.accepterRegion()).close("accepterVpcInfo")
                    .open("status").element("code", p.status()).element("message", statusMessage(p.status())).close("status")
                    .open("tagSet").close("tagSet").close("item");
        }
        xml.close("vpcPeeringConnectionSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private static String statusMessage(String code) {
        return switch (code) {
            case "active" -> "Active";
            case "pending-acceptance" -> "Pending Acceptance";
            default -> code;
        };
    }

    private void describeTgwAttachments(QueryRequest request, Xml xml) {
        var all = index(state.transitGatewayAttachments(), TransitGatewayAttachment::id);
        var ids = request.list("TransitGatewayAttachmentIds");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidTransitGatewayAttachmentID.NotFound", "transitGatewayAttachment");
        var matching = Describe.filter(candidates, request.filters(), (a, name) -> switch (name) {
            case "transit-gateway-attachment-id" -> one(a.id());
            case "transit-gateway-id" -> one(a.transitGatewayId());
            case "vpc-id" -> one(a.vpcId());
            case "state" -> one(a.state());
            default -> Optional.empty();
        }, a -> Tags.NONE);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("transitGatewayVpcAttachments");
        for (var a : page.items()) {
            xml.open("item").element("transitGatewayAttachmentId", a.id()).element("transitGatewayId", a.transitGatewayId())
                    .element("vpcId", a.vpcId()).element("vpcOwnerId", state.accountId()).element("state", a.state())
                    .element("creationTime", "2026-01-01T00:00:00.000Z").open("tagSet").close("tagSet").close("item");
        }
        xml.close("transitGatewayVpcAttachments");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    // ---- traffic mirroring ----

    /** The Gateway Load Balancer endpoints behind the account's mirror targets: what a target's VPC is read from. */
    private void describeVpcEndpoints(QueryRequest request, Xml xml) {
        var all = index(state.vpcEndpoints(), dev.mirrorpilot.simulator.model.VpcEndpoint::id);
        var ids = request.list("VpcEndpointId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidVpcEndpointId.NotFound", "vpc endpoint");
        var matching = Describe.filter(candidates, request.filters(), (t, name) -> switch (name) {
            case "vpc-endpoint-id" -> one(t.id());
            case "vpc-id" -> one(t.vpcId());
            case "vpc-endpoint-type" -> one(t.type());
            case "vpc-endpoint-state" -> one(t.state());
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("vpcEndpointSet");
        for (var t : page.items()) {
            var subnet = state.subnets().stream().filter(s -> s.vpcId().equals(t.vpcId())).findFirst();
            xml.open("item").element("vpcEndpointId", t.id()).element("vpcEndpointType", t.type().isBlank() ? null : t.type())
                    .element("vpcId", t.vpcId())
                    .element("serviceName", t.serviceName(state.region()))
                    .element("state", t.state()).element("ownerId", state.accountId());
            // An endpoint's subnets are those of its ENIs; without ENIs, the first subnet of its VPC.
            var eniSubnets = state.subnetsOf(t);
            xml.open("subnetIdSet");
            if (eniSubnets.isEmpty()) {
                subnet.ifPresent(s -> xml.element("item", s.id()));
            } else {
                eniSubnets.forEach(s -> xml.element("item", s));
            }
            xml.close("subnetIdSet");
            xml.open("networkInterfaceIdSet");
            t.networkInterfaceIds().forEach(id -> xml.element("item", id));
            xml.close("networkInterfaceIdSet").close("item");
        }
        xml.close("vpcEndpointSet");
        page.nextToken().ifPresent(token -> xml.element("nextToken", token));
    }

    private void describeTargets(QueryRequest request, Xml xml) {
        var all = index(state.targets(), MirrorTarget::id);
        var ids = request.list("TrafficMirrorTargetId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidTrafficMirrorTargetId.NotFound", "traffic mirror target");
        var matching = Describe.filter(candidates, request.filters(), (t, name) -> switch (name) {
            case "traffic-mirror-target-id" -> one(t.id());
            case "network-interface-id" -> one(t.networkInterfaceId().orElse(null));
            case "network-load-balancer-arn" -> one(t.kind() == TargetKind.NETWORK_LOAD_BALANCER ? t.resourceId() : null);
            case "owner-id" -> one(t.ownerId());
            // A documented filter; descriptions are only what a create gave, and seeded targets have none.
            case "description" -> one(null);
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("trafficMirrorTargetSet");
        for (var t : page.items()) {
            xml.open("item").element("trafficMirrorTargetId", t.id())
                    .element("networkInterfaceId", t.networkInterfaceId().orElse(null))
                    .element("networkLoadBalancerArn", t.kind() == TargetKind.NETWORK_LOAD_BALANCER ? t.resourceId() : null)
                    .element("gatewayLoadBalancerEndpointId",
                            t.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT ? t.resourceId() : null)
                    .element("type", t.kind().awsName()).element("description", "").element("ownerId", t.ownerId());
            // Tags of a resource shared through AWS RAM belong to its owner and are not shown to others.
            tags(xml, isShared(t) ? Tags.NONE : t.tags());
            xml.close("item");
        }
        xml.close("trafficMirrorTargetSet");
        page.nextToken().ifPresent(tk -> xml.element("nextToken", tk));
    }

    private boolean isShared(MirrorTarget target) {
        return !target.ownerId().isBlank() && !target.ownerId().equals(state.accountId());
    }

    private void describeFilters(QueryRequest request, Xml xml) {
        var all = index(state.filters(), MirrorFilter::id);
        var ids = request.list("TrafficMirrorFilterId");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidTrafficMirrorFilterId.NotFound", "traffic mirror filter");
        var matching = Describe.filter(candidates, request.filters(), (f, name) -> switch (name) {
            case "traffic-mirror-filter-id" -> one(f.id());
            case "description" -> one(null);
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("trafficMirrorFilterSet");
        for (var f : page.items()) {
            xml.open("item").element("trafficMirrorFilterId", f.id());
            rules(xml, "ingressFilterRuleSet", f, f.ingressRules(), "ingress");
            rules(xml, "egressFilterRuleSet", f, f.egressRules(), "egress");
            xml.open("networkServiceSet");
            f.networkServices().stream().sorted().forEach(s -> xml.element("item", s));
            // Only the description a create gave: seeded filters have none (never their Name tag).
            xml.close("networkServiceSet").element("description", "");
            tags(xml, f.tags());
            xml.close("item");
        }
        xml.close("trafficMirrorFilterSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private static void rules(Xml xml, String element, MirrorFilter filter, List<FilterRule> rules, String direction) {
        xml.open(element);
        for (var r : rules) {
            xml.open("item").element("trafficMirrorFilterRuleId", "tmfr-" + filter.id().substring(4) + direction.charAt(0) + r.ruleNumber())
                    .element("trafficMirrorFilterId", filter.id()).element("trafficDirection", direction)
                    .element("ruleNumber", r.ruleNumber()).element("ruleAction", r.action());
            r.protocol().ifPresent(p -> xml.element("protocol", p));
            if (!r.destinationPorts().isAll()) {
                xml.open("destinationPortRange").element("fromPort", r.destinationPorts().from())
                        .element("toPort", r.destinationPorts().to()).close("destinationPortRange");
            }
            if (!r.sourcePorts().isAll()) {
                xml.open("sourcePortRange").element("fromPort", r.sourcePorts().from())
                        .element("toPort", r.sourcePorts().to()).close("sourcePortRange");
            }
            xml.element("destinationCidrBlock", r.destinationCidr()).element("sourceCidrBlock", r.sourceCidr()).close("item");
        }
        xml.close(element);
    }

    private void describeSessions(QueryRequest request, Xml xml) {
        long lagNanos = (long) (sessionLagSeconds.getAsDouble() * 1e9);
        long now = System.nanoTime();
        // A session is described only to its owner: in a shared VPC, participant and owner do not see each other's.
        var all = index(state.sessions().stream().filter(s -> s.ownerId().isEmpty() || s.ownerId().equals(state.accountId()))
                .filter(s -> {
                    var created = sessionCreatedNanos.get(s.id());
                    return lagNanos == 0 || created == null || now - created >= lagNanos;
                }).toList(), MirrorSession::id);
        var ids = wellFormed(request.list("TrafficMirrorSessionId"), SESSION_ID, "InvalidTrafficMirrorSessionId.Malformed");
        var candidates = ids.isEmpty() ? List.copyOf(all.values())
                : Describe.byIds(ids, all, "InvalidTrafficMirrorSessionId.NotFound", "traffic mirror session");
        var matching = Describe.filter(candidates, request.filters(), (s, name) -> switch (name) {
            case "traffic-mirror-session-id" -> one(s.id());
            case "traffic-mirror-target-id" -> one(s.targetId());
            case "traffic-mirror-filter-id" -> one(s.filterId());
            case "network-interface-id" -> one(s.sourceEniId());
            case "session-number" -> one(s.sessionNumber());
            case "virtual-network-id" -> one(s.virtualNetworkId().isPresent() ? s.virtualNetworkId().getAsInt() : null);
            case "owner-id" -> one(s.ownerId());
            case "packet-length" -> one(s.packetLength().isPresent() ? s.packetLength().getAsInt() : null);
            case "description" -> one(s.description());
            default -> Optional.empty();
        }, null);
        var page = Describe.page(matching, request, 5, 1000);
        xml.open("trafficMirrorSessionSet");
        for (var s : page.items()) {
            xml.open("item");
            session(xml, s);
            xml.close("item");
        }
        xml.close("trafficMirrorSessionSet");
        page.nextToken().ifPresent(t -> xml.element("nextToken", t));
    }

    private static void session(Xml xml, MirrorSession s) {
        xml.element("trafficMirrorSessionId", s.id()).element("trafficMirrorTargetId", s.targetId())
                .element("trafficMirrorFilterId", s.filterId()).element("networkInterfaceId", s.sourceEniId())
                .element("ownerId", s.ownerId());
        s.packetLength().ifPresent(p -> xml.element("packetLength", p));
        xml.element("sessionNumber", s.sessionNumber());
        s.virtualNetworkId().ifPresent(v -> xml.element("virtualNetworkId", v));
        xml.element("description", s.description().isEmpty() ? null : s.description());
        tags(xml, s.tags());
    }

    private void createSession(QueryRequest request, Xml xml) {
        var sessionNumber = request.integer("SessionNumber");
        var created = state.createSession(new SessionRequest(
                wellFormed(request.required("NetworkInterfaceId"), ENI_ID, "InvalidNetworkInterfaceId.Malformed"),
                request.required("TrafficMirrorTargetId"),
                request.required("TrafficMirrorFilterId"),
                sessionNumber.orElseThrow(() -> AwsError.missingParameter("SessionNumber")),
                request.integer("VirtualNetworkId"), request.integer("PacketLength"),
                request.string("Description").orElse(""),
                new Tags(request.tagSpecifications("traffic-mirror-session")),
                request.string("ClientToken").orElse(null), request.bool("DryRun")));
        sessionCreatedNanos.putIfAbsent(created.id(), System.nanoTime());
        xml.open("trafficMirrorSession");
        session(xml, created);
        xml.close("trafficMirrorSession");
        request.string("ClientToken").ifPresent(t -> xml.element("clientToken", t));
    }

    private void modifySession(QueryRequest request, Xml xml) {
        var modified = state.modifySession(new SessionChange(
                wellFormed(request.required("TrafficMirrorSessionId"), SESSION_ID, "InvalidTrafficMirrorSessionId.Malformed"),
                request.string("TrafficMirrorTargetId"), request.string("TrafficMirrorFilterId"),
                request.integer("SessionNumber"), request.integer("VirtualNetworkId"), request.integer("PacketLength"),
                request.string("Description"), new HashSet<>(request.list("RemoveField")), request.bool("DryRun")));
        xml.open("trafficMirrorSession");
        session(xml, modified);
        xml.close("trafficMirrorSession");
    }

    private void deleteSession(QueryRequest request, Xml xml) {
        var id = wellFormed(request.required("TrafficMirrorSessionId"), SESSION_ID, "InvalidTrafficMirrorSessionId.Malformed");
        state.deleteSession(id, request.bool("DryRun"));
        xml.element("trafficMirrorSessionId", id);
    }

    private void deleteTarget(QueryRequest request, Xml xml) {
        var id = request.required("TrafficMirrorTargetId");
        if (request.bool("DryRun")) {
            state.requireTarget(id);
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        // AWS keeps the target's sessions; they mirror into nothing from now on.
        state.deleteTarget(id);
        xml.element("trafficMirrorTargetId", id);
    }

    private void changeTags(QueryRequest request, Xml xml, boolean delete) {
        var resources = request.list("ResourceId");
        if (resources.isEmpty()) {
            throw AwsError.missingParameter("ResourceId");
        }
        var tags = request.tags("Tag");
        if (!delete && tags.isEmpty()) {
            throw AwsError.missingParameter("Tag");
        }
        if (!delete && tags.values().stream().anyMatch(v -> v == null)) {
            tags.replaceAll((k, v) -> v == null ? "" : v);
        }
        if (request.bool("DryRun")) {
            throw new AwsError(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        }
        state.changeTags(resources, tags, delete);
        xml.element("return", true);
    }

    private static void tags(Xml xml, Tags tags) {
        xml.open("tagSet");
        tags.sorted().forEach((k, v) -> xml.open("item").element("key", k).element("value", v).close("item"));
        xml.close("tagSet");
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> id) {
        var map = new LinkedHashMap<String, T>();
        items.forEach(i -> map.put(id.apply(i), i));
        return map;
    }

    /** The EC2 error envelope: {@code <Response><Errors><Error><Code>}, with the request id. */
    public static String errorXml(AwsError error, String requestId) {
        return new Xml().open("Response").open("Errors").open("Error").element("Code", error.code())
                .element("Message", error.getMessage()).close("Error").close("Errors")
                .element("RequestID", requestId).close("Response").toString();
    }

}
