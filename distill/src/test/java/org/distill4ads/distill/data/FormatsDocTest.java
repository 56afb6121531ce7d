package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file examples in docs/formats.md read as documented. */
class FormatsDocTest {
    private static final Pattern BLOCK = Pattern.compile("```text (\\S+\\.(?:tsv|jsonl))\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    static Path doc() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path doc = p.resolve("docs/formats.md");
            if (Files.isRegularFile(doc)) {
                return doc;
            }
        }
        throw new IllegalStateException("docs/formats.md not found above " + Path.of("").toAbsolutePath());
    }

    @Test
    void examplesReadAsDocumented() throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        Matcher m = BLOCK.matcher(Files.readString(doc()));
        while (m.find()) {
            Path file = dir.resolve(m.group(1));
            Files.writeString(file, m.group(2));
            files.put(m.group(1), file);
        }
        assertEquals(List.of("items.tsv", "keyphrases.tsv", "clicks.tsv", "relevance.tsv", "judgments.tsv", "truth.tsv",
                "clicks.jsonl"), List.copyOf(files.keySet()));

        assertEquals(List.of(new Item("i1", "Oak dining table, 6 \"seats\"", "Furniture"), new Item("i2", "Brass lamp", "")),
                DataFiles.readItems(files.get("items.tsv")));
        assertEquals(List.of(new Keyphrase("oak table", 1200), new Keyphrase("brass lamp", 85)),
                DataFiles.readKeyphrases(files.get("keyphrases.tsv")));
        List<ClickRecord> clicks = List.of(new ClickRecord("i1", "oak table", 400, 31), new ClickRecord("i2", "brass lamp", 12, 0));
        assertEquals(clicks, DataFiles.readClicks(files.get("clicks.tsv")));
        assertEquals(clicks, DataFiles.readClicks(files.get("clicks.jsonl")));
        assertEquals(List.of(new RelevanceScore("i1", "oak table", 0.92), new RelevanceScore("i2", "oak table", 0.05)),
                DataFiles.readRelevance(files.get("relevance.tsv")));
        assertEquals(List.of(1.0, 0.0, 0.8),
                DataFiles.readJudgments(files.get("judgments.tsv")).stream().map(Judgment::label).toList());
        Truth truth = DataFiles.readTruth(files.get("truth.tsv"));
        assertEquals(Map.of("brass lamp", 0, "oak table", 2), truth.gradesOf("i1"));
        assertEquals(Map.of("brass lamp", 2), truth.gradesOf("i2"));

        // the items, keyphrases, clicks, relevance and truth examples make a valid marketplace folder
        Files.delete(files.get("clicks.jsonl"));
        Files.delete(files.get("judgments.tsv"));
        Marketplace market = MarketplaceFiles.read(dir);
        assertEquals(2, market.items().size());
        assertTrue(market.knownTruth().isPresent());
    }
}
