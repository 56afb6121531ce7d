package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WandsImporterTest {
    @TempDir
    Path tmp;

    static Path fixture() throws URISyntaxException {
        return Path.of(WandsImporterTest.class.getResource("/wands/product.csv").toURI()).getParent();
    }

    private static final String SWB = "solid wood platform bed";
    private static final String STOOL = "bar stool";
    private static final String VANITY = "fawkes 36\" blue vanity";

    @Test
    void importsTheFixture() throws Exception {
        WandsImporter.Result r = WandsImporter.read(fixture());
        assertEquals(List.of("5", "0", "1", "2", "3", "4"), r.items().stream().map(Item::id).toList());
        assertEquals(new Item("0", "solid wood platform bed", "Beds"), r.items().get(1));
        // empty product_class: the last segment of the category hierarchy
        assertEquals(new Item("2", "fawkes 36 '' single bathroom vanity set", "All Bathroom Vanities"), r.items().get(3));
        assertEquals("Teen Lounge Furniture|Accent Chairs", r.items().get(5).category());

        // four query rows, "bar stool" twice: three keyphrases; the quoted query loses its quotes
        assertEquals(List.of(new Keyphrase(SWB, 1), new Keyphrase(STOOL, 1), new Keyphrase(VANITY, 1)), r.keyphrases());

        Truth t = r.truth();
        assertEquals(10, t.size());
        assertEquals(Set.of("0", "1", "2", "3", "4"), t.items());
        assertEquals(Map.of(SWB, 2, STOOL, 0), t.gradesOf("0"));
        assertEquals(Map.of(VANITY, 0, STOOL, 1), t.gradesOf("1"));
        assertEquals(Map.of(VANITY, 2), t.gradesOf("2"));
        // query 1 says Exact, query 3 (same text) says Partial: the higher grade stays
        assertEquals(Map.of(SWB, 0, STOOL, 2), t.gradesOf("3"));
        assertEquals(Map.of(SWB, 0, STOOL, 1, VANITY, 1), t.gradesOf("4"));
        assertEquals(Map.of(), t.gradesOf("5"));
    }

    @Test
    void aSubsetTakesLabelledProductsFirst() throws Exception {
        WandsImporter.Result r = WandsImporter.read(fixture(), 2);
        assertEquals(List.of("0", "1"), r.items().stream().map(Item::id).toList());
        assertEquals(4, r.truth().size());
        assertEquals(Set.of("0", "1"), r.truth().items());
        assertEquals(3, r.keyphrases().size());

        assertEquals(List.of("0", "1", "2", "3", "4"), WandsImporter.read(fixture(), 5).items().stream().map(Item::id).toList());
        assertEquals(6, WandsImporter.read(fixture(), 100).items().size());
        assertThrows(IllegalArgumentException.class, () -> WandsImporter.read(fixture(), -1));
    }

    /** A copy of the fixture with one line of one file replaced (line 1 is the header). */
    private Path brokenCopy(String file, int line, String replacement) throws Exception {
        Path dir = tmp.resolve("wands");
        Files.createDirectories(dir);
        for (String name : List.of("product.csv", "query.csv", "label.csv")) {
            List<String> lines = Files.readAllLines(fixture().resolve(name));
            if (name.equals(file)) {
                lines.set(line - 1, replacement);
            }
            Files.write(dir.resolve(name), lines);
        }
        return dir;
    }

    private static DataFormatException fails(Path dir, String file, long line, String column, String... parts) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> WandsImporter.read(dir));
        String m = e.getMessage();
        assertTrue(m.contains(file + ":" + line + ": column \"" + column + "\""), m);
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        for (String p : parts) {
            assertTrue(m.contains(p), "'" + p + "' not in: " + m);
        }
        return e;
    }

    @Test
    void unknownLabelWord() throws Exception {
        fails(brokenCopy("label.csv", 5, "3\t1\t3\tMaybe"), "label.csv", 5, "label", "got \"Maybe\"", "Exact, Partial or Irrelevant");
    }

    @Test
    void unknownIdsInTheLabels() throws Exception {
        fails(brokenCopy("label.csv", 3, "1\t0\t99\tExact"), "label.csv", 3, "product_id", "unknown product id \"99\"", "product.csv");
        fails(brokenCopy("label.csv", 12, "10\t7\t4\tPartial"), "label.csv", 12, "query_id", "unknown query id \"7\"", "query.csv");
    }

    @Test
    void badProductsAndQueries() throws Exception {
        fails(brokenCopy("product.csv", 4, "0\tcopy\tBeds\tFurniture\t\t\t1\t1\t1"), "product.csv", 4, "product_id",
                "\"0\"", "first on line 3");
        fails(brokenCopy("product.csv", 2, "5\t \tBeds\tFurniture"), "product.csv", 2, "product_name", "non-blank");
        fails(brokenCopy("query.csv", 3, "0\tdup id\t"), "query.csv", 3, "query_id", "first on line 2");
        fails(brokenCopy("query.csv", 1, "query_id\tquery_text\tquery_class"), "query.csv", 1, "query", "missing from the header");
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        Path dir = brokenCopy("label.csv", 2, "0\t0\t0\tExact");
        Files.delete(dir.resolve("query.csv"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> WandsImporter.read(dir));
        assertTrue(e.getMessage().contains("query.csv"), e.getMessage());
    }

    @Test
    void aQuotedFieldMaySpanLinesAndLaterLineNumbersStayRight() throws Exception {
        Path dir = brokenCopy("query.csv", 2, "0\t\"solid wood\nplatform bed\"\tBeds");
        // query.csv is now: header, a query over lines 2-3, then lines 4, 5, 6
        Files.writeString(dir.resolve("query.csv"), Files.readString(dir.resolve("query.csv")).replace("3\tbar stool\t", "x\t\t"));
        fails(dir, "query.csv", 6, "query", "got \"\"");
    }
}
