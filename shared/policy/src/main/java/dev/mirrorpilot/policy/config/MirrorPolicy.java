package dev.mirrorpilot.policy.config;

import dev.mirrorpilot.policy.model.MirrorSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What should be mirrored and how: one validated, immutable record. Build it with
 * {@link #fromSettings(Map)} from the Lambda environment (or CLI options); every bad key is
 * reported at once with what is wrong and what is allowed.
 */
public record MirrorPolicy(
        Selection targets,
        Selection filter,
        Mode mode,
        Set<String> includeVpcs,
        Set<String> excludeVpcs,
        Set<String> includeSubnets,
        Set<String> excludeSubnets,
        Interfaces interfaces,
        int preferredSessionNumber,
        VniPolicy vni,
        OptionalInt packetLength,
        int capacityHeadroomPercent,
        boolean preferSameAz,
        OnStop onStop,
        NumberPolicy sessionNumbers,
        Set<String> extraHundredSourceTypes,
        Set<String> learnedTenSourceTypes,
        Map<String, Set<String>> sharedTargetVpcs,
        Set<String> unsupportedSourceTypes,
        Map<String, String> refusedSourceTypes) {

    /** The tag whose value opts a workload in or out. */
    public static final String MIRROR_TAG = "mirrorpilot:mirror";
    public static final int MAX_PACKET_LENGTH = 8500;

    /** Opt-out mirrors everything not tagged {@code false}; opt-in only what is tagged {@code true}. */
    public enum Mode { OPT_OUT, OPT_IN }

    /** Which ENIs of a workload are sources. */
    public enum Interfaces { PRIMARY, ALL }

    /** What happens to sessions of a stopped instance. */
    public enum OnStop { KEEP, REMOVE }

    /**
     * How a MirrorPilot session's number relates to foreign sessions on the same ENI: AWS gives a
     * packet to the lowest-numbered session whose filter matches, so a lower number takes traffic.
     */
    public enum NumberPolicy { YIELD, PREEMPT }

    /** A VPC id as AWS writes it: {@code vpc-} and 8 or 17 hex digits. */
    public static final Pattern VPC_ID = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern TARGET_ID = Pattern.compile("tmt-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern FILTER_ID = Pattern.compile("tmf-[0-9a-f]{8}([0-9a-f]{9})?");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern TYPE_OR_FAMILY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9]+)?");

    public MirrorPolicy {
        Objects.requireNonNull(targets, "targets");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(mode, "mode");
        includeVpcs = Set.copyOf(includeVpcs);
        excludeVpcs = Set.copyOf(excludeVpcs);
        includeSubnets = Set.copyOf(includeSubnets);
        excludeSubnets = Set.copyOf(excludeSubnets);
        Objects.requireNonNull(interfaces, "interfaces");
        Objects.requireNonNull(vni, "vni");
        Objects.requireNonNull(packetLength, "packetLength");
        Objects.requireNonNull(onStop, "onStop");
        Objects.requireNonNull(sessionNumbers, "sessionNumbers");
        extraHundredSourceTypes = Set.copyOf(extraHundredSourceTypes);
        learnedTenSourceTypes = Set.copyOf(learnedTenSourceTypes);
        unsupportedSourceTypes = Set.copyOf(unsupportedSourceTypes);
        refusedSourceTypes = Map.copyOf(refusedSourceTypes);
        sharedTargetVpcs = sharedTargetVpcs.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        if (preferredSessionNumber < MirrorSession.MIN_SESSION_NUMBER
                || preferredSessionNumber > MirrorSession.MAX_SESSION_NUMBER) {
            throw new IllegalArgumentException("preferred session number out of range");
        }
        if (capacityHeadroomPercent < 1 || capacityHeadroomPercent > 100) {
            throw new IllegalArgumentException("capacity headroom must be 1..100 percent");
        }
    }

    /**
     * Sensor types whose ENI targets take 100 sources: the types AWS lists and those the setting
     * adds, less those an AWS refusal showed take fewer.
     */
    public Set<String> hundredSourceTypes() {
        var types = new java.util.HashSet<>(dev.mirrorpilot.policy.capacity.SourceLimits.AWS_LISTED_HUNDRED_SOURCE_TYPES);
        types.addAll(extraHundredSourceTypes);
        types.removeAll(learnedTenSourceTypes);
        return Set.copyOf(types);
    }

    /**
     * Why an instance type cannot be a source beyond what the guide's families say: listed in
     * {@link PolicyKey#UNSUPPORTED_SOURCE_TYPES} (by type or family), or refused by EC2 here.
     */
    public java.util.Optional<String> whyTypeRefused(String instanceType) {
        var refused = refusedSourceTypes.get(instanceType);
        if (refused != null) {
            return java.util.Optional.of(instanceType + ": EC2 refused it as a mirror source (NetworkInterfaceNotSupported: "
                    + refused + "); add it to UnsupportedSourceTypes to skip it from the start");
        }
        var family = instanceType.contains(".") ? instanceType.substring(0, instanceType.indexOf('.')) : instanceType;
        if (unsupportedSourceTypes.contains(instanceType) || unsupportedSourceTypes.contains(family)) {
            return java.util.Optional.of(instanceType + ": listed in UnsupportedSourceTypes");
        }
        return java.util.Optional.empty();
    }

    /** This policy, after EC2 refused a source of this type with NetworkInterfaceNotSupported: skip the type. */
    public MirrorPolicy refusedSourceType(String instanceType, String ec2Message) {
        var refused = new java.util.HashMap<>(refusedSourceTypes);
        refused.put(instanceType, ec2Message == null ? "" : ec2Message);
        return toBuilder().refusedSourceTypes(refused).build();
    }

    /** This policy, after AWS refused a new source below 100 on a Sensor of this type: that type takes 10. */
    public MirrorPolicy learnedTenSourceType(String instanceType) {
        var learned = new java.util.HashSet<>(learnedTenSourceTypes);
        learned.add(instanceType);
        return toBuilder().learnedTenSourceTypes(learned).build();
    }

    /** The policy with every default. */
    public static MirrorPolicy defaults() {
        return fromSettings(Map.of());
    }

    /**
     * Builds a policy from {@code MIRRORPILOT_*} settings. Other keys are ignored (the map may be
     * the whole environment); a {@code MIRRORPILOT_} key that is close to a policy key is reported
     * as a likely typo, since silently ignoring it could mirror what the user meant to exclude.
     * Empty values mean "use the default".
     *
     * @throws InvalidPolicyException listing every bad key
     */
    public static MirrorPolicy fromSettings(Map<String, String> settings) {
        var reader = new Reader(settings);
        reader.rejectTypos();
        var targetIds = reader.ids(PolicyKey.TARGET_IDS, TARGET_ID, "tmt-0123456789abcdef0");
        Selection targets = targetIds.isEmpty()
                ? new Selection.ByTag(reader.tag(PolicyKey.TARGET_TAG))
                : new Selection.ByIds(targetIds);
        if (!targetIds.isEmpty() && reader.isSet(PolicyKey.TARGET_TAG)) {
            reader.error(PolicyKey.TARGET_TAG, "set either TARGET_IDS or TARGET_TAG, not both");
        }
        var filterIds = reader.ids(PolicyKey.FILTER_ID, FILTER_ID, "tmf-0123456789abcdef0");
        if (filterIds.size() > 1) {
            reader.error(PolicyKey.FILTER_ID, "name exactly one filter: every MirrorPilot session uses the same filter");
        }
        Selection filter = filterIds.isEmpty()
                ? new Selection.ByTag(reader.tag(PolicyKey.FILTER_TAG))
                : new Selection.ByIds(filterIds);
        var includeVpcs = reader.ids(PolicyKey.INCLUDE_VPCS, VPC_ID, "vpc-0123456789abcdef0");
        var excludeVpcs = reader.ids(PolicyKey.EXCLUDE_VPCS, VPC_ID, "vpc-0123456789abcdef0");
        var includeSubnets = reader.ids(PolicyKey.INCLUDE_SUBNETS, SUBNET_ID, "subnet-0123456789abcdef0");
        var excludeSubnets = reader.ids(PolicyKey.EXCLUDE_SUBNETS, SUBNET_ID, "subnet-0123456789abcdef0");
        reader.disjoint(PolicyKey.EXCLUDE_VPCS, includeVpcs, excludeVpcs);
        reader.disjoint(PolicyKey.EXCLUDE_SUBNETS, includeSubnets, excludeSubnets);
        var policy = new Builder()
                .targets(targets)
                .filter(filter)
                .mode(reader.choice(PolicyKey.MODE, Mode.class))
                .includeVpcs(includeVpcs).excludeVpcs(excludeVpcs)
                .includeSubnets(includeSubnets).excludeSubnets(excludeSubnets)
                .interfaces(reader.choice(PolicyKey.INTERFACES, Interfaces.class))
                .preferredSessionNumber(reader.integer(PolicyKey.SESSION_NUMBER,
                        MirrorSession.MIN_SESSION_NUMBER, MirrorSession.MAX_SESSION_NUMBER, 1))
                .vni(reader.vni())
                .packetLength(reader.packetLength())
                .capacityHeadroomPercent(reader.integer(PolicyKey.CAPACITY_HEADROOM, 1, 100, 80))
                .preferSameAz(reader.bool(PolicyKey.PREFER_SAME_AZ))
                .onStop(reader.choice(PolicyKey.ON_STOP, OnStop.class))
                .sessionNumbers(reader.choice(PolicyKey.SESSION_NUMBERS, NumberPolicy.class))
                .extraHundredSourceTypes(reader.ids(PolicyKey.HUNDRED_SOURCE_TYPES, INSTANCE_TYPE, "r6in.32xlarge"))
                .unsupportedSourceTypes(reader.ids(PolicyKey.UNSUPPORTED_SOURCE_TYPES, TYPE_OR_FAMILY, "m8i.large or m8i"))
                .sharedTargetVpcs(reader.sharedTargetVpcs());
        reader.throwIfErrors();
        return policy.build();
    }

    /** The settings that rebuild this policy, for display and round trips. */
    public Map<String, String> toSettings() {
        var map = new java.util.TreeMap<String, String>();
        putSelection(map, targets, PolicyKey.TARGET_TAG, PolicyKey.TARGET_IDS);
        putSelection(map, filter, PolicyKey.FILTER_TAG, PolicyKey.FILTER_ID);
        map.put(PolicyKey.MODE.variable(), dashed(mode));
        map.put(PolicyKey.INCLUDE_VPCS.variable(), sortedCsv(includeVpcs));
        map.put(PolicyKey.EXCLUDE_VPCS.variable(), sortedCsv(excludeVpcs));
        map.put(PolicyKey.INCLUDE_SUBNETS.variable(), sortedCsv(includeSubnets));
        map.put(PolicyKey.EXCLUDE_SUBNETS.variable(), sortedCsv(excludeSubnets));
        map.put(PolicyKey.INTERFACES.variable(), dashed(interfaces));
        map.put(PolicyKey.SESSION_NUMBER.variable(), Integer.toString(preferredSessionNumber));
        map.put(PolicyKey.VNI.variable(), vni instanceof VniPolicy.Fixed fixed ? Integer.toString(fixed.vni())
                : vni instanceof VniPolicy.PerVpc ? "per-vpc" : "aws");
        map.put(PolicyKey.PACKET_LENGTH.variable(),
                packetLength.isPresent() ? Integer.toString(packetLength.getAsInt()) : "whole");
        map.put(PolicyKey.CAPACITY_HEADROOM.variable(), Integer.toString(capacityHeadroomPercent));
        map.put(PolicyKey.PREFER_SAME_AZ.variable(), Boolean.toString(preferSameAz));
        map.put(PolicyKey.ON_STOP.variable(), dashed(onStop));
        map.put(PolicyKey.SESSION_NUMBERS.variable(), dashed(sessionNumbers));
        map.put(PolicyKey.HUNDRED_SOURCE_TYPES.variable(), sortedCsv(extraHundredSourceTypes));
        map.put(PolicyKey.UNSUPPORTED_SOURCE_TYPES.variable(), sortedCsv(unsupportedSourceTypes));
        map.put(PolicyKey.SHARED_TARGET_VPCS.variable(), sharedTargetVpcs.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + ":" + sortedCsv(e.getValue())).collect(Collectors.joining(";")));
        return map;
    }

    private static void putSelection(Map<String, String> map, Selection selection, PolicyKey tagKey, PolicyKey idsKey) {
        if (selection instanceof Selection.ByIds byIds) {
            map.put(idsKey.variable(), sortedCsv(byIds.ids()));
        } else if (selection instanceof Selection.ByTag byTag) {
            map.put(tagKey.variable(), byTag.tag().toString());
        }
    }

    private static String sortedCsv(Set<String> ids) {
        return ids.stream().sorted().collect(Collectors.joining(","));
    }

    private static String dashed(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public Builder toBuilder() {
        return new Builder().targets(targets).filter(filter).mode(mode)
                .includeVpcs(includeVpcs).excludeVpcs(excludeVpcs)
                .includeSubnets(includeSubnets).excludeSubnets(excludeSubnets)
                .interfaces(interfaces).preferredSessionNumber(preferredSessionNumber).vni(vni)
                .packetLength(packetLength).capacityHeadroomPercent(capacityHeadroomPercent)
                .preferSameAz(preferSameAz).onStop(onStop).sessionNumbers(sessionNumbers)
                .extraHundredSourceTypes(extraHundredSourceTypes).learnedTenSourceTypes(learnedTenSourceTypes)
                .sharedTargetVpcs(sharedTargetVpcs).unsupportedSourceTypes(unsupportedSourceTypes)
                .refusedSourceTypes(refusedSourceTypes);
    }

    /** For tests and code that derive one policy from another. */
    public static final class Builder {
        private Selection targets = new Selection.ByTag(new TagMatch("mirrorpilot:role", "sensor"));
        private Selection filter = new Selection.ByTag(new TagMatch("mirrorpilot:role", "filter"));
        private Mode mode = Mode.OPT_OUT;
        private Set<String> includeVpcs = Set.of();
        private Set<String> excludeVpcs = Set.of();
        private Set<String> includeSubnets = Set.of();
        private Set<String> excludeSubnets = Set.of();
        private Interfaces interfaces = Interfaces.PRIMARY;
        private int preferredSessionNumber = 1;
        private VniPolicy vni = new VniPolicy.AwsChosen();
        private OptionalInt packetLength = OptionalInt.empty();
        private int capacityHeadroomPercent = 80;
        private boolean preferSameAz = true;
        private OnStop onStop = OnStop.KEEP;
        private NumberPolicy sessionNumbers = NumberPolicy.YIELD;
        private Set<String> extraHundredSourceTypes = Set.of();
        private Set<String> learnedTenSourceTypes = Set.of();
        private Map<String, Set<String>> sharedTargetVpcs = Map.of();
        private Set<String> unsupportedSourceTypes = Set.of();
        private Map<String, String> refusedSourceTypes = Map.of();

        public Builder targets(Selection value) { targets = value; return this; }
        public Builder filter(Selection value) { filter = value; return this; }
        public Builder mode(Mode value) { mode = value; return this; }
        public Builder includeVpcs(Set<String> value) { includeVpcs = value; return this; }
        public Builder excludeVpcs(Set<String> value) { excludeVpcs = value; return this; }
        public Builder includeSubnets(Set<String> value) { includeSubnets = value; return this; }
        public Builder excludeSubnets(Set<String> value) { excludeSubnets = value; return this; }
        public Builder interfaces(Interfaces value) { interfaces = value; return this; }
        public Builder preferredSessionNumber(int value) { preferredSessionNumber = value; return this; }
        public Builder vni(VniPolicy value) { vni = value; return this; }
        public Builder packetLength(OptionalInt value) { packetLength = value; return this; }
        public Builder capacityHeadroomPercent(int value) { capacityHeadroomPercent = value; return this; }
        public Builder preferSameAz(boolean value) { preferSameAz = value; return this; }
        public Builder onStop(OnStop value) { onStop = value; return this; }
        public Builder sessionNumbers(NumberPolicy value) { sessionNumbers = value; return this; }
        public Builder extraHundredSourceTypes(Set<String> value) { extraHundredSourceTypes = value; return this; }
        public Builder learnedTenSourceTypes(Set<String> value) { learnedTenSourceTypes = value; return this; }
        public Builder sharedTargetVpcs(Map<String, Set<String>> value) { sharedTargetVpcs = value; return this; }
        public Builder unsupportedSourceTypes(Set<String> value) { unsupportedSourceTypes = value; return this; }
        public Builder refusedSourceTypes(Map<String, String> value) { refusedSourceTypes = value; return this; }

        public MirrorPolicy build() {
            return new MirrorPolicy(targets, filter, mode, includeVpcs, excludeVpcs, includeSubnets,
                    excludeSubnets, interfaces, preferredSessionNumber, vni, packetLength,
                    capacityHeadroomPercent, preferSameAz, onStop, sessionNumbers, extraHundredSourceTypes,
                    learnedTenSourceTypes, sharedTargetVpcs, unsupportedSourceTypes, refusedSourceTypes);
        }
    }

    /** Reads raw settings, collecting one error per bad key and a safe placeholder to go on with. */
    private static final class Reader {
        private final Map<String, String> settings;
        private final List<PolicyError> errors = new ArrayList<>();

        Reader(Map<String, String> settings) {
            this.settings = settings;
        }

        boolean isSet(PolicyKey key) {
            var value = settings.get(key.variable());
            return value != null && !value.isBlank();
        }

        String raw(PolicyKey key) {
            return isSet(key) ? settings.get(key.variable()).trim() : key.defaultValue();
        }

        void error(PolicyKey key, String message) {
            errors.add(new PolicyError(key.variable(), raw(key), message));
        }

        void rejectTypos() {
            for (var variable : settings.keySet().stream().sorted().toList()) {
                if (!variable.startsWith(PolicyKey.PREFIX) || PolicyKey.fromVariable(variable).isPresent()) {
                    continue;
                }
                Arrays.stream(PolicyKey.values())
                        .filter(k -> editDistance(k.variable(), variable) <= 2)
                        .findFirst()
                        .ifPresent(k -> errors.add(new PolicyError(variable, settings.get(variable),
                                "unknown setting; did you mean " + k.variable() + "?")));
            }
        }

        TagMatch tag(PolicyKey key) {
            try {
                return TagMatch.parse(raw(key));
            } catch (IllegalArgumentException e) {
                error(key, "expected a tag as key=value, for example " + key.defaultValue());
                return TagMatch.parse(key.defaultValue());
            }
        }

        Set<String> ids(PolicyKey key, Pattern pattern, String example) {
            var values = Arrays.stream(raw(key).split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            var bad = values.stream().filter(v -> !pattern.matcher(v).matches()).sorted().toList();
            if (!bad.isEmpty()) {
                error(key, "not valid id(s): " + dev.mirrorpilot.policy.text.Printable.of(String.join(", ", bad)) + "; expected " + key.allowed()
                        + ", for example " + example);
                return Set.of();
            }
            return values;
        }

        void disjoint(PolicyKey key, Set<String> included, Set<String> excluded) {
            var both = included.stream().filter(excluded::contains).sorted().toList();
            if (!both.isEmpty()) {
                error(key, "both included and excluded: " + String.join(", ", both) + "; list each in one of them");
            }
        }

        <E extends Enum<E>> E choice(PolicyKey key, Class<E> type) {
            Function<String, String> normal = s -> s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (var constant : type.getEnumConstants()) {
                if (constant.name().equals(normal.apply(raw(key)))) {
                    return constant;
                }
            }
            error(key, "expected " + key.allowed());
            return Enum.valueOf(type, normal.apply(key.defaultValue()));
        }

        int integer(PolicyKey key, int min, int max, int fallback) {
            var text = raw(key).endsWith("%") && key == PolicyKey.CAPACITY_HEADROOM
                    ? raw(key).substring(0, raw(key).length() - 1) : raw(key);
            // ASCII digits only: Integer.parseInt also takes full-width and other Unicode digits.
            if (!text.trim().matches("-?[0-9]{1,9}")) {
                error(key, "not a whole number; expected " + key.allowed());
                return fallback;
            }
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
            error(key, "out of range; expected " + key.allowed());
            return fallback;
        }

        boolean bool(PolicyKey key) {
            return switch (raw(key).toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> {
                    error(key, "expected " + key.allowed());
                    yield Boolean.parseBoolean(key.defaultValue());
                }
            };
        }

        VniPolicy vni() {
            var value = raw(PolicyKey.VNI).toLowerCase(Locale.ROOT);
            if (value.equals("aws")) {
                return new VniPolicy.AwsChosen();
            }
            if (value.equals("per-vpc")) {
                return new VniPolicy.PerVpc();
            }
            int number = integer(PolicyKey.VNI, 1, VniPolicy.MAX_VNI, -1);
            return number < 0 ? new VniPolicy.AwsChosen() : new VniPolicy.Fixed(number);
        }

        /** {@code tmt-id:vpc-id,vpc-id;tmt-id:vpc-id}: every target and VPC id checked, all errors in one message. */
        Map<String, Set<String>> sharedTargetVpcs() {
            var out = new java.util.TreeMap<String, Set<String>>();
            var bad = new ArrayList<String>();
            for (var entry : raw(PolicyKey.SHARED_TARGET_VPCS).split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int colon = entry.indexOf(':');
                var target = colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
                var vpcs = colon < 0 ? List.<String>of() : Arrays.stream(entry.substring(colon + 1).split(","))
                        .map(String::trim).filter(v -> !v.isEmpty()).toList();
                if (!TARGET_ID.matcher(target).matches() || vpcs.isEmpty()
                        || vpcs.stream().anyMatch(v -> !VPC_ID.matcher(v).matches()) || out.containsKey(target)) {
                    bad.add(entry.trim());
                } else {
                    out.put(target, Set.copyOf(vpcs));
                }
            }
            if (!bad.isEmpty()) {
                error(PolicyKey.SHARED_TARGET_VPCS, "not valid: " + String.join("; ", bad)
                        + "; expected each target once as tmt-id:vpc-id[,vpc-id...], entries separated by ';', "
                        + "for example tmt-0123456789abcdef0:vpc-0123456789abcdef0,vpc-0fedcba9876543210");
                return Map.of();
            }
            return out;
        }

        OptionalInt packetLength() {
            if (raw(PolicyKey.PACKET_LENGTH).equalsIgnoreCase("whole")) {
                return OptionalInt.empty();
            }
            int length = integer(PolicyKey.PACKET_LENGTH, 1, MAX_PACKET_LENGTH, -1);
            return length < 0 ? OptionalInt.empty() : OptionalInt.of(length);
        }

        void throwIfErrors() {
            if (!errors.isEmpty()) {
                throw new InvalidPolicyException(errors);
            }
        }

        private static int editDistance(String a, String b) {
            int[] previous = new int[b.length() + 1];
            int[] current = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                previous[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                current[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                    current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
                }
                var swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.length()];
        }
    }
}
