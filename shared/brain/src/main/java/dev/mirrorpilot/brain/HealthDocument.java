package dev.mirrorpilot.brain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the answer of the Brain's {@code /health} endpoint (API v2.5 and v3.x share its shape):
 * strictly and within bounds. Refused outright: an answer over the size cap, not JSON, a key given
 * twice, nesting deeper than the API's, a root that is not an object or names no health section,
 * a section of the wrong type. Tolerated: unknown fields and sections (newer Brains add checks).
 * Reported as issues, the rest still read: a field missing or of the wrong type inside a section,
 * a status value the API does not document (read as UNKNOWN).
 */
public final class HealthDocument {
    /** Far above a real answer (a few KB per Sensor), far below what could hurt a 1 GB function. */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
    static final Set<String> SECTIONS = Set.of("sensors", "connectivity", "trafficdrop", "disk", "cpu", "memory", "power",
            "network", "system", "hostid", "detection");
    private static final List<String> BRAIN_DISK_CHECKS = List.of("disk_raid", "raid_disks_missing", "degraded_raid_volume");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                .maxStringLength(1_000_000).maxNumberLength(100).build());
    }

    private final List<String> issues = new ArrayList<>();

    private HealthDocument() {
    }

    /**
     * The answers of {@code /health/<check>} calls as one health document: each must be a JSON object
     * holding its check under the check's own name (as the Brain wraps a single check), read as strictly
     * as a whole document.
     */
    static byte[] merge(List<String> checks, List<byte[]> answers, int maxBytes) throws MalformedHealthDocument {
        var merged = JSON.createObjectNode();
        long total = 0;
        for (int i = 0; i < checks.size(); i++) {
            var check = checks.get(i);
            var body = answers.get(i);
            total += body.length;
            if (body.length > maxBytes || total > maxBytes) {
                throw new MalformedHealthDocument("the Brain's answers are more than the " + maxBytes + " bytes read at most");
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                throw new MalformedHealthDocument("the answer of /health/" + check + " is not JSON within bounds, or gives a "
                        + "key twice");
            }
            if (root == null || !root.isObject() || !root.has(check) || root.size() != 1) {
                throw new MalformedHealthDocument("the answer of /health/" + check + " is not its check wrapped in \""
                        + check + "\" (Brains before 5.8 answer sub-paths unreliably: leave the checks empty to read the "
                        + "whole document)");
            }
            merged.set(check, root.get(check));
        }
        try {
            return JSON.writeValueAsBytes(merged);
        } catch (IOException e) {
            throw new MalformedHealthDocument("the answers could not be joined: " + e.getClass().getSimpleName());
        }
    }

    public static BrainHealth parse(byte[] body) throws MalformedHealthDocument {
        return parse(body, DEFAULT_MAX_BYTES);
    }

    public static BrainHealth parse(byte[] body, int maxBytes) throws MalformedHealthDocument {
        if (body == null || body.length == 0) {
            throw new MalformedHealthDocument("the Brain answered with an empty body; expected a JSON health document");
        }
        if (body.length > maxBytes) {
            throw new MalformedHealthDocument("the Brain's answer is " + body.length + " bytes, more than the " + maxBytes
                    + " read at most; nothing of it was used");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            var why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (why.startsWith("Duplicate field")) {
                throw new MalformedHealthDocument("the health document gives a key twice (" + firstLine(why)
                        + "); which value holds is ambiguous, so none is used");
            }
            throw new MalformedHealthDocument("the health document is not JSON within bounds (" + firstLine(why) + ")");
        } catch (IOException e) {
            throw new MalformedHealthDocument("the health document could not be read: " + e.getClass().getSimpleName());
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedHealthDocument("the Brain answered with an empty body; expected a JSON health document");
        }
        if (!root.isObject()) {
            throw new MalformedHealthDocument("the health document must be a JSON object of checks, was "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        var known = new ArrayList<String>();
        root.fieldNames().forEachRemaining(name -> {
            if (SECTIONS.contains(name)) {
                known.add(name);
            }
        });
        if (known.isEmpty()) {
            throw new MalformedHealthDocument("the health document has none of the sections " + String.join(", ",
                    SECTIONS.stream().sorted().toList()) + "; is the URL the Brain's /api/v2.5/health or /api/v3.x/health?");
        }
        for (var name : known) {
            var section = root.get(name);
            if (name.equals("sensors") ? !section.isArray() : !section.isObject()) {
                throw new MalformedHealthDocument("the health section '" + name + "' must be a JSON "
                        + (name.equals("sensors") ? "list" : "object") + ", was "
                        + section.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return new HealthDocument().read(root);
    }

    private BrainHealth read(JsonNode root) throws MalformedHealthDocument {
        var connectivity = perSensor(root.path("connectivity"), "connectivity");
        var trafficDrop = perSensor(root.path("trafficdrop"), "trafficdrop");
        var sensors = new ArrayList<SensorHealth>();
        // A name two Sensors share cannot carry one of them's check to the other: such names match nothing.
        var nameCount = new HashMap<String, Integer>();
        root.path("sensors").forEach(n -> nameCount.merge(n.path("name").asText(""), 1, Integer::sum));
        int index = 0;
        for (var node : root.path("sensors")) {
            if (!node.isObject()) {
                throw new MalformedHealthDocument("sensors[" + index + "] must be a JSON object, was "
                        + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
            var where = "sensors[" + index + "]";
            var luid = text(node, "luid", where, false);
            var name = text(node, "name", where, true);
            if (name.isEmpty()) {
                name = luid.isEmpty() ? where : luid;
            }
            var status = text(node, "status", where, true);
            var serial = text(node, "serial_number", where, false);
            boolean nameIsUnique = nameCount.getOrDefault(name, 0) <= 1;
            if (!nameIsUnique && luid.isEmpty() && serial.isEmpty()) {
                issues.add(where + ": the name " + cut(name) + " is shared by " + nameCount.get(name) + " Sensors without a luid; "
                        + "their connectivity and traffic-drop checks cannot be told apart and are not attached");
            }
            var c = match(connectivity, luid, serial, nameIsUnique ? name : "");
            var t = match(trafficDrop, luid, serial, nameIsUnique ? name : "");
            sensors.add(new SensorHealth(name, luid, serial, text(node, "ip_address", where, false),
                    status.isEmpty() ? "unknown" : status, c.map(PerSensor::status), c.map(PerSensor::error).orElse(""),
                    t.map(PerSensor::status), t.map(PerSensor::error).orElse(""), text(node, "last_seen", where, false)));
            index++;
        }
        var listed = new java.util.HashSet<String>();
        sensors.forEach(s -> {
            listed.add(s.luid());
            listed.add(s.name());
            listed.add(SERIAL + s.serialNumber());
        });
        for (var entry : connectivity.entrySet()) {
            if (!listed.contains(entry.getKey()) && root.has("sensors")) {
                issues.add("connectivity names a Sensor the sensors list does not have: " + entry.getKey());
            }
        }
        var checks = new ArrayList<BrainCheck>();
        var disk = root.path("disk");
        for (var name : BRAIN_DISK_CHECKS) {
            if (disk.has(name)) {
                check(disk.get(name), "disk." + name).ifPresent(checks::add);
            }
        }
        if (root.has("power")) {
            check(root.get("power"), "power").ifPresent(checks::add);
        }
        if (root.has("detection")) {
            check(root.get("detection"), "detection").ifPresent(checks::add);
        }
        return new BrainHealth(sensors, checks, percent(disk.path("disk_utilization"), "disk.disk_utilization"),
                percent(root.path("memory"), "memory"), cut(root.path("system").path("version").path("vectra_version").asText("")),
                issues);
    }

    private record PerSensor(CheckStatus status, String error) {
    }

    /**
     * {@code connectivity.sensors[]} or {@code trafficdrop.sensors[]}, keyed by luid, by serial number and by
     * name (Vectra's own monitoring matches by serial number and name): serials as {@code serial:<n>}.
     */
    private Map<String, PerSensor> perSensor(JsonNode section, String where) {
        var out = new HashMap<String, PerSensor>();
        if (section.isMissingNode()) {
            return out;
        }
        var list = section.path("sensors");
        if (!list.isArray()) {
            issues.add(where + ".sensors is missing or not a list; its per-Sensor statuses are not known");
            return out;
        }
        var twice = new java.util.TreeSet<String>();
        int i = 0;
        for (var node : list) {
            var at = where + ".sensors[" + i++ + "]";
            if (!node.isObject()) {
                issues.add(at + " is not an object; skipped");
                continue;
            }
            var status = status(node, at);
            var entry = new PerSensor(status, text(node, "error", at, false));
            var luid = text(node, "luid", at, false);
            var serial = text(node, "serial_number", at, false);
            var name = text(node, "name", at, luid.isEmpty() && serial.isEmpty());
            for (var key : new String[] {luid, serial.isEmpty() ? "" : SERIAL + serial, name}) {
                if (key.isEmpty()) {
                    continue;
                }
                if (out.containsKey(key) || twice.contains(key)) {
                    // Listed twice: which entry is this Sensor's would be a guess.
                    twice.add(key);
                    out.remove(key);
                } else {
                    out.put(key, entry);
                }
            }
        }
        twice.forEach(key -> issues.add(where + " lists " + cut(key) + " more than once; its status is not attached"));
        return out;
    }

    private static final String SERIAL = "serial:";

    /** By luid, else by serial number, else by a name no other Sensor has. */
    private static Optional<PerSensor> match(Map<String, PerSensor> entries, String luid, String serial, String name) {
        if (!luid.isEmpty() && entries.containsKey(luid)) {
            return Optional.of(entries.get(luid));
        }
        if (!serial.isEmpty() && entries.containsKey(SERIAL + serial)) {
            return Optional.of(entries.get(SERIAL + serial));
        }
        return Optional.ofNullable(name.isEmpty() ? null : entries.get(name));
    }

    private Optional<BrainCheck> check(JsonNode node, String where) {
        if (!node.isObject()) {
            issues.add(where + " is not an object; its status is not known");
            return Optional.of(new BrainCheck(where, CheckStatus.UNKNOWN, "not reported in the API's shape"));
        }
        var detail = text(node, "error", where, false);
        if (detail.isEmpty()) {
            detail = text(node, "message", where, false);
        }
        return Optional.of(new BrainCheck(where, status(node, where), detail));
    }

    private CheckStatus status(JsonNode node, String where) {
        var raw = node.get("status");
        if (raw == null || !raw.isTextual()) {
            issues.add(where + ".status is " + (raw == null ? "missing" : "not text") + "; read as UNKNOWN");
            return CheckStatus.UNKNOWN;
        }
        return CheckStatus.of(raw.asText()).orElseGet(() -> {
            issues.add(where + ".status '" + cut(raw.asText()) + "' is not a documented status; read as UNKNOWN");
            return CheckStatus.UNKNOWN;
        });
    }

    private OptionalDouble percent(JsonNode section, String where) {
        if (section.isMissingNode()) {
            return OptionalDouble.empty();
        }
        var value = section.get("usage_percent");
        if (value == null) {
            issues.add(where + ".usage_percent is missing");
            return OptionalDouble.empty();
        }
        if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 100) {
            issues.add(where + ".usage_percent is not a number from 0 to 100");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.asDouble());
    }

    private String text(JsonNode node, String field, String where, boolean expected) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            if (expected) {
                issues.add(where + "." + field + " is missing");
            }
            return "";
        }
        if (!value.isTextual()) {
            issues.add(where + "." + field + " is not text");
            return "";
        }
        return cut(value.asText());
    }

    /** Names and statuses end up in terminals, logs and findings: escaped (Printable) and short. */
    private static String cut(String text) {
        var clean = dev.mirrorpilot.policy.text.Printable.escaped(text);
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "...";
    }

    private static String firstLine(String message) {
        var line = message.lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "...";
    }
}
