package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataFilesRoundTripTest {
    @TempDir
    Path dir;

    static final List<Item> ITEMS = List.of(
            new Item("i1", "Oak dining table, 6 \"seats\"", "Furniture"),
            new Item("i2", "  café lamp ✓ ", ""),
            new Item("i3", "\"quoted\" title", "Lighting / Lamps"));

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void itemsRoundTrip(String ext) throws Exception {
        Path file = dir.resolve("items." + ext);
        DataFiles.writeItems(file, ITEMS);
        assertEquals(ITEMS, DataFiles.readItems(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void keyphrasesRoundTrip(String ext) throws Exception {
        List<Keyphrase> k = List.of(new Keyphrase("oak table", 1200), new Keyphrase("lamp", 0),
                new Keyphrase("big", Long.MAX_VALUE));
        Path file = dir.resolve("k." + ext);
        DataFiles.writeKeyphrases(file, k);
        assertEquals(k, DataFiles.readKeyphrases(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void clicksRoundTrip(String ext) throws Exception {
        List<ClickRecord> c = List.of(new ClickRecord("i1", "oak table", 100, 7), new ClickRecord("i2", "lamp", 0, 0));
        Path file = dir.resolve("c." + ext);
        DataFiles.writeClicks(file, c);
        assertEquals(c, DataFiles.readClicks(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void relevanceRoundTrip(String ext) throws Exception {
        List<RelevanceScore> r = List.of(new RelevanceScore("i1", "oak table", 0.1 + 0.2),
                new RelevanceScore("i2", "lamp", 1.0), new RelevanceScore("i3", "lamp", 0.0),
                new RelevanceScore("i3", "oak", 1e-300));
        Path file = dir.resolve("r." + ext);
        DataFiles.writeRelevance(file, r);
        assertEquals(r, DataFiles.readRelevance(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void judgmentsRoundTrip(String ext) throws Exception {
        List<Judgment> j = List.of(new Judgment("i1", "oak table", 1), new Judgment("i2", "lamp", 0),
                new Judgment("i3", "lamp", 0.731));
        Path file = dir.resolve("j." + ext);
        DataFiles.writeJudgments(file, j);
        assertEquals(j, DataFiles.readJudgments(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void truthRoundTripKeepsEveryGradeZerosIncluded(String ext) throws Exception {
        Truth t = new Truth();
        t.put("i2", "lamp", 2);
        t.put("i1", "oak table", 1);
        t.put("i1", "lamp", 0);
        Path file = dir.resolve("t." + ext);
        DataFiles.writeTruth(file, t);
        Truth back = DataFiles.readTruth(file);
        assertEquals(3, back.size());
        assertEquals(Map.of("oak table", 1, "lamp", 0), back.gradesOf("i1"));
        assertEquals(Map.of("lamp", 2), back.gradesOf("i2"));
        assertEquals(t.items(), back.items());
    }

    @Test
    void truthIsWrittenSortedByItemThenKeyphrase() throws Exception {
        Truth t = new Truth();
        t.put("b", "z", 2);
        t.put("b", "a", 0);
        t.put("a", "m", 1);
        Path file = dir.resolve("t.tsv");
        DataFiles.writeTruth(file, t);
        assertEquals(List.of("item_id\tkeyphrase\tgrade", "a\tm\t1", "b\ta\t0", "b\tz\t2"), Files.readAllLines(file));
    }

    @Test
    void tsvLayoutIsHeaderThenTabSeparatedLines() throws Exception {
        Path file = dir.resolve("c.tsv");
        DataFiles.writeClicks(file, List.of(new ClickRecord("i1", "oak table", 100, 7)));
        DataFiles.writeJudgments(dir.resolve("j.tsv"), List.of(new Judgment("i1", "oak", 1), new Judgment("i1", "x", 0.25)));
        assertEquals("item_id\tkeyphrase\timpressions\tclicks\ni1\toak table\t100\t7\n", Files.readString(file));
        assertEquals(List.of("item_id\tkeyphrase\tlabel", "i1\toak\t1", "i1\tx\t0.25"), Files.readAllLines(dir.resolve("j.tsv")));
    }

    @Test
    void jsonlLayoutIsOneObjectPerLine() throws Exception {
        Path file = dir.resolve("i.jsonl");
        DataFiles.writeItems(file, List.of(new Item("i1", "Oak", "")));
        DataFiles.writeClicks(dir.resolve("c.jsonl"), List.of(new ClickRecord("i1", "oak", 10, 2)));
        assertEquals("{\"item_id\":\"i1\",\"title\":\"Oak\",\"category\":\"\"}\n", Files.readString(file));
        assertEquals("{\"item_id\":\"i1\",\"keyphrase\":\"oak\",\"impressions\":10,\"clicks\":2}\n",
                Files.readString(dir.resolve("c.jsonl")));
    }

    @Test
    void jsonlHoldsTabsAndLineBreaks() throws Exception {
        List<Item> items = List.of(new Item("i\t1", "two\nlines\r\nand a\ttab", "x"));
        Path file = dir.resolve("items.jsonl");
        DataFiles.writeItems(file, items);
        assertEquals(1, Files.readAllLines(file).size());
        assertEquals(items, DataFiles.readItems(file));
    }

    @Test
    void tsvRefusesTabsAndLineBreaksAndLeavesTheFileAsItWas() throws Exception {
        Path file = dir.resolve("items.tsv");
        DataFiles.writeItems(file, List.of(new Item("i1", "old", "")));
        String before = Files.readString(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFiles.writeItems(file,
                List.of(new Item("i1", "fine", ""), new Item("i2", "bad\ttitle", ""))));
        assertTrue(e.getMessage().contains("items.tsv"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("column \"title\""), e.getMessage());
        assertTrue(e.getMessage().contains(".jsonl"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DataFiles.writeKeyphrases(dir.resolve("k.tsv"), List.of(new Keyphrase("a\nb", 1))));
        assertEquals(before, Files.readString(file));
        assertFalse(Files.exists(dir.resolve("k.tsv")));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void writerMakesMissingFoldersAndReplacesAnOldFile() throws Exception {
        Path file = dir.resolve("a/b/items.jsonl");
        DataFiles.writeItems(file, ITEMS);
        DataFiles.writeItems(file, ITEMS.subList(0, 1));
        assertEquals(ITEMS.subList(0, 1), DataFiles.readItems(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tsv", "jsonl"})
    void emptyListsRoundTrip(String ext) throws Exception {
        Path file = dir.resolve("c." + ext);
        DataFiles.writeClicks(file, List.of());
        assertEquals(List.of(), DataFiles.readClicks(file));
    }

    @Test
    void readersTakeColumnsInAnyOrderIgnoreExtrasAndSkipBlankLines() throws Exception {
        Path tsv = dir.resolve("clicks.tsv");
        Files.writeString(tsv, "\uFEFFclicks\tnote\timpressions\tkeyphrase\titem_id\r\n3\tx\t10\toak\ti1\r\n\r\n0\t\t0\tlamp\ti2\r\n");
        assertEquals(List.of(new ClickRecord("i1", "oak", 10, 3), new ClickRecord("i2", "lamp", 0, 0)), DataFiles.readClicks(tsv));

        Path jsonl = dir.resolve("clicks.jsonl");
        Files.writeString(jsonl, "{\"clicks\":3,\"x\":[1],\"impressions\":\"10\",\"keyphrase\":\"oak\",\"item_id\":\"i1\"}\n\n  \n"
                + "{\"item_id\":7,\"keyphrase\":\"lamp\",\"impressions\":0,\"clicks\":0}");
        assertEquals(List.of(new ClickRecord("i1", "oak", 10, 3), new ClickRecord("7", "lamp", 0, 0)), DataFiles.readClicks(jsonl));
    }

    @Test
    void categoryMayBeLeftOut() throws Exception {
        Path tsv = dir.resolve("items.tsv");
        Files.writeString(tsv, "title\titem_id\nOak\ti1\n");
        Path jsonl = dir.resolve("items.jsonl");
        Files.writeString(jsonl, "{\"item_id\":\"i1\",\"title\":\"Oak\"}\n{\"item_id\":\"i2\",\"title\":\"Elm\",\"category\":null}\n");
        assertEquals(List.of(new Item("i1", "Oak", "")), DataFiles.readItems(tsv));
        assertEquals(List.of(new Item("i1", "Oak", ""), new Item("i2", "Elm", "")), DataFiles.readItems(jsonl));
    }

    @Test
    void judgmentLabelsTakeWordsAndNumbers() throws Exception {
        Path tsv = dir.resolve("j.tsv");
        Files.writeString(tsv, "item_id\tkeyphrase\tlabel\n"
                + "a\tk1\trelevant\na\tk2\tIrrelevant\na\tk3\t1\na\tk4\t0\na\tk5\t0.5\n", StandardCharsets.UTF_8);
        List<Judgment> j = DataFiles.readJudgments(tsv);
        assertEquals(List.of(1.0, 0.0, 1.0, 0.0, 0.5), j.stream().map(Judgment::label).toList());
    }

    @Test
    void extensionIsCaseInsensitive() throws Exception {
        Path file = dir.resolve("ITEMS.TSV");
        DataFiles.writeItems(file, ITEMS);
        assertEquals(ITEMS, DataFiles.readItems(file));
    }
}
