package org.distill4ads.distill.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link OutputGuard}, one by one; the commands' use of it is in HostileCommandsTest. */
class OutputGuardTest {
    static final Set<String> OWN = Set.of("config.json", "model.safetensors");

    @TempDir
    Path dir;

    @Test
    void aFolderHoldingOnlyItsOwnEntriesAndCrashLeftoversIsReplacedWithoutOverwrite() throws IOException {
        Path out = Files.createDirectories(dir.resolve("model"));
        Files.writeString(out.resolve("config.json"), "{}");
        Files.writeString(out.resolve(".config.json8812.tmp"), "half");   // what a crash leaves
        assertDoesNotThrow(() -> OutputGuard.folder(out, false, OWN, List.of()));
        Files.writeString(out.resolve("notes.txt"), "mine");
        OutputRefusedException e = assertThrows(OutputRefusedException.class, () -> OutputGuard.folder(out, false, OWN, List.of()));
        assertTrue(e.getMessage().contains("1 entry this command did not write (notes.txt)"), e.getMessage());
        assertDoesNotThrow(() -> OutputGuard.folder(out, true, OWN, List.of()));
    }

    @Test
    void inputsAreProtectedEvenWithOverwrite() throws IOException {
        Path in = Files.createDirectories(dir.resolve("mk"));
        Files.writeString(in.resolve("items.tsv"), "x");
        assertThrows(OutputRefusedException.class, () -> OutputGuard.folder(in, true, OWN, List.of(in)));
        assertThrows(OutputRefusedException.class, () -> OutputGuard.folder(dir, true, OWN, List.of(in)));
        assertThrows(OutputRefusedException.class, () -> OutputGuard.file(in.resolve("items.tsv"), List.of(in)));
        assertThrows(OutputRefusedException.class, () -> OutputGuard.file(dir.resolve("mk/../mk/items.tsv"), List.of(in)));
        assertDoesNotThrow(() -> OutputGuard.file(in.resolve("new.tsv"), List.of(in)), "a new file beside the inputs");
        assertDoesNotThrow(() -> OutputGuard.file(dir.resolve("labels.tsv"), List.of(in)));
    }

    @Test
    void aFileWhereAFolderGoesAndTheReverseAreRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThrows(OutputRefusedException.class, () -> OutputGuard.folder(file, true, OWN, List.of()));
        assertThrows(OutputRefusedException.class, () -> OutputGuard.file(dir, List.of()));
    }

    @Test
    void pathsAreComparedWithLinksResolved() throws IOException {
        Path in = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), in);
        assertEquals(in.toRealPath(), OutputGuard.canonical(link));
        assertEquals(in.toRealPath().resolve("a/b"), OutputGuard.canonical(link.resolve("a/b")));
        assertThrows(OutputRefusedException.class, () -> OutputGuard.folder(link, true, OWN, List.of(in)));
    }
}
