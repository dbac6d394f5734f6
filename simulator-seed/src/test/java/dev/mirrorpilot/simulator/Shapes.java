package dev.mirrorpilot.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The shape of a response: every element path, list positions collapsed, values ignored. */
final class Shapes {
    private Shapes() {
    }

    static Set<String> ofXml(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        var document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        var paths = new TreeSet<String>();
        walk(document.getDocumentElement(), "", paths);
        return paths;
    }

    private static void walk(Element element, String parent, Set<String> paths) {
        var path = parent.isEmpty() ? element.getTagName() : parent + "/" + element.getTagName();
        paths.add(path);
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                walk(e, path, paths);
            }
        }
    }

    static Set<String> ofJson(String json) throws Exception {
        var paths = new TreeSet<String>();
        walk(new ObjectMapper().readTree(json), "", paths);
        return paths;
    }

    private static void walk(JsonNode node, String path, Set<String> paths) {
        if (!path.isEmpty()) {
            paths.add(path);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), paths));
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, path + "[]", paths));
        }
    }
}
