package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarketplaceFilesTest {
    @TempDir
    Path dir;

    private static Marketplace market(boolean withTruth) {
        Truth truth = null;
        if (withTruth) {
            truth = new Truth();
            truth.put("i1", "oak table", 2);
            truth.put("i2", "oak table", 0);
            truth.put("i2", "lamp", 1);
        }
        return new Marketplace(
                List.of(new Item("i1", "Oak table", "Furniture"), new Item("i2", "Brass lamp", "")),
                List.of(new Keyphrase("oak table", 50), new Keyphrase("lamp", 9)),
                List.of(new ClickRecord("i1", "oak table", 40, 6), new ClickRecord("i2", "lamp", 3, 0)),
                List.of(new RelevanceScore("i1", "oak table", 0.9), new RelevanceScore("i2", "oak table", 0.125)),
                truth);
    }

    private static void assertSame(Marketplace want, Marketplace got) {
        assertEquals(want.items(), got.items());
        assertEquals(want.keyphrases(), got.keyphrases());
        assertEquals(want.clicks(), got.clicks());
        assertEquals(want.relevance(), got.relevance());
        if (want.truth() == null) {
            assertNull(got.truth());
        } else {
            assertEquals(want.truth().size(), got.truth().size());
            for (String item : want.truth().items()) {
                assertEquals(want.truth().gradesOf(item), got.truth().gradesOf(item));
            }
        }
    }

    @Test
    void writeThenReadGivesTheSameMarketplace() throws Exception {
        Marketplace m = market(true);
        MarketplaceFiles.write(dir, m);
        for (String name : List.of("items", "keyphrases", "clicks", "relevance", "truth")) {
            assertTrue(Files.exists(dir.resolve(name + ".tsv")), name);
        }
        assertSame(m, MarketplaceFiles.read(dir));
    }

    @Test
    void withoutTruthNoTruthFileIsWrittenAndAnOldOneGoes() throws Exception {
        MarketplaceFiles.write(dir, market(true));
        Marketplace m = market(false);
        MarketplaceFiles.write(dir, m);
        assertFalse(Files.exists(dir.resolve("truth.tsv")));
        assertSame(m, MarketplaceFiles.read(dir));
    }

    @Test
    void readsJsonlFilesAndOptionalFilesMayBeMissing() throws Exception {
        Marketplace m = market(false);
        DataFiles.writeItems(dir.resolve("items.jsonl"), m.items());
        DataFiles.writeKeyphrases(dir.resolve("keyphrases.tsv"), m.keyphrases());
        DataFiles.writeClicks(dir.resolve("clicks.jsonl"), m.clicks());
        Marketplace back = MarketplaceFiles.read(dir);
        assertEquals(m.items(), back.items());
        assertEquals(m.clicks(), back.clicks());
        assertEquals(List.of(), back.relevance());
        assertNull(back.truth());
    }

    @Test
    void aMissingRequiredFileNamesTheFolderAndTheNamesLookedFor() throws Exception {
        DataFiles.writeItems(dir.resolve("items.tsv"), market(false).items());
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> MarketplaceFiles.read(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("keyphrases.tsv") && e.getMessage().contains("keyphrases.jsonl"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> MarketplaceFiles.read(dir.resolve("nowhere")));
    }

    @Test
    void bothVariantsOfOneFileAreAmbiguous() throws Exception {
        MarketplaceFiles.write(dir, market(false));
        DataFiles.writeClicks(dir.resolve("clicks.jsonl"), List.of());
        FileSystemException e = assertThrows(FileSystemException.class, () -> MarketplaceFiles.read(dir));
        assertTrue(e.getMessage().contains("clicks.tsv") && e.getMessage().contains("clicks.jsonl"), e.getMessage());
    }

    @Test
    void unknownItemIdsInTheClickLogAreCountedListedAndLocated() throws Exception {
        MarketplaceFiles.write(dir, market(false));
        StringBuilder clicks = new StringBuilder("item_id\tkeyphrase\timpressions\tclicks\n");
        clicks.append("i1\toak table\t4\t1\n");                       // line 2, known
        for (String id : List.of("x1", "x2", "x1", "x3", "x4", "x5", "x6", "i2")) {  // lines 3..10
            clicks.append(id).append("\tlamp\t2\t1\n");
        }
        Files.writeString(dir.resolve("clicks.tsv"), clicks);
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(dir));
        String m = e.getMessage();
        assertEquals(3, e.line(), m);
        assertEquals("item_id", e.column());
        assertTrue(m.startsWith(dir.resolve("clicks.tsv") + ":3: column \"item_id\": unknown item id \"x1\""), m);
        assertTrue(m.contains("6 unknown item ids on 7 lines"), m);
        assertTrue(m.contains("\"x1\" (line 3), \"x2\" (line 4), \"x3\" (line 6), \"x4\" (line 7), \"x5\" (line 8), ..."), m);
        assertFalse(m.contains("x6"), m);
        assertTrue(m.contains("expected an item id listed in items.tsv"), m);
    }

    @Test
    void unknownItemIdsInRelevanceAndTruthAreErrorsToo() throws Exception {
        MarketplaceFiles.write(dir, market(true));
        Files.writeString(dir.resolve("truth.tsv"), "item_id\tkeyphrase\tgrade\ni1\tlamp\t2\nghost\tlamp\t1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(dir));
        assertTrue(e.getMessage().contains("truth.tsv:3:") && e.getMessage().contains("\"ghost\"")
                && e.getMessage().contains("1 unknown item id on 1 line"), e.getMessage());

        MarketplaceFiles.write(dir, market(false));
        Files.writeString(dir.resolve("relevance.tsv"), "item_id\tkeyphrase\tscore\nghost\tlamp\t0.5\n");
        e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(dir));
        assertTrue(e.getMessage().contains("relevance.tsv:2:"), e.getMessage());
    }

    @Test
    void duplicateItemIdIsAnErrorNamingBothLines() throws Exception {
        MarketplaceFiles.write(dir, market(false));
        Files.writeString(dir.resolve("items.tsv"), "item_id\ttitle\tcategory\ni1\tA\t\ni2\tB\t\ni1\tC\t\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(dir));
        assertEquals(4, e.line());
        assertEquals("item_id", e.column());
        assertTrue(e.getMessage().contains("items.tsv:4:") && e.getMessage().contains("\"i1\"")
                && e.getMessage().contains("first on line 2"), e.getMessage());
    }

    @Test
    void emptyItemsFileIsNamed() throws Exception {
        MarketplaceFiles.write(dir, market(false));
        DataFiles.writeItems(dir.resolve("items.tsv"), List.of());
        Files.writeString(dir.resolve("clicks.tsv"), "item_id\tkeyphrase\timpressions\tclicks\n");
        Files.writeString(dir.resolve("relevance.tsv"), "item_id\tkeyphrase\tscore\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(dir));
        assertTrue(e.getMessage().contains("items.tsv") && e.getMessage().contains("no items"), e.getMessage());
    }

    @Test
    void judgmentsAreCheckedAgainstTheItems() throws Exception {
        Map<String, Item> items = market(false).itemsById();
        Path file = dir.resolve("judgments.jsonl");
        List<Judgment> ok = List.of(new Judgment("i1", "lamp", 0), new Judgment("i2", "lamp", 1));
        DataFiles.writeJudgments(file, ok);
        assertEquals(ok, MarketplaceFiles.readJudgmentsChecked(file, items));

        Files.writeString(file, "{\"item_id\":\"i1\",\"keyphrase\":\"k\",\"label\":\"relevant\"}\n\n"
                + "{\"item_id\":\"zz\",\"keyphrase\":\"k\",\"label\":0}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.readJudgmentsChecked(file, items));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("judgments.jsonl:3: column \"item_id\": unknown item id \"zz\""), e.getMessage());
        assertTrue(e.getMessage().contains("among the 2 known items"), e.getMessage());
    }
}
