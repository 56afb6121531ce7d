package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Part of the hostile-input suite (docs/guarantees.md): a judge cache file with hostile lines. */
class HostileJudgeCacheTest {
    static final String GOOD = "{\"key\":\"" + "a".repeat(64) + "\",\"item_id\":\"i1\",\"keyphrase\":\"k\",\"label\":1.0}";

    @TempDir
    Path dir;

    private IOException opening(String... lines) throws IOException {
        Path cache = dir.resolve("cache.jsonl");
        Files.writeString(cache, String.join("\n", lines) + "\n");
        OpenAiJudge.Config c = OpenAiJudge.Config.defaults(URI.create("http://127.0.0.1:1"), "m").withCacheFile(cache);
        IOException e = assertThrows(IOException.class, () -> new OpenAiJudge(c).close());
        assertTrue(e.getMessage().contains(cache + " line 1"), e.getMessage());
        return e;
    }

    @Test
    void aDeeplyNestedLineIsNamedNotANullPointer() throws IOException {
        IOException e = opening("{\"key\":" + "[".repeat(3000) + "]".repeat(3000) + "}", GOOD);
        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void aHugeLineIsRefused() throws IOException {
        IOException e = opening("{\"key\":\"" + "b".repeat(1 << 21) + "\"}", GOOD);
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }
}
