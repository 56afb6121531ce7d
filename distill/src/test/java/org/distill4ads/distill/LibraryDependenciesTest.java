package org.distill4ads.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A project that depends on distill (the library) inherits no jar of the application: the command
 * line, the progress bar, the charts, the logging binding and the ND4J backend the command line runs
 * on are optional dependencies of this
 * module's pom, so Maven does not pass them on (docs/architecture.md, "Library and application").
 */
class LibraryDependenciesTest {
    static final Map<String, String> APPLICATION_ONLY = Map.of("info.picocli", "picocli", "me.tongfei", "progressbar",
            "org.eclipse.jetty", "jetty-server", "org.knowm.xchart", "xchart", "org.slf4j", "slf4j-simple",
            "org.nd4j", "${nd4j.backend}");

    @Test
    void theApplicationsJarsAreOptionalDependenciesOfTheLibrary() throws Exception {
        Path pom = Path.of("pom.xml");
        assertTrue(Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>distill</artifactId>"),
                "run from the distill module folder: " + pom.toAbsolutePath());
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile())
                .getElementsByTagName("dependency");
        Map<String, Boolean> optional = new LinkedHashMap<>();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String artifact = text(d, "artifactId");
            optional.put(text(d, "groupId") + ":" + artifact, "true".equals(text(d, "optional")));
        }
        APPLICATION_ONLY.forEach((group, artifact) -> assertEquals(Boolean.TRUE, optional.get(group + ":" + artifact),
                group + ":" + artifact + " must be an optional dependency of distill, got " + optional));
        optional.forEach((dep, opt) -> {
            if (!APPLICATION_ONLY.containsValue(dep.substring(dep.indexOf(':') + 1))) {
                assertEquals(Boolean.FALSE, opt, dep + " is a library dependency and must reach distill's users");
            }
        });
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }
}
