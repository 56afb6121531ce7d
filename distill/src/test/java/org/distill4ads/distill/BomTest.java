package org.distill4ads.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM (distill/bom/pom.xml) has no parent, so it repeats versions: each must equal the parent pom's, and
 * it must manage every library module (the parent's modules but benchmarks and the BOM itself).
 */
class BomTest {
    @Test
    void theBomsVersionsAreTheParentsAndItListsEveryLibraryModule() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Element parent = read(root.resolve("pom.xml"));
        Element bom = read(root.resolve("distill/bom/pom.xml"));
        assertEquals(child(parent, "version"), child(bom, "version"), "the BOM's version");
        assertEquals(child(parent, "groupId"), child(bom, "groupId"), "the BOM's groupId");

        Map<String, String> parentProps = properties(parent);
        Map<String, String> bomProps = properties(bom);
        assertTrue(bomProps.size() >= 5, "BOM properties: " + bomProps);
        bomProps.forEach((name, value) -> assertEquals(parentProps.get(name), value,
                "distill/bom/pom.xml property " + name + " differs from pom.xml's"));

        List<String> managed = new ArrayList<>();
        NodeList deps = ((Element) bom.getElementsByTagName("dependencyManagement").item(0)).getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            managed.add(child(d, "groupId") + ":" + child(d, "artifactId"));
            String version = child(d, "version");
            assertNotNull(version, "a BOM entry without a version: " + managed.get(i));
        }
        NodeList modules = parent.getElementsByTagName("module");
        int libraries = 0;
        for (int i = 0; i < modules.getLength(); i++) {
            String module = modules.item(i).getTextContent().strip();
            if (module.equals("benchmarks") || module.equals("distill/bom")) {
                continue;
            }
            String artifact = child(read(root.resolve(module).resolve("pom.xml")), "artifactId");
            assertTrue(managed.contains("org.distill4ads:" + artifact), "the BOM does not manage " + artifact + ": " + managed);
            libraries++;
        }
        assertEquals(4, libraries, "library modules");
        // the pins for what nd4j-api asks older versions of are in both
        for (String pin : List.of("commons-io:commons-io", "commons-codec:commons-codec", "org.apache.commons:commons-math3",
                "org.nd4j:nd4j-api")) {
            assertTrue(managed.contains(pin), pin + " not in the BOM");
        }
    }

    private static Element read(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), "no " + pom);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
    }

    private static Map<String, String> properties(Element project) {
        Map<String, String> props = new LinkedHashMap<>();
        Element p = directChild(project, "properties");
        for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                props.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        return props;
    }

    private static String child(Element e, String tag) {
        Element c = directChild(e, tag);
        return c == null ? null : c.getTextContent().strip();
    }

    private static Element directChild(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c;
            }
        }
        return null;
    }
}
