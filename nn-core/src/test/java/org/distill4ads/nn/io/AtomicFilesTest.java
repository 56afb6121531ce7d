package org.distill4ads.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write leaves the old file (and no temporary one); a folder is replaced whole. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileIsReplacedWholeAndAFailedWriteLeavesTheOldOne() throws IOException {
        Path f = dir.resolve("sub").resolve("a.txt");
        AtomicFiles.writeString(f, "old\n");
        assertEquals("old\n", Files.readString(f));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeText(f, out -> {
            out.write("half of the new");
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("old\n", Files.readString(f), "the old content survives a failed write");
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of("a.txt"), s.map(p -> p.getFileName().toString()).toList(), "no temporary file is left");
        }
        AtomicFiles.writeBytes(f, new byte[] {1, 2, 3});
        assertEquals(3, Files.size(f));
    }

    @Test
    void aFolderIsReplacedByRenamesAndCopiedRecursively() throws IOException {
        Path target = dir.resolve("model");
        AtomicFiles.writeString(target.resolve("old.txt"), "old");
        Path ready = AtomicFiles.tempDirBeside(target);
        AtomicFiles.writeString(ready.resolve("deep").resolve("new.txt"), "new");
        AtomicFiles.replaceDir(ready, target);
        assertFalse(Files.exists(target.resolve("old.txt")), "the old folder is gone as a whole");
        assertEquals("new", Files.readString(target.resolve("deep").resolve("new.txt")));
        assertEquals(List.of("model"), names(), "neither the temporary nor the old folder is left");
        AtomicFiles.copyTree(target, dir.resolve("copy"));
        assertEquals("new", Files.readString(dir.resolve("copy").resolve("deep").resolve("new.txt")));
        AtomicFiles.deleteTree(dir.resolve("copy"));
        AtomicFiles.deleteTree(dir.resolve("never-there"));
        assertTrue(Files.isDirectory(target));
        assertEquals(List.of("model"), names());
    }
}
