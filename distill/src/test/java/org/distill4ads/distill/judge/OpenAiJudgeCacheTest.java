package org.distill4ads.distill.judge;

import static org.distill4ads.distill.judge.FakeChatServer.Reply.answer;
import static org.distill4ads.distill.judge.OpenAiJudgeTest.HOSE;
import static org.distill4ads.distill.judge.OpenAiJudgeTest.SHOE;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.distill4ads.distill.data.Judgment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON-lines label cache of {@link OpenAiJudge}. */
class OpenAiJudgeCacheTest {
    private static final List<JudgePair> PAIRS = List.of(new JudgePair(SHOE, "red sneakers"),
            new JudgePair(SHOE, "garden hose"), new JudgePair(HOSE, "garden hose"));
    private static final List<Judgment> LABELS = List.of(new Judgment("i1", "red sneakers", 1),
            new Judgment("i1", "garden hose", 0), new Judgment("i2", "garden hose", 0));

    @TempDir
    Path dir;
    private Path cacheFile;
    private FakeChatServer server;

    @BeforeEach
    void start() throws Exception {
        cacheFile = dir.resolve("labels/judge-cache.jsonl");
        server = new FakeChatServer(FakeChatServer.relevantWhenKeyphraseHas("red"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OpenAiJudge.Config config() {
        return OpenAiJudgeTest.fast(server).withCacheFile(cacheFile);
    }

    private List<Judgment> run(OpenAiJudge.Config c, List<JudgePair> pairs, long expectedRequests) throws IOException {
        try (OpenAiJudge j = new OpenAiJudge(c)) {
            List<Judgment> out = j.judge(pairs);
            assertEquals(expectedRequests, j.requestsSent(), "requests sent");
            assertEquals(pairs.size() - expectedRequests, j.cacheHits(), "cache hits");
            return out;
        }
    }

    @Test
    void secondRunMakesNoRequests() throws Exception {
        assertEquals(LABELS, run(config(), PAIRS, 3));
        assertEquals(LABELS, run(config(), PAIRS, 0));
        assertEquals(3, server.requests().size());
    }

    @Test
    void eachLineHoldsKeyItemKeyphraseAndLabel() throws Exception {
        run(config(), PAIRS.subList(0, 1), 1);
        List<String> lines = Files.readAllLines(cacheFile);
        assertEquals(1, lines.size());
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        String prompt = """
                A buyer searches an online marketplace for: "red sneakers"

                Item title: Red running shoe
                Item category: Shoes

                Would this buyer find this item a relevant result for that search? \
                Answer with exactly one word: relevant or irrelevant.""";
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(("test-model\n" + prompt).getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, line.path("key").asText());
        assertEquals(sha, OpenAiJudge.cacheKey("test-model", prompt));
        assertEquals("i1", line.path("item_id").asText());
        assertEquals("red sneakers", line.path("keyphrase").asText());
        assertEquals(1.0, line.path("label").asDouble());
        assertEquals(List.of("key", "item_id", "keyphrase", "label"), iterable(line.fieldNames()));
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void anotherModelOrPromptIsAMiss() throws Exception {
        run(config(), PAIRS, 3);
        run(config().withModel("other-model"), PAIRS, 3);
        run(config().withPromptTemplate("Is \"{keyphrase}\" relevant to {title}? One word."), PAIRS, 3);
        run(config(), PAIRS, 0);
    }

    @Test
    void onlyNewPairsAreAsked() throws Exception {
        run(config(), PAIRS.subList(0, 2), 2);
        assertEquals(LABELS, run(config(), PAIRS, 1));
    }

    @Test
    void truncatedLastLineIsSkippedCountedAndRemoved() throws Exception {
        run(config(), PAIRS.subList(0, 2), 2);
        String whole = Files.readString(cacheFile);
        Files.writeString(cacheFile, whole + "{\"key\":\"ab12", StandardCharsets.UTF_8);   // a crash mid-write
        try (OpenAiJudge j = new OpenAiJudge(config())) {
            assertEquals(1, j.cacheLinesSkipped());
            assertEquals(2, j.cachedLabels());
            assertEquals(LABELS, j.judge(PAIRS));
            assertEquals(1, j.requestsSent());
        }
        assertEquals(3, Files.readAllLines(cacheFile).size());
        try (OpenAiJudge j = new OpenAiJudge(config())) {   // the file is clean again
            assertEquals(0, j.cacheLinesSkipped());
            assertEquals(3, j.cachedLabels());
        }
    }

    @Test
    void lastLineWithoutNewlineIsKeptAndTheNextAppendStartsOnANewLine() throws Exception {
        run(config(), PAIRS.subList(0, 1), 1);
        Files.writeString(cacheFile, Files.readString(cacheFile).stripTrailing());
        run(config(), PAIRS.subList(0, 2), 1);
        assertEquals(2, Files.readAllLines(cacheFile).size());
        run(config(), PAIRS.subList(0, 2), 0);
    }

    @Test
    void garbledMiddleLineIsAnErrorNamingFileAndLine() throws Exception {
        run(config(), PAIRS, 3);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(cacheFile));
        lines.set(1, "{\"key\": oops}");
        Files.write(cacheFile, lines);
        IOException e = assertThrows(IOException.class, () -> new OpenAiJudge(config()));
        assertTrue(e.getMessage().contains(cacheFile.toString()) && e.getMessage().contains("line 2")
                && e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void entryWithABadLabelIsNamed() throws Exception {
        String key = "a".repeat(64);
        Files.createDirectories(cacheFile.getParent());
        Files.writeString(cacheFile, "{\"key\":\"" + key + "\",\"item_id\":\"i\",\"keyphrase\":\"k\",\"label\":7}\n"
                + "{\"key\":\"" + key + "\",\"item_id\":\"i\",\"keyphrase\":\"k\",\"label\":1}\n");
        IOException e = assertThrows(IOException.class, () -> new OpenAiJudge(config()));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("\"label\" must be a number in [0, 1]"), e.getMessage());
    }

    @Test
    void blankLinesAreIgnored() throws Exception {
        run(config(), PAIRS.subList(0, 1), 1);
        Files.writeString(cacheFile, "\n" + Files.readString(cacheFile) + "\n\n");
        try (OpenAiJudge j = new OpenAiJudge(config())) {
            assertEquals(0, j.cacheLinesSkipped());
            assertEquals(1, j.cachedLabels());
        }
    }
}
