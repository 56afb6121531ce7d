package org.distill4ads.distill.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path dir;

    private static CheckpointStore.Writer writes(String content) {
        return folder -> {
            Files.writeString(folder.resolve("a.txt"), content);
            Files.writeString(folder.resolve("b.txt"), content + "!");
        };
    }

    @Test
    void savesKeepsTheNewestAndFindsTheLatest() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 2);
        assertTrue(store.latest().isEmpty());
        for (long step : new long[] {10, 20, 30}) {
            store.save(step, writes("s" + step));
        }
        assertEquals(List.of("step-000000020", "step-000000030"), names(store.list()));
        Path latest = store.latest().orElseThrow();
        assertEquals(30, CheckpointStore.stepOf(latest));
        assertEquals("s30!", Files.readString(latest.resolve("b.txt")));
    }

    @Test
    void aFailedWriteLeavesNoCheckpointAndNoTemporaryFolder() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.save(5, writes("good"));
        IOException e = assertThrows(IOException.class, () -> store.save(10, folder -> {
            Files.writeString(folder.resolve("a.txt"), "half");
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(List.of("step-000000005"), names(store.list()));
        assertEquals(List.of("step-000000005"), names(entries(dir)));
    }

    @Test
    void temporariesLeftByACrashAreIgnoredAndCleanedOnTheNextSave() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.save(5, writes("good"));
        // A process killed mid-write leaves its temporary folder behind.
        Path stale = Files.createDirectory(dir.resolve(".tmp-step-000000010-123"));
        Files.writeString(stale.resolve("a.txt"), "half");
        assertEquals(5, CheckpointStore.stepOf(store.latest().orElseThrow()));
        store.save(15, writes("next"));
        assertEquals(List.of("step-000000005", "step-000000015"), names(entries(dir)));
    }

    @Test
    void savingTheSameStepAgainReplacesIt() throws IOException {
        CheckpointStore store = new CheckpointStore(dir, 3);
        store.save(7, writes("first"));
        store.save(7, writes("second"));
        assertEquals(List.of("step-000000007"), names(entries(dir)));
        assertEquals("second", Files.readString(store.latest().orElseThrow().resolve("a.txt")));
    }

    @Test
    void rejectsBadArguments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CheckpointStore(dir, 0))
                .getMessage().contains("got 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CheckpointStore.stepOf(dir.resolve("best")))
                .getMessage().contains("not a checkpoint folder"));
    }

    private static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private static List<String> names(List<Path> paths) {
        return paths.stream().map(p -> p.getFileName().toString()).sorted().toList();
    }
}
