package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/judges.md, kept compiling and running against a loopback server. */
class JudgeDocExampleTest {
    @TempDir
    Path runDir;

    @Test
    void openAiJudgeExampleRuns() throws Exception {
        try (FakeChatServer server = new FakeChatServer(FakeChatServer.relevantWhenKeyphraseHas("sneakers"))) {
            URI baseUrl = server.baseUrl();                 // in the docs: http://localhost:8000 (vLLM)
            // --- docs/judges.md example, verbatim ---
            OpenAiJudge.Config config = OpenAiJudge.Config.defaults(baseUrl, "Qwen/Qwen2.5-7B-Instruct")
                    .withMaxConcurrency(16)                              // what the server batches well
                    .withCacheFile(runDir.resolve("judge-cache.jsonl"));  // a rerun pays nothing
            Item shoe = new Item("i1", "Red running shoe, size 42", "Shoes");
            List<JudgePair> pairs = List.of(new JudgePair(shoe, "red sneakers"), new JudgePair(shoe, "garden hose"));
            List<Judgment> labels;
            try (OpenAiJudge judge = new OpenAiJudge(config)) {
                labels = judge.judge(pairs);     // (i1, red sneakers, 1.0), (i1, garden hose, 0.0): the order of pairs
            }
            // --- end of example ---
            assertEquals(List.of(new Judgment("i1", "red sneakers", 1), new Judgment("i1", "garden hose", 0)), labels);
            assertEquals(2, Files.readAllLines(runDir.resolve("judge-cache.jsonl")).size());
            assertEquals("Qwen/Qwen2.5-7B-Instruct", server.requests().get(0).body().path("model").asText());
        }
    }
}
