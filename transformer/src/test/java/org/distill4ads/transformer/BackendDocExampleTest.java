package org.distill4ads.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.text.BertNormalizer;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.distill4ads.transformer.text.WordPieceVocabLearner;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * README, "Pick the ND4J backend": its Java example is the code between the markers below (the
 * test checks that the README holds it verbatim, then runs it), and each of its dependency snippets
 * names an ND4J artifact the BOM manages, at the ND4J version this build tests with.
 */
class BackendDocExampleTest {
    @Test
    void theReadmeExampleRunsOnTheBackendOnTheClasspath() throws Exception {
        // --- README backend example begins
        String backend = Nd4j.getBackend().getClass().getSimpleName();  // CpuBackend, or JCublasBackend with CUDA
        List<String> vocab = new WordPieceVocabLearner(BertNormalizer.uncased())
                .learn(List.of("red running shoes", "desk lamp"), 100);
        WordPieceTokenizer tokenizer = WordPieceTokenizer.uncased(vocab);
        BiEncoder student = new BiEncoder(new BertEncoder(BertConfig.small(tokenizer.vocabSize(), 32, 1, 2, 32),
                DataType.FLOAT, 42), tokenizer, new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {32, 16}, 16), 42);
        float[][] embedding = student.encode(List.of("red shoes"), 16, 16);  // 1 x 16, the same on every backend
        // --- README backend example ends
        assertEquals(16, embedding[0].length);
        double norm = 0;
        for (float v : embedding[0]) {
            norm += v * v;
        }
        assertEquals(1.0, norm, 1e-5, "unit length");
        // this build's tests run on the CPU backend (nd4j-native), or CUDA with -Pcuda
        String configured = System.getProperty("distill4ads.test.backend", "nd4j-native");
        assertEquals(configured.startsWith("nd4j-cuda") ? "JCublasBackend" : "CpuBackend", backend);

        String readme = Files.readString(root().resolve("README.md"));
        String example = example(Files.readString(Path.of("src/test/java/org/distill4ads/transformer/BackendDocExampleTest.java")));
        assertTrue(readme.contains("```java\n" + example + "```"), "README.md must hold the example verbatim:\n" + example);
    }

    @Test
    void everyBackendSnippetNamesAManagedArtifactAtTheTestedVersion() throws Exception {
        String parent = Files.readString(root().resolve("pom.xml"));
        String bom = Files.readString(root().resolve("distill/bom/pom.xml"));
        Matcher v = Pattern.compile("<nd4j\\.version>([^<]+)</nd4j\\.version>").matcher(parent);
        assertTrue(v.find());
        String nd4j = v.group(1);
        String readme = Files.readString(root().resolve("README.md"));
        int from = readme.indexOf("### Pick the ND4J backend");
        assertTrue(from >= 0, "README has no section \"Pick the ND4J backend\"");
        int to = readme.indexOf("\n#", from + 5);
        String section = readme.substring(from, to < 0 ? readme.length() : to);
        Matcher dep = Pattern.compile("<dependency>\\s*<groupId>org\\.nd4j</groupId>\\s*<artifactId>([^<]+)</artifactId>"
                + "\\s*<version>([^<]+)</version>\\s*(?:<classifier>([^<]+)</classifier>\\s*)?</dependency>").matcher(section);
        List<String> named = new ArrayList<>();
        while (dep.find()) {
            String coordinates = dep.group(1) + (dep.group(3) == null ? "" : ":" + dep.group(3));
            named.add(coordinates);
            assertEquals(nd4j, dep.group(2), coordinates + ": the README's ND4J version");
            String managed = "<artifactId>" + dep.group(1) + "</artifactId><version>${nd4j.version}</version>"
                    + (dep.group(3) == null ? "</dependency>" : "<classifier>" + dep.group(3) + "</classifier>");
            assertTrue(bom.contains(managed), coordinates + " is not managed by distill/bom/pom.xml");
        }
        assertTrue(named.containsAll(List.of("nd4j-native-platform", "nd4j-native", "nd4j-native:linux-x86_64",
                "nd4j-cuda-11.6-platform")), "the README's backend snippets: " + named);
        // the CUDA snippet is the backend the -Pcuda profile runs the tests on
        assertTrue(parent.contains("<nd4j.backend>nd4j-cuda-11.6</nd4j.backend>"), "the cuda profile");
    }

    /** The lines between the markers, without the test's indentation. */
    static String example(String source) {
        String begin = "// --- README backend example begins\n";
        int a = source.indexOf(begin) + begin.length();
        int b = source.indexOf("// --- README backend example ends");
        StringBuilder out = new StringBuilder();
        for (String line : source.substring(a, b).split("\n")) {
            if (!line.isBlank()) {
                out.append(line.substring(Math.min(8, line.length() - line.stripLeading().length()))).append('\n');
            }
        }
        return out.toString();
    }

    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
