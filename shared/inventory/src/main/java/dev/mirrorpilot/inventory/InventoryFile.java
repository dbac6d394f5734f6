package dev.mirrorpilot.inventory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.mirrorpilot.inventory.InventoryDocument.AttachedInterfaceJson;
import dev.mirrorpilot.inventory.InventoryDocument.AttachmentJson;
import dev.mirrorpilot.inventory.InventoryDocument.FilterJson;
import dev.mirrorpilot.inventory.InventoryDocument.InstanceJson;
import dev.mirrorpilot.inventory.InventoryDocument.InstanceTypeJson;
import dev.mirrorpilot.inventory.InventoryDocument.InterfaceJson;
import dev.mirrorpilot.inventory.InventoryDocument.PeeringJson;
import dev.mirrorpilot.inventory.InventoryDocument.PortRangeJson;
import dev.mirrorpilot.inventory.InventoryDocument.RuleJson;
import dev.mirrorpilot.inventory.InventoryDocument.SessionJson;
import dev.mirrorpilot.inventory.InventoryDocument.SubnetJson;
import dev.mirrorpilot.inventory.InventoryDocument.TargetJson;
import dev.mirrorpilot.inventory.InventoryDocument.TgwAttachmentJson;
import dev.mirrorpilot.inventory.InventoryDocument.VpcJson;
import dev.mirrorpilot.inventory.InventoryDocument.EndpointJson;
import dev.mirrorpilot.inventory.InventoryDocument.IngressJson;
import dev.mirrorpilot.inventory.InventoryDocument.ListenerJson;
import dev.mirrorpilot.inventory.InventoryDocument.LoadBalancerJson;
import dev.mirrorpilot.inventory.InventoryDocument.RegisteredTargetJson;
import dev.mirrorpilot.inventory.InventoryDocument.SecurityGroupJson;
import dev.mirrorpilot.policy.model.IngressRule;
import dev.mirrorpilot.policy.model.LoadBalancer;
import dev.mirrorpilot.policy.model.SecurityGroup;
import dev.mirrorpilot.policy.model.VpcEndpoint;
import dev.mirrorpilot.policy.model.Attachment;
import dev.mirrorpilot.policy.model.Connectivity;
import dev.mirrorpilot.policy.model.FilterRule;
import dev.mirrorpilot.policy.model.Hypervisor;
import dev.mirrorpilot.policy.model.InstanceState;
import dev.mirrorpilot.policy.model.InstanceTypeFacts;
import dev.mirrorpilot.policy.model.InterfaceType;
import dev.mirrorpilot.policy.model.Inventory;
import dev.mirrorpilot.policy.model.MirrorFilter;
import dev.mirrorpilot.policy.model.MirrorSession;
import dev.mirrorpilot.policy.model.MirrorTarget;
import dev.mirrorpilot.policy.model.NetworkInterface;
import dev.mirrorpilot.policy.model.Subnet;
import dev.mirrorpilot.policy.model.Tags;
import dev.mirrorpilot.policy.model.TargetKind;
import dev.mirrorpilot.policy.model.TransitGatewayAttachment;
import dev.mirrorpilot.policy.model.Vpc;
import dev.mirrorpilot.policy.model.VpcPeering;
import dev.mirrorpilot.policy.model.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Reads and writes the inventory file: one account and region at a point in time. Reading is
 * strict (unknown fields and missing required fields are errors naming their place in the file)
 * so that a typo never silently changes what gets mirrored.
 */
public final class InventoryFile {
    /**
     * 2 since December 2026: {@code instanceTypes[].largestSizeOfFamily} is gone, and a target is judged
     * able to receive only from its Sensors' {@code securityGroups} and the NLBs' {@code loadBalancers}
     * (listeners, target health), which a version 1 file did not need to list.
     */
    public static final int FORMAT_VERSION = 2;
    /** An AWS resource id as AWS writes it: a lower-case prefix, a dash, 8 or 17 lower-case hex digits (ASCII only). */
    private static final java.util.regex.Pattern RESOURCE_ID =
            java.util.regex.Pattern.compile("[a-z]+(-[a-z]+)*-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final java.util.regex.Pattern ACCOUNT_ID = java.util.regex.Pattern.compile("[0-9]{12}");
    /** An ENI's owner: an account, or AWS itself for the ENIs it manages ({@code amazon-elb}, {@code amazon-aws}). */
    private static final java.util.regex.Pattern OWNER_ID = java.util.regex.Pattern.compile("[0-9]{12}|amazon-[a-z]+");
    private static final ObjectMapper MAPPER = strict(com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT).build());

