package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of the hostile-input suite (docs/guarantees.md): data files a hostile or careless user
 * could hand the readers. Each is refused with the file and line before any work starts, or, where
 * valid, handled.
 */
class HostileDataTest {
    @TempDir
    Path dir;

    private Path market() throws IOException {
        Path m = Files.createDirectories(dir.resolve("mk"));
        Files.writeString(m.resolve("items.tsv"), "item_id\ttitle\tcategory\ni1\tOak table\tFurniture\ni2\tBrass lamp\t\n");
        Files.writeString(m.resolve("keyphrases.tsv"), "keyphrase\tsearch_volume\noak table\t5\nlamp\t3\n");
        Files.writeString(m.resolve("clicks.tsv"), "item_id\tkeyphrase\timpressions\tclicks\ni1\toak table\t4\t1\n");
        return m;
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedWithFileAndLineBeforeItIsHeld() throws IOException {
        Path m = market();
        Path items = m.resolve("items.tsv");
        try (Writer w = Files.newBufferedWriter(items, StandardCharsets.UTF_8)) {
            w.write("item_id\ttitle\ni1\tok\ni2\t");
            char[] block = new char[1 << 16];
            java.util.Arrays.fill(block, 'x');
            for (int i = 0; i < 1024; i++) {   // a 64 MB title
                w.write(block);
            }
            w.write("\n");
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(m));
        assertEquals(items, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("longer than " + Limits.MAX_LINE_CHARS), e.getMessage());
    }

    @Test
    void aFieldLongerThanTheLimitIsRefusedWithFileLineAndColumn() throws IOException {
        Path m = market();
        Path items = m.resolve("items.tsv");
        Files.writeString(items, "item_id\ttitle\ni1\t" + "y".repeat(Limits.MAX_FIELD_CHARS + 1) + "\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> MarketplaceFiles.read(m));
        assertEquals(2, e.line());
        assertEquals("title", e.column());
        assertTrue(e.getMessage().contains((Limits.MAX_FIELD_CHARS + 1) + " characters"), e.getMessage());
    }

    @Test
    void aLongJsonLinesTitleIsRefusedToo() throws IOException {
        Path f = dir.resolve("items.jsonl");
        Files.writeString(f, "{\"item_id\":\"i1\",\"title\":\"" + "z".repeat(Limits.MAX_LINE_CHARS) + "\"}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.readItems(f));
        assertEquals(1, e.line());
    }

    @Test
    void aDeeplyNestedJsonLinesRowIsADataErrorNotANullPointer() throws IOException {
        Path f = dir.resolve("items.jsonl");
        Files.writeString(f, "{\"item_id\":\"i1\",\"title\":\"ok\"}\n{\"item_id\":\"i2\",\"title\":"
                + "[".repeat(5000) + "]".repeat(5000) + "}\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.readItems(f));
        assertEquals(f, e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
    }

    @Test
    void aFolderNamedLikeAnOptionalFileIsAnErrorNotNoFile() throws IOException {
        Path m = market();
        Files.delete(m.resolve("clicks.tsv"));
        Files.createDirectories(m.resolve("clicks.tsv"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> MarketplaceFiles.read(m));
        assertEquals(m.resolve("clicks.tsv").toString(), e.getFile());
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
    }

    @Test
    void heldOutIdsMustBeListedItems() throws IOException {
        Path f = dir.resolve("held-out-items.txt");
        Files.writeString(f, "i1\n\ni9\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> HeldOutItems.read(f, Set.of("i1", "i2")));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("\"i9\""), e.getMessage());
        Files.writeString(f, "i2\n i1 \n");
        assertEquals(List.of("i2", "i1"), List.copyOf(HeldOutItems.read(f, Set.of("i1", "i2"))));
        Path folder = Files.createDirectories(dir.resolve("as-folder"));
        assertThrows(DataFormatException.class, () -> HeldOutItems.read(folder, Set.of()));
    }

    @Test
    void aTitleWithATabFromJsonLinesSurvivesTheMarketplaceCopy() throws IOException {
        Marketplace m = new Marketplace(List.of(new Item("i1", "Oak\ttable", "Furniture"), new Item("i2", "lamp", "")),
                List.of(new Keyphrase("oak table", 5)), List.of(new ClickRecord("i1", "oak table", 4, 1)), List.of(), null);
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        Files.writeString(copy.resolve("items.tsv"), "item_id\ttitle\nold\tstale\n");   // a twin left from before
        MarketplaceFiles.write(copy, m);
        assertTrue(Files.exists(copy.resolve("items.jsonl")), "items with a tab are written as JSON lines");
        assertFalse(Files.exists(copy.resolve("items.tsv")), "the other-format twin is removed");
        assertTrue(Files.exists(copy.resolve("keyphrases.tsv")), "files without tabs stay TSV");
        Marketplace back = MarketplaceFiles.read(copy);
        assertEquals(m.items(), back.items());
        assertEquals(m.clicks(), back.clicks());
    }
}
