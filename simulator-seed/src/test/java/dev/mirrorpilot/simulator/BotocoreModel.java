package dev.mirrorpilot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Every response path a botocore service model allows for an operation: the reference for element
 * and field names. EC2 (query/XML) paths use {@code locationName}s and {@code item} for list
 * members; JSON paths use member names and {@code []} for list members.
 */
final class BotocoreModel {
    private static final int MAX_DEPTH = 9;
    private final JsonNode shapes;
    private final JsonNode operations;
    private final boolean xml;
    /** The AWS Query protocol (ELBv2, STS): a {@code <Op>Result} wrapper, member names, lists of {@code member}. */
    private final boolean query;

    private BotocoreModel(JsonNode model) {
        this(model, model.at("/metadata/protocol").asText().equals("query"));
    }

    private BotocoreModel(JsonNode model, boolean query) {
        this.model = model;
        this.shapes = model.get("shapes");
        this.operations = model.get("operations");
        this.query = query;
        this.xml = model.at("/metadata/protocol").asText().equals("ec2") || query;
    }

    private final JsonNode model;

    /**
     * The same model as the AWS Query protocol speaks it: newer models (CloudWatch) name a newer
     * protocol first and list {@code query} among the ones they support, which SDK 2.40.2 uses.
     */
    BotocoreModel asQueryProtocol() {
        var protocols = model.at("/metadata/protocols");
        for (var protocol : protocols) {
            if (protocol.asText().equals("query")) {
                return new BotocoreModel(model, true);
            }
        }
        throw new IllegalStateException("the model does not support the AWS Query protocol");
    }

    /** Loads {@code service/version} from the botocore package of a virtualenv's bin folder. */
    static BotocoreModel load(String toolsBin, String service, String version) throws IOException {
        var lib = Path.of(toolsBin).getParent().resolve("lib");
        try (var pythons = Files.list(lib)) {
            var python = pythons.filter(p -> p.getFileName().toString().startsWith("python")).findFirst().orElseThrow();
            var dir = python.resolve("site-packages/botocore/data").resolve(service).resolve(version);
            var gz = dir.resolve("service-2.json.gz");
            try (InputStream in = Files.exists(gz) ? new GZIPInputStream(Files.newInputStream(gz))
                    : Files.newInputStream(dir.resolve("service-2.json"))) {
                return new BotocoreModel(new ObjectMapper().readTree(in));
            }
        }
    }

    Set<String> outputPaths(String operation) {
        var paths = new TreeSet<String>();
        var output = operations.get(operation).get("output").get("shape").asText();
        var root = xml ? operation + "Response" : "";
        if (query) {
            paths.add(root);
            paths.add(root + "/ResponseMetadata");
            paths.add(root + "/ResponseMetadata/RequestId");
            root = root + "/" + operations.get(operation).at("/output/resultWrapper").asText(operation + "Result");
            paths.add(root);
        } else if (xml) {
            paths.add(root);
            paths.add(root + "/requestId");
        }
        walk(output, root, paths, 0);
        return paths;
    }

    private void walk(String shapeName, String path, Set<String> paths, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        var shape = shapes.get(shapeName);
        switch (shape.get("type").asText()) {
            case "structure" -> shape.get("members").fields().forEachRemaining(m -> {
                var name = xml ? m.getValue().path("locationName").asText(m.getKey()) : m.getKey();
                var child = path.isEmpty() ? name : path + "/" + name;
                paths.add(child);
                walk(m.getValue().get("shape").asText(), child, paths, depth + 1);
            });
            case "list" -> {
                var member = shape.get("member");
                var child = xml ? path + "/" + member.path("locationName").asText("member") : path + "[]";
                if (!xml) {
                    paths.add(child);
                } else {
                    paths.add(child);
                }
                walk(member.get("shape").asText(), child, paths, depth + 1);
            }
            case "map" -> paths.add(path + "/*");
            default -> {
                // a scalar: the path itself is the leaf
            }
        }
    }
}