    /** No guessing: a number or boolean where a string belongs, or a string where a number belongs, is an error. */
    private static ObjectMapper strict(ObjectMapper mapper) {
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Integer)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        mapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Boolean)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.String, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail)
                .setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
        return mapper;
    }

    private InventoryFile() {
    }

    public static Inventory read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInventoryException(file + ": no such file");
        } catch (IOException e) {
            throw new InvalidInventoryException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Parses inventory JSON; {@code origin} names the source in error messages. */
    public static Inventory parse(String json, String origin) {
        InventoryDocument document;
        try {
            var tree = MAPPER.readTree(json);
            if (tree != null && tree.isObject()) {
                checkVersion(tree, origin);
                checkIds(tree, "", origin);
            }
            document = tree == null ? null : MAPPER.treeToValue(tree, InventoryDocument.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidInventoryException(origin + ": " + path(e) + ": unknown field '" + e.getPropertyName()
                    + "'; known fields here: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")), e);
        } catch (JsonMappingException e) {
            throw new InvalidInventoryException(origin + ": " + path(e) + ": " + e.getOriginalMessage()
                    + location(e), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInventoryException(origin + ": not valid JSON: " + e.getOriginalMessage() + location(e), e);
        }
        if (document == null) {
            throw new InvalidInventoryException(origin + ": empty document");
        }
        return new Reader(origin).inventory(document);
    }

    /** A version 1 file is refused with what changed, before any field of it is judged. */
    private static void checkVersion(com.fasterxml.jackson.databind.JsonNode tree, String origin) {
        var version = tree.get("formatVersion");
        if (version != null && version.isInt() && version.intValue() == 1) {
            throw new InvalidInventoryException(origin + ": formatVersion 1 is the format before December 2026; to read it as "
                    + "version 2, remove instanceTypes[].largestSizeOfFamily, list the Sensors' securityGroups and the NLBs' "
                    + "loadBalancers (without them no target is judged able to receive), then set \"formatVersion\": 2 "
                    + "(docs/inventory-format.md, 'From version 1'); or write a fresh file with mirrorpilot generate");
        }
    }

    /**
     * Every id field ({@code ...Id}, {@code ...Ids}, {@code groups}) holds an id as AWS writes it, ASCII
     * only: full-width digits, a NUL or a control character in an id is refused, naming the field.
     */
    private static void checkIds(com.fasterxml.jackson.databind.JsonNode node, String where, String origin) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkIds(node.get(i), where + "[" + i + "]", origin);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(field -> {
            var name = field.getKey();
            var at = where.isEmpty() ? name : where + "." + name;
            var value = field.getValue();
            boolean single = name.endsWith("Id") && !name.equals("availabilityZoneId");
            boolean many = name.endsWith("Ids") || name.equals("groups");
            if (single && value.isTextual()) {
                checkId(name, value.textValue(), at, origin);
            } else if (many && value.isArray()) {
                for (int i = 0; i < value.size(); i++) {
                    if (value.get(i).isTextual()) {
                        checkId(name, value.get(i).textValue(), at + "[" + i + "]", origin);
                    }
                }
            } else {
                checkIds(value, at, origin);
            }
        });
    }

    private static void checkId(String field, String value, String at, String origin) {
        boolean account = field.equals("accountId") || field.equals("ownerId");
        var pattern = field.equals("ownerId") ? OWNER_ID : account ? ACCOUNT_ID : RESOURCE_ID;
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInventoryException(origin + ": " + at + ": '" + dev.mirrorpilot.policy.text.Printable.of(value)
                    + "' is not " + (account ? "a 12-digit AWS account id" : "an AWS id (a prefix such as i- or eni-, then 8 or 17 "
                    + "lower-case hex digits, ASCII only)"));
        }
    }

    public static String write(Inventory inventory) {
        try {
            return MAPPER.writeValueAsString(Writer.document(inventory)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inventory cannot be written as JSON", e);
        }
    }

    public static void write(Inventory inventory, Path file) throws IOException {
        Files.writeString(file, write(inventory));
    }

    private static String path(JsonMappingException e) {
        var out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "(top level)" : out.toString();
    }

    private static String location(JsonProcessingException e) {
        var where = e.getLocation();
        return where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }

    /** Turns the document into the domain, with the path of each element for error messages. */
    private static final class Reader {
        private final String origin;

        Reader(String origin) {
            this.origin = origin;
        }

        private InvalidInventoryException error(String where, String message) {
            return new InvalidInventoryException(origin + ": " + where + ": " + message);
        }

        private <T> T required(T value, String where, String field) {
            if (value == null || (value instanceof String text && text.isBlank())) {
                throw error(where, "'" + field + "' is required");
            }
            return value;
        }

        private static <T> List<T> list(List<T> items) {
            return items == null ? List.of() : items;
        }

        private <J, T> List<T> each(List<J> items, String name, BiFunction<J, String, T> convert) {
            var out = new ArrayList<T>();
            var all = list(items);
            for (int i = 0; i < all.size(); i++) {
                var where = name + "[" + i + "]";
                if (all.get(i) == null) {
                    throw error(where, "null entry");
                }
                try {
                    out.add(convert.apply(all.get(i), where));
                } catch (IllegalArgumentException e) {
                    if (e instanceof InvalidInventoryException) {
                        throw e;
                    }
                    throw error(where, e.getMessage());
                }
            }
            return out;
        }

        Inventory inventory(InventoryDocument d) {
            int version = d.formatVersion() == null ? FORMAT_VERSION : d.formatVersion();
            if (version != FORMAT_VERSION) {
                throw error("formatVersion", "version " + version + " is not supported; this MirrorPilot reads version "
                        + FORMAT_VERSION);
            }
            var account = required(d.accountId(), "(top level)", "accountId");
            if (!account.matches("\\d{12}")) {
                throw error("accountId", "'" + account + "' is not a 12-digit AWS account id");
            }
            var region = required(d.region(), "(top level)", "region");
            var subnets = each(d.subnets(), "subnets", this::subnet);
            var subnetsById = new HashMap<String, Subnet>();
            subnets.forEach(s -> subnetsById.put(s.id(), s));
            try {
                return new Inventory(account, region,
                        each(d.vpcs(), "vpcs", this::vpc),
                        subnets,
                        each(d.instances(), "instances", (j, w) -> workload(j, w, account, subnetsById)),
                        each(d.networkInterfaces(), "networkInterfaces", (j, w) -> networkInterface(j, w, subnetsById)),
                        each(d.mirrorTargets(), "mirrorTargets", (j, w) -> target(j, w, account)),
                        each(d.mirrorFilters(), "mirrorFilters", this::filter),
                        each(d.mirrorSessions(), "mirrorSessions", (j, w) -> session(j, w, account)),
                        new Connectivity(each(d.vpcPeeringConnections(), "vpcPeeringConnections", (j, w) -> peering(j, w, region)),
                                each(d.transitGatewayAttachments(), "transitGatewayAttachments", this::attachment)),
                        each(d.instanceTypes(), "instanceTypes", this::instanceType),
                        each(d.securityGroups(), "securityGroups", this::securityGroup),
                        each(d.loadBalancers(), "loadBalancers", this::loadBalancer),
                        each(d.vpcEndpoints(), "vpcEndpoints", this::endpoint));
            } catch (InvalidInventoryException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidInventoryException(origin + ": " + e.getMessage(), e);
            }
        }

        private Vpc vpc(VpcJson j, String where) {
            return new Vpc(required(j.vpcId(), where, "vpcId"), j.cidrBlock(), tags(j.tags()), j.ownerId());
        }

        private Subnet subnet(SubnetJson j, String where) {
            return new Subnet(required(j.subnetId(), where, "subnetId"), required(j.vpcId(), where, "vpcId"),
                    required(j.availabilityZone(), where, "availabilityZone"), j.cidrBlock(), tags(j.tags()));
        }

        private InstanceTypeFacts instanceType(InstanceTypeJson j, String where) {
            return new InstanceTypeFacts(required(j.instanceType(), where, "instanceType"),
                    Hypervisor.fromAws(j.hypervisor()), Boolean.TRUE.equals(j.bareMetal()));
        }

        private SecurityGroup securityGroup(SecurityGroupJson j, String where) {
            return new SecurityGroup(required(j.groupId(), where, "groupId"), j.vpcId(),
                    each(j.ingressRules(), where + ".ingressRules", this::ingress));
        }

        private IngressRule ingress(IngressJson j, String where) {
            var protocol = required(j.ipProtocol(), where, "ipProtocol");
            boolean all = protocol.equals("-1");
            return new IngressRule(protocol, all ? 0 : required(j.fromPort(), where, "fromPort"),
                    all ? 0 : required(j.toPort(), where, "toPort"), list(j.cidrBlocks()), list(j.groupIds()),
                    j.prefixLists() == null ? java.util.Map.of() : j.prefixLists());
        }

        private LoadBalancer loadBalancer(LoadBalancerJson j, String where) {
            var type = required(j.type(), where, "type");
            if (!type.equals("network") && !type.equals("gateway")) {
                throw error(where, "type must be network or gateway, was '" + type + "'");
            }
            return new LoadBalancer(required(j.loadBalancerArn(), where, "loadBalancerArn"), type,
                    required(j.state(), where, "state"), j.vpcId(),
                    each(j.listeners(), where + ".listeners", this::listener),
                    each(j.targets(), where + ".targets", this::registered), list(j.securityGroupIds()));
        }

        private LoadBalancer.Listener listener(ListenerJson j, String where) {
            return new LoadBalancer.Listener(required(j.protocol(), where, "protocol"), required(j.port(), where, "port"),
                    required(j.targetGroupArn(), where, "targetGroupArn"));
        }

        private LoadBalancer.RegisteredTarget registered(RegisteredTargetJson j, String where) {
            return new LoadBalancer.RegisteredTarget(required(j.targetGroupArn(), where, "targetGroupArn"),
                    required(j.id(), where, "id"), j.port() == null ? 0 : j.port(), required(j.health(), where, "health"));
        }

        private VpcEndpoint endpoint(EndpointJson j, String where) {
            return new VpcEndpoint(required(j.vpcEndpointId(), where, "vpcEndpointId"), required(j.vpcId(), where, "vpcId"),
                    j.vpcEndpointType(), required(j.state(), where, "state"), list(j.networkInterfaceIds()));
        }

        private Workload workload(InstanceJson j, String where, String account, Map<String, Subnet> subnets) {
            var id = required(j.instanceId(), where, "instanceId");
            var vpc = required(j.vpcId(), where, "vpcId");
            var subnet = required(j.subnetId(), where, "subnetId");
            var zone = j.availabilityZone() != null ? j.availabilityZone()
                    : Optional.ofNullable(subnets.get(subnet)).map(Subnet::availabilityZone)
                    .orElseThrow(() -> error(where, "'availabilityZone' is required when subnet " + subnet + " is not listed"));
            var interfaces = new ArrayList<NetworkInterface>();
            var enis = list(j.networkInterfaces());
            var indexes = new java.util.HashSet<Integer>();
            for (int i = 0; i < enis.size(); i++) {
                var e = enis.get(i);
                var at = where + ".networkInterfaces[" + i + "]";
                var eniSubnet = e.subnetId() != null ? e.subnetId() : subnet;
                var eniZone = e.availabilityZone() != null ? e.availabilityZone() : zone;
                int index = required(e.deviceIndex(), at, "deviceIndex");
                if (!indexes.add(index)) {
                    throw error(at, "deviceIndex " + index + " is taken by another interface of " + id
                            + "; an instance has one interface per device index (0 is the primary)");
                }
                interfaces.add(new NetworkInterface(required(e.networkInterfaceId(), at, "networkInterfaceId"), vpc,
                        eniSubnet, eniZone, InterfaceType.fromAws(e.interfaceType()), Boolean.TRUE.equals(e.requesterManaged()),
                        e.ownerId() != null ? e.ownerId() : account,
                        Optional.of(new Attachment(id, index, e.deleteOnTermination() == null ? index == 0 : e.deleteOnTermination())),
                        "", e.privateIpAddress(), list(e.groups())));
            }
            if (j.networkGbps() != null && !(j.networkGbps() >= 0 && j.networkGbps() <= 400)) {
                throw error(where, "networkGbps " + j.networkGbps() + " is outside 0..400 (Gbps, in and out together)");
            }
            return new Workload(id, required(j.instanceType(), where, "instanceType"),
                    InstanceState.fromAws(required(j.state(), where, "state")), vpc, subnet, zone, tags(j.tags()), interfaces,
                    j.networkGbps() == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(j.networkGbps()));
        }

        private NetworkInterface networkInterface(InterfaceJson j, String where, Map<String, Subnet> subnets) {
            var subnet = required(j.subnetId(), where, "subnetId");
            var known = Optional.ofNullable(subnets.get(subnet));
            var vpc = j.vpcId() != null ? j.vpcId() : known.map(Subnet::vpcId)
                    .orElseThrow(() -> error(where, "'vpcId' is required when subnet " + subnet + " is not listed"));
            var zone = j.availabilityZone() != null ? j.availabilityZone() : known.map(Subnet::availabilityZone)
                    .orElseThrow(() -> error(where, "'availabilityZone' is required when subnet " + subnet + " is not listed"));
            Optional<Attachment> attachment = Optional.empty();
            if (j.attachment() != null) {
                var a = j.attachment();
                int index = required(a.deviceIndex(), where + ".attachment", "deviceIndex");
                attachment = Optional.of(new Attachment(required(a.instanceId(), where + ".attachment", "instanceId"),
                        index, Boolean.TRUE.equals(a.deleteOnTermination())));
            }
            return new NetworkInterface(required(j.networkInterfaceId(), where, "networkInterfaceId"), vpc, subnet, zone,
                    InterfaceType.fromAws(j.interfaceType()), Boolean.TRUE.equals(j.requesterManaged()),
                    j.ownerId() == null ? "" : j.ownerId(), attachment, j.description(), j.privateIpAddress(), list(j.groups()));
        }

        private MirrorTarget target(TargetJson j, String where, String account) {
            var kind = TargetKind.fromAws(required(j.type(), where, "type"));
            var resource = switch (kind) {
                case NETWORK_INTERFACE -> required(j.networkInterfaceId(), where, "networkInterfaceId");
                case NETWORK_LOAD_BALANCER -> required(j.networkLoadBalancerArn(), where, "networkLoadBalancerArn");
                case GATEWAY_LOAD_BALANCER_ENDPOINT ->
                        required(j.gatewayLoadBalancerEndpointId(), where, "gatewayLoadBalancerEndpointId");
            };
            var owner = j.ownerId() != null ? j.ownerId() : account;
            // A target shared from another account: its VPC cannot be read from this one, so it may be absent.
            var vpc = owner.equals(account) ? required(j.vpcId(), where, "vpcId") : (j.vpcId() == null ? "" : j.vpcId());
            return new MirrorTarget(required(j.trafficMirrorTargetId(), where, "trafficMirrorTargetId"), kind, resource,
                    vpc, Optional.ofNullable(j.availabilityZone()), owner, Optional.ofNullable(j.sensorInstanceType()),
                    tags(j.tags()));
        }

        private MirrorFilter filter(FilterJson j, String where) {
            return new MirrorFilter(required(j.trafficMirrorFilterId(), where, "trafficMirrorFilterId"),
                    each(j.ingressRules(), where + ".ingressRules", this::rule),
                    each(j.egressRules(), where + ".egressRules", this::rule),
                    new LinkedHashSet<>(list(j.networkServices())), tags(j.tags()));
        }

        private FilterRule rule(RuleJson j, String where) {
            var action = required(j.ruleAction(), where, "ruleAction").toUpperCase(Locale.ROOT);
            if (!action.equals("ACCEPT") && !action.equals("REJECT")) {
                throw error(where, "ruleAction must be accept or reject, was '" + j.ruleAction() + "'");
            }
            return new FilterRule(required(j.ruleNumber(), where, "ruleNumber"), FilterRule.RuleAction.valueOf(action),
                    j.protocol() == null ? OptionalInt.empty() : OptionalInt.of(j.protocol()),
                    required(j.sourceCidrBlock(), where, "sourceCidrBlock"),
                    required(j.destinationCidrBlock(), where, "destinationCidrBlock"),
                    ports(j.sourcePortRange()), ports(j.destinationPortRange()));
        }

        private static FilterRule.PortRange ports(PortRangeJson j) {
            return j == null ? null : new FilterRule.PortRange(j.fromPort() == null ? 0 : j.fromPort(),
                    j.toPort() == null ? 65535 : j.toPort());
        }

        private MirrorSession session(SessionJson j, String where, String account) {
            int number = required(j.sessionNumber(), where, "sessionNumber");
            if (number < MirrorSession.MIN_SESSION_NUMBER || number > MirrorSession.MAX_SESSION_NUMBER) {
                throw error(where, "sessionNumber " + number + " is outside 1..32766");
            }
            return new MirrorSession(required(j.trafficMirrorSessionId(), where, "trafficMirrorSessionId"),
                    required(j.networkInterfaceId(), where, "networkInterfaceId"),
                    required(j.trafficMirrorTargetId(), where, "trafficMirrorTargetId"),
                    required(j.trafficMirrorFilterId(), where, "trafficMirrorFilterId"), number,
                    j.virtualNetworkId() == null ? OptionalInt.empty() : OptionalInt.of(j.virtualNetworkId()),
                    j.packetLength() == null ? OptionalInt.empty() : OptionalInt.of(j.packetLength()),
                    j.description(), tags(j.tags()), j.ownerId() != null ? j.ownerId() : account);
        }

        private VpcPeering peering(PeeringJson j, String where, String region) {
            return new VpcPeering(required(j.vpcPeeringConnectionId(), where, "vpcPeeringConnectionId"),
                    required(j.requesterVpcId(), where, "requesterVpcId"), required(j.accepterVpcId(), where, "accepterVpcId"),
                    required(j.status(), where, "status"),
                    j.requesterRegion() != null ? j.requesterRegion() : region,
                    j.accepterRegion() != null ? j.accepterRegion() : region);
        }

        private TransitGatewayAttachment attachment(TgwAttachmentJson j, String where) {
            return new TransitGatewayAttachment(required(j.transitGatewayAttachmentId(), where, "transitGatewayAttachmentId"),
                    required(j.transitGatewayId(), where, "transitGatewayId"), required(j.vpcId(), where, "vpcId"),
                    required(j.state(), where, "state"));
        }

        private static Tags tags(Map<String, String> tags) {
            return tags == null ? Tags.NONE : new Tags(new TreeMap<>(tags));
        }
    }

    /** The domain back into the document, in a stable order, omitting what equals the defaults. */
    private static final class Writer {
        static InventoryDocument document(Inventory inv) {
            return new InventoryDocument(FORMAT_VERSION, inv.accountId(), inv.region(),
                    inv.vpcs().stream().map(v -> new VpcJson(v.id(), emptyToNull(v.cidrBlock()), tags(v.tags()),
                            emptyToNull(v.ownerId()))).toList(),
                    inv.subnets().stream().map(s -> new SubnetJson(s.id(), s.vpcId(), s.availabilityZone(),
                            emptyToNull(s.cidrBlock()), tags(s.tags()))).toList(),
                    inv.instanceTypes().stream().map(t -> new InstanceTypeJson(t.name(), t.hypervisor().awsName(),
                            t.bareMetal())).toList(),
                    inv.workloads().stream().map(w -> new InstanceJson(w.instanceId(), w.instanceType(),
                            w.state().awsName(), w.vpcId(), w.subnetId(), w.availabilityZone(), tags(w.tags()),
                            w.interfaces().stream().map(e -> new AttachedInterfaceJson(e.id(), e.deviceIndex(),
                                    e.attachment().map(Attachment::deleteOnTermination).orElse(false),
                                    e.subnetId().equals(w.subnetId()) ? null : e.subnetId(),
                                    e.availabilityZone().equals(w.availabilityZone()) ? null : e.availabilityZone(),
                                    e.type() == InterfaceType.INTERFACE ? null : e.type().awsName(),
                                    e.requesterManaged() ? true : null,
                                    e.ownerId().equals(inv.accountId()) ? null : e.ownerId(),
                                    emptyToNull(e.privateIpAddress()), emptyList(e.securityGroupIds()))).toList(),
                            w.networkGbps().isPresent() ? w.networkGbps().getAsDouble() : null)).toList(),
                    inv.otherInterfaces().stream().map(e -> new InterfaceJson(e.id(), e.vpcId(), e.subnetId(),
                            e.availabilityZone(), e.type().awsName(), e.requesterManaged(), emptyToNull(e.ownerId()),
                            e.attachment().map(a -> new AttachmentJson(a.instanceId(), a.deviceIndex(),
                                    a.deleteOnTermination())).orElse(null), emptyToNull(e.description()),
                            emptyToNull(e.privateIpAddress()), emptyList(e.securityGroupIds()))).toList(),
                    inv.targets().stream().map(t -> new TargetJson(t.id(), t.kind().awsName(),
                            t.kind() == TargetKind.NETWORK_INTERFACE ? t.resourceId() : null,
                            t.kind() == TargetKind.NETWORK_LOAD_BALANCER ? t.resourceId() : null,
                            t.kind() == TargetKind.GATEWAY_LOAD_BALANCER_ENDPOINT ? t.resourceId() : null,
                            emptyToNull(t.vpcId()), t.availabilityZone().orElse(null), t.ownerId(), t.sensorInstanceType().orElse(null),
                            tags(t.tags()))).toList(),
                    inv.filters().stream().map(f -> new FilterJson(f.id(), rules(f.ingressRules()), rules(f.egressRules()),
                            f.networkServices().stream().sorted().toList(), tags(f.tags()))).toList(),
                    inv.sessions().stream().map(s -> new SessionJson(s.id(), s.sourceEniId(), s.targetId(), s.filterId(),
                            s.sessionNumber(), boxed(s.virtualNetworkId()), boxed(s.packetLength()),
                            emptyToNull(s.description()), emptyToNull(s.ownerId()), tags(s.tags()))).toList(),
                    inv.connectivity().peerings().stream().map(p -> new PeeringJson(p.id(), p.requesterVpcId(),
                            p.accepterVpcId(), p.status(), p.requesterRegion(), p.accepterRegion())).toList(),
                    inv.connectivity().transitGatewayAttachments().stream().map(a -> new TgwAttachmentJson(a.id(),
                            a.transitGatewayId(), a.vpcId(), a.state())).toList(),
                    inv.securityGroups().stream().map(g -> new SecurityGroupJson(g.id(), emptyToNull(g.vpcId()),
                            g.ingress().stream().map(r -> new IngressJson(r.protocol(), r.fromPort(), r.toPort(),
                                    emptyList(r.cidrs()), emptyList(r.groupIds()),
                                    r.prefixLists().isEmpty() ? null : r.prefixLists())).toList())).toList(),
                    inv.loadBalancers().stream().map(lb -> new LoadBalancerJson(lb.arn(), lb.type(), lb.state(),
                            emptyToNull(lb.vpcId()),
                            lb.listeners().stream().map(l -> new ListenerJson(l.protocol(), l.port(), l.targetGroupArn())).toList(),
                            lb.registered().stream().map(t -> new RegisteredTargetJson(t.targetGroupArn(), t.id(), t.port(),
                                    t.health())).toList(), emptyList(lb.securityGroupIds()))).toList(),
                    inv.vpcEndpoints().stream().map(e -> new EndpointJson(e.id(), e.vpcId(), emptyToNull(e.type()),
                            e.state(), emptyList(e.networkInterfaceIds()))).toList());
        }

        private static List<String> emptyList(List<String> items) {
            return items.isEmpty() ? null : items;
        }

        private static List<RuleJson> rules(List<FilterRule> rules) {
            return rules.stream().map(r -> new RuleJson(r.ruleNumber(), r.action().name().toLowerCase(Locale.ROOT),
                    boxed(r.protocol()), r.sourceCidr(), r.destinationCidr(), ports(r.sourcePorts()),
                    ports(r.destinationPorts()))).toList();
        }

        private static PortRangeJson ports(FilterRule.PortRange range) {
            return range.isAll() ? null : new PortRangeJson(range.from(), range.to());
        }

        private static Integer boxed(OptionalInt value) {
            return value.isPresent() ? value.getAsInt() : null;
        }

        private static String emptyToNull(String text) {
            return text == null || text.isEmpty() ? null : text;
        }

        private static Map<String, String> tags(Tags tags) {
            return tags.values().isEmpty() ? null : tags.sorted();
        }
    }
}
