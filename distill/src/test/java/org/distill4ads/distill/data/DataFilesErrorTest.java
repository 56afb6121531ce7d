package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesErrorTest {
    @TempDir
    Path dir;

    interface Reader {
        Object read(Path file) throws Exception;
    }

    private DataFormatException fails(String name, String content, Reader reader) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return assertThrows(DataFormatException.class, () -> reader.read(file));
    }

    private static void says(DataFormatException e, String name, long line, String column, String... parts) {
        String m = e.getMessage();
        assertTrue(m.contains(name), m);
        assertEquals(line, e.line(), m);
        assertEquals(column, e.column(), m);
        assertTrue(e.file().endsWith(name), m);
        if (line > 0) {
            assertTrue(m.contains(name + ":" + line + ":"), m);
        }
        if (column != null) {
            assertTrue(m.contains("column \"" + column + "\""), m);
        }
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' not in: " + m);
        }
    }

    @Test
    void messageFollowsFileLineColumnProblemExpected() {
        DataFormatException e = new DataFormatException(Path.of("clicks.tsv"), 7, "clicks", "got \"x\"", "a whole number >= 0");
        assertEquals("clicks.tsv:7: column \"clicks\": got \"x\", expected a whole number >= 0", e.getMessage());
        assertEquals("data/items.jsonl: holds no items",
                new DataFormatException(Path.of("data/items.jsonl"), 0, null, "holds no items", null).getMessage());
    }

    @Test
    void badNumberInTsvNamesFileLineAndColumn() throws Exception {
        DataFormatException e = fails("clicks.tsv",
                "item_id\tkeyphrase\timpressions\tclicks\ni1\toak\t10\t3\n\ni2\toak\t10\tx\n", DataFiles::readClicks);
        // line 1 header, 2 a row, 3 blank, 4 the bad row
        says(e, "clicks.tsv", 4, "clicks", "got \"x\"", "expected a whole number >= 0");
    }

    @Test
    void badValuesOfEachTypeAreNamed() throws Exception {
        says(fails("k.tsv", "keyphrase\tsearch_volume\noak\t-4\n", DataFiles::readKeyphrases),
                "k.tsv", 2, "search_volume", "got \"-4\"");
        says(fails("k2.tsv", "keyphrase\tsearch_volume\n \t4\n", DataFiles::readKeyphrases),
                "k2.tsv", 2, "keyphrase", "expected a non-blank text");
        says(fails("r.tsv", "item_id\tkeyphrase\tscore\ni\tk\t0.5\ni\tk\t1.5\n", DataFiles::readRelevance),
                "r.tsv", 3, "score", "got \"1.5\"", "[0, 1]");
        says(fails("r2.jsonl", "{\"item_id\":\"i\",\"keyphrase\":\"k\",\"score\":\"NaN\"}", DataFiles::readRelevance),
                "r2.jsonl", 1, "score", "got \"NaN\"");
        says(fails("j.tsv", "item_id\tkeyphrase\tlabel\ni\tk\tmaybe\n", DataFiles::readJudgments),
                "j.tsv", 2, "label", "got \"maybe\"", "relevant or irrelevant");
        says(fails("t.tsv", "item_id\tkeyphrase\tgrade\ni\tk\t3\n", DataFiles::readTruth),
                "t.tsv", 2, "grade", "got \"3\"", "0, 1 or 2");
        says(fails("i.tsv", "item_id\ttitle\ni\t\n", DataFiles::readItems),
                "i.tsv", 2, "title", "got \"\"");
        says(fails("c.tsv", "item_id\tkeyphrase\timpressions\tclicks\ni\tk\t10\t12\n", DataFiles::readClicks),
                "c.tsv", 2, "clicks", "got 12", "at most the impressions (10)");
    }

    @Test
    void jsonlErrorsNameFileLineAndField() throws Exception {
        String ok = "{\"item_id\":\"i\",\"keyphrase\":\"k\",\"impressions\":3,\"clicks\":1}\n";
        says(fails("c.jsonl", ok + "\n" + "{\"item_id\":\"i\",\"keyphrase\":\"k\",\"impressions\":3}\n", DataFiles::readClicks),
                "c.jsonl", 3, "clicks", "got nothing");
        says(fails("c2.jsonl", ok + "{\"item_id\":\"i\",\"keyphrase\":\"k\",\"impressions\":2.5,\"clicks\":1}\n",
                DataFiles::readClicks), "c2.jsonl", 2, "impressions", "got \"2.5\"");
        says(fails("c3.jsonl", "{\"item_id\":[\"i\"],\"keyphrase\":\"k\",\"impressions\":3,\"clicks\":1}\n",
                DataFiles::readClicks), "c3.jsonl", 1, "item_id", "got a JSON array");
        says(fails("c4.jsonl", ok + "{\"item_id\":\"i\",\"keyphrase\":true,\"impressions\":3,\"clicks\":1}\n",
                DataFiles::readClicks), "c4.jsonl", 2, "keyphrase", "got a JSON boolean");
    }

    @Test
    void malformedJsonNamesFileAndLine() throws Exception {
        String ok = "{\"item_id\":\"i\",\"title\":\"t\"}\n";
        DataFormatException e = fails("items.jsonl", ok + ok + "{\"item_id\": \"i\", \"title\": }\n", DataFiles::readItems);
        says(e, "items.jsonl", 3, null, "not valid JSON", "expected one JSON object per line");
        says(fails("i2.jsonl", ok + "[1, 2]\n", DataFiles::readItems), "i2.jsonl", 2, null, "got a JSON array");
        says(fails("i3.jsonl", ok + "{\"item_id\":\"i\",\"title\":\"t\"} {}\n", DataFiles::readItems), "i3.jsonl", 2, null,
                "not valid JSON");
        says(fails("i4.jsonl", "{\"item_id\":\"i\",\"title\":\"t\",\"title\":\"u\"}\n", DataFiles::readItems), "i4.jsonl", 1,
                null, "not valid JSON");
    }

    @Test
    void missingColumnNamesFileHeaderLineAndColumn() throws Exception {
        DataFormatException e = fails("clicks.tsv", "item_id\tkeyphrase\timpression\tclicks\ni\tk\t1\t1\n", DataFiles::readClicks);
        says(e, "clicks.tsv", 1, "impressions", "missing from the header", "impression, clicks",
                "item_id, keyphrase, impressions, clicks");
    }

    @Test
    void emptyTsvAndDuplicateHeaderColumnsAreErrors() throws Exception {
        says(fails("e.tsv", "", DataFiles::readItems), "e.tsv", 1, null, "empty", "item_id, title, category");
        says(fails("d.tsv", "item_id\ttitle\ttitle\n", DataFiles::readItems), "d.tsv", 1, "title", "twice");
    }

    @Test
    void rowWidthMustMatchTheHeader() throws Exception {
        says(fails("short.tsv", "item_id\tkeyphrase\tscore\ni\tk\n", DataFiles::readRelevance),
                "short.tsv", 2, "score", "2 tab-separated fields", "3 as in the header");
        says(fails("long.tsv", "item_id\tkeyphrase\tscore\ni\tk\t0.5\n\ni\tk\t0.5\textra\n", DataFiles::readRelevance),
                "long.tsv", 4, null, "4 tab-separated fields");
    }

    @Test
    void aQuoteIsAnOrdinaryCharacterInTsv() throws Exception {
        Path file = dir.resolve("items.tsv");
        Files.writeString(file, "item_id\ttitle\n\"i1\t\"12\" vase\n");
        assertEquals(List.of(new Item("\"i1", "\"12\" vase", "")), DataFiles.readItems(file));
    }

    @Test
    void recordChecksBecomeDataFormatErrorsOnTheirLine() throws Exception {
        Schema<Keyphrase> failing = new Schema<>("test", List.of("keyphrase"), Set.of(),
                r -> new Keyphrase(r.text("keyphrase"), -1), k -> List.of(k.text()));
        Path file = dir.resolve("k.tsv");
        Files.writeString(file, "keyphrase\noak\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(file, failing));
        says(e, "k.tsv", 2, null, "search volume of 'oak' must be at least 0, got -1");
        assertTrue(e.getCause() instanceof IllegalArgumentException);
    }

    @Test
    void truthPairGradedTwiceIsAnError() throws Exception {
        says(fails("t.tsv", "item_id\tkeyphrase\tgrade\ni\tk\t2\ni\tj\t1\ni\tk\t0\n", DataFiles::readTruth),
                "t.tsv", 4, "keyphrase", "first on line 2");
    }

    @Test
    void notUtf8IsNamed() throws Exception {
        Path file = dir.resolve("items.tsv");
        Files.write(file, new byte[] {'i', 't', 'e', 'm', '_', 'i', 'd', '\t', 't', 'i', 't', 'l', 'e', '\n', 'a', '\t', (byte) 0xff, '\n'});
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.readItems(file));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void unknownExtensionNamesTheFileAndTheAcceptedOnes() {
        Path file = dir.resolve("items.csv");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataFiles.readItems(file));
        assertTrue(e.getMessage().contains("items.csv"), e.getMessage());
        assertTrue(e.getMessage().contains(".tsv") && e.getMessage().contains(".jsonl"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataFiles.writeItems(dir.resolve("items"), List.of()));
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> DataFiles.readItems(dir.resolve("none.tsv")));
    }

    @Test
    void lineOfAnErrorIsNullSafe() {
        DataFormatException e = new DataFormatException(Path.of("x.tsv"), 0, null, "p", null);
        assertEquals(0, e.line());
        assertNull(e.column());
    }
}
