package org.distill4ads.distill.judge;

import static org.distill4ads.distill.judge.FakeChatServer.Reply.answer;
import static org.distill4ads.distill.judge.FakeChatServer.Reply.status;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OpenAiJudge} against a scripted chat-completions server on loopback. */
class OpenAiJudgeTest {
    static final Item SHOE = new Item("i1", "Red running shoe", "Shoes");
    static final Item HOSE = new Item("i2", "Garden hose 20 m", "");

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private FakeChatServer server(FakeChatServer.Script script) throws Exception {
        FakeChatServer s = new FakeChatServer(script);
        open.add(s);
        return s;
    }

    /** Tiny backoffs so retries cost milliseconds. */
    static OpenAiJudge.Config fast(FakeChatServer s) {
        return OpenAiJudge.Config.defaults(s.baseUrl(), "test-model")
                .withInitialBackoff(Duration.ofMillis(1))
                .withMaxAttempts(3)
                .withRequestTimeout(Duration.ofSeconds(5));
    }

    private OpenAiJudge judge(OpenAiJudge.Config config) throws Exception {
        OpenAiJudge j = new OpenAiJudge(config);
        open.add(0, j);
        return j;
    }

    private static List<JudgePair> onePair() {
        return List.of(new JudgePair(SHOE, "red sneakers"));
    }

    @Test
    void labelsABatchAsTheServerDecides() throws Exception {
        FakeChatServer s = server(FakeChatServer.relevantWhenKeyphraseHas("red"));
        OpenAiJudge j = judge(fast(s));
        List<Judgment> out = j.judge(List.of(new JudgePair(SHOE, "red sneakers"), new JudgePair(SHOE, "garden hose"),
                new JudgePair(HOSE, "red hose"), new JudgePair(HOSE, "hose")));
        assertEquals(List.of(new Judgment("i1", "red sneakers", 1), new Judgment("i1", "garden hose", 0),
                new Judgment("i2", "red hose", 1), new Judgment("i2", "hose", 0)), out);
        assertEquals(4, j.requestsSent());
        assertEquals(0, j.retries());
        assertEquals(0, j.cacheHits());
    }

    @Test
    void requestHasTheChatCompletionsShape() throws Exception {
        FakeChatServer s = server(r -> answer("relevant"));
        judge(fast(s).withApiKey("sk-test")).judge(onePair());
        FakeChatServer.Request r = s.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/chat/completions", r.path());
        assertEquals("Bearer sk-test", r.headers().getFirst("Authorization"));
        assertTrue(r.headers().getFirst("Content-Type").startsWith("application/json"));
        JsonNode b = r.body();
        assertEquals("test-model", b.path("model").asText());
        assertTrue(b.path("temperature").isNumber());
        assertEquals(0.0, b.path("temperature").asDouble());
        assertEquals(OpenAiJudge.MAX_TOKENS, b.path("max_tokens").asInt());
        assertEquals(2, b.path("messages").size());
        assertEquals("system", b.path("messages").path(0).path("role").asText());
        assertEquals(OpenAiJudge.SYSTEM_PROMPT, b.path("messages").path(0).path("content").asText());
        assertEquals("user", b.path("messages").path(1).path("role").asText());
        String prompt = r.prompt();
        assertTrue(prompt.contains("\"red sneakers\"") && prompt.contains("Item title: Red running shoe")
                && prompt.contains("Item category: Shoes"), prompt);
    }

    @Test
    void noAuthorizationHeaderWithoutAKey() throws Exception {
        FakeChatServer s = server(r -> answer("relevant"));
        judge(fast(s)).judge(onePair());
        assertNull(s.requests().get(0).headers().getFirst("Authorization"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/v1", "/v1/", "/v1/chat/completions"})
    void acceptsBaseUrlVariants(String suffix) throws Exception {
        FakeChatServer s = server(r -> answer("relevant"));
        OpenAiJudge.Config c = fast(s);
        judge(new OpenAiJudge.Config(java.net.URI.create(s.baseUrl() + suffix), c.model(), null, c.promptTemplate(),
                1, 1, c.requestTimeout(), c.initialBackoff(), null)).judge(onePair());
        assertEquals("/v1/chat/completions", s.requests().get(0).path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Relevant.", " IRRELEVANT ", "\"relevant\"", "no", "Not relevant"})
    void toleratesCaseSpacingQuotesAndPunctuation(String content) throws Exception {
        FakeChatServer s = server(r -> answer(content));
        OpenAiJudge j = judge(fast(s));
        double expected = content.toLowerCase().contains("ir") || content.toLowerCase().startsWith("no") ? 0 : 1;
        assertEquals(expected, j.judge(onePair()).get(0).label());
        assertEquals(1, j.requestsSent());
    }

    @Test
    void malformedAnswerIsRetried() throws Exception {
        FakeChatServer s = server(r -> answer(r.number() == 1 ? "Maybe?" : "relevant"));
        OpenAiJudge j = judge(fast(s));
        assertEquals(1.0, j.judge(onePair()).get(0).label());
        assertEquals(2, j.requestsSent());
        assertEquals(1, j.retries());
    }

    @Test
    void alwaysMalformedGivesUpNamingPairAnswerAndAttempts() throws Exception {
        FakeChatServer s = server(r -> answer("I think it might be relevant"));
        OpenAiJudge j = judge(fast(s));
        JudgeException e = assertThrows(JudgeException.class, () -> j.judge(onePair()));
        String m = e.getMessage();
        assertTrue(m.contains("item 'i1', keyphrase 'red sneakers'"), m);
        assertTrue(m.contains("'I think it might be relevant'"), m);
        assertTrue(m.contains("after 3 attempts"), m);
        assertEquals(3, s.requests().size());
        assertEquals(2, j.retries());
    }

    @Test
    void longMalformedAnswerIsTruncatedInTheMessage() throws Exception {
        String essay = "Well, ".repeat(100);
        FakeChatServer s = server(r -> answer(essay));
        JudgeException e = assertThrows(JudgeException.class, () -> judge(fast(s).withMaxAttempts(1)).judge(onePair()));
        assertFalse(e.getMessage().contains(essay.strip()), e.getMessage());
        assertTrue(e.getMessage().contains("(600 chars)") && e.getMessage().contains("after 1 attempt at"), e.getMessage());
    }

    @Test
    void responseWithoutContentIsRetriedThenNamed() throws Exception {
        FakeChatServer s = server(r -> status(200, "{\"choices\":[]}"));
        JudgeException e = assertThrows(JudgeException.class, () -> judge(fast(s).withMaxAttempts(2)).judge(onePair()));
        assertTrue(e.getMessage().contains("no choices[0].message.content"), e.getMessage());
        assertEquals(2, s.requests().size());
    }

    @Test
    void tooManyRequestsHonoursRetryAfterThenSucceeds() throws Exception {
        FakeChatServer s = server(r -> r.number() == 1
                ? status(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "0") : answer("irrelevant"));
        OpenAiJudge j = judge(fast(s).withInitialBackoff(Duration.ofSeconds(30)));   // Retry-After: 0 wins
        assertEquals(0.0, j.judge(onePair()).get(0).label());
        assertEquals(2, j.requestsSent());
        assertEquals(1, j.retries());
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        FakeChatServer s = server(r -> r.number() <= 2 ? status(500, "boom") : answer("relevant"));
        OpenAiJudge j = judge(fast(s));
        assertEquals(1.0, j.judge(onePair()).get(0).label());
        assertEquals(3, j.requestsSent());
        assertEquals(2, j.retries());
    }

    @Test
    void persistentServerErrorNamesTheStatus() throws Exception {
        FakeChatServer s = server(r -> status(503, "model is loading"));
        JudgeException e = assertThrows(JudgeException.class, () -> judge(fast(s)).judge(onePair()));
        assertTrue(e.getMessage().contains("HTTP 503: model is loading") && e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void badRequestFailsAtOnceWithTheServersBody() throws Exception {
        String body = "{\"object\":\"error\",\"message\":\"The model `test-model` does not exist.\",\"code\":400}";
        FakeChatServer s = server(r -> status(400, body));
        OpenAiJudge j = judge(fast(s).withMaxAttempts(5));
        JudgeException e = assertThrows(JudgeException.class, () -> j.judge(onePair()));
        assertTrue(e.getMessage().contains("HTTP 400") && e.getMessage().contains(body)
                && e.getMessage().contains("item 'i1', keyphrase 'red sneakers'"), e.getMessage());
        assertEquals(1, s.requests().size());
        assertEquals(0, j.retries());
    }

    @Test
    void slowReplyTimesOutAndIsRetried() throws Exception {
        FakeChatServer s = server(r -> r.number() == 1 ? answer("irrelevant").after(3_000) : answer("relevant"));
        OpenAiJudge j = judge(fast(s).withRequestTimeout(Duration.ofMillis(300)));
        assertEquals(1.0, j.judge(onePair()).get(0).label());
        assertEquals(2, j.requestsSent());
        assertEquals(1, j.retries());
    }

    @Test
    void alwaysSlowGivesUpSayingItTimedOut() throws Exception {
        FakeChatServer s = server(r -> answer("relevant").after(3_000));
        JudgeException e = assertThrows(JudgeException.class,
                () -> judge(fast(s).withRequestTimeout(Duration.ofMillis(150)).withMaxAttempts(2)).judge(onePair()));
        assertTrue(e.getMessage().contains("no reply within 150 ms") && e.getMessage().contains("after 2 attempts"), e.getMessage());
    }

    @Test
    void connectionRefusedIsAnIoErrorAfterRetries() throws Exception {
        java.net.URI dead;
        try (FakeChatServer s = new FakeChatServer(r -> answer("relevant"))) {
            dead = s.baseUrl();
        }
        OpenAiJudge.Config c = OpenAiJudge.Config.defaults(dead, "m").withInitialBackoff(Duration.ofMillis(1)).withMaxAttempts(2);
        JudgeException e = assertThrows(JudgeException.class, () -> judge(c).judge(onePair()));
        assertTrue(e.getMessage().contains("I/O error") && e.getMessage().contains("after 2 attempts"), e.getMessage());
    }

    @Test
    void neverMoreRequestsInFlightThanAllowed() throws Exception {
        int limit = 3;
        CountDownLatch allThreeArrived = new CountDownLatch(limit);
        FakeChatServer s = server(r -> {
            allThreeArrived.countDown();
            // Holds the first requests until the limit is reached, which proves it is reached.
            allThreeArrived.await(5, TimeUnit.SECONDS);
            Thread.sleep(50);
            return answer("relevant");
        });
        OpenAiJudge j = judge(fast(s).withMaxConcurrency(limit));
        List<JudgePair> pairs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            pairs.add(new JudgePair(SHOE, "keyphrase " + i));
        }
        assertEquals(12, j.judge(pairs).size());
        assertEquals(limit, s.maxInFlight());
        assertEquals(12, s.requests().size());
    }

    @Test
    void resultsFollowInputOrderWhateverTheReplyOrder() throws Exception {
        // Earlier pairs are answered later: "k0" waits longest.
        FakeChatServer s = server(r -> {
            String k = FakeChatServer.keyphrase(r);
            int n = Integer.parseInt(k.substring(1));
            return answer(n % 3 == 0 ? "relevant" : "irrelevant").after((8 - n) * 10L);
        });
        OpenAiJudge j = judge(fast(s).withMaxConcurrency(8));
        List<JudgePair> pairs = new ArrayList<>();
        List<Judgment> expected = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            Item item = new Item("item" + n, "Title " + n, "");
            pairs.add(new JudgePair(item, "k" + n));
            expected.add(new Judgment("item" + n, "k" + n, n % 3 == 0 ? 1 : 0));
        }
        assertEquals(expected, j.judge(pairs));
    }

    @Test
    void samePromptTwiceInABatchIsAskedOnce() throws Exception {
        FakeChatServer s = server(FakeChatServer.relevantWhenKeyphraseHas("red"));
        OpenAiJudge j = judge(fast(s));
        List<Judgment> out = j.judge(List.of(new JudgePair(SHOE, "red sneakers"), new JudgePair(SHOE, "red sneakers")));
        assertEquals(List.of(new Judgment("i1", "red sneakers", 1), new Judgment("i1", "red sneakers", 1)), out);
        assertEquals(1, j.requestsSent());
    }

    @Test
    void oneFailedPairFailsTheBatchNamingThatPair() throws Exception {
        FakeChatServer s = server(r -> FakeChatServer.keyphrase(r).equals("bad") ? status(401, "invalid api key") : answer("relevant"));
        OpenAiJudge j = judge(fast(s).withMaxConcurrency(1));
        JudgeException e = assertThrows(JudgeException.class, () -> j.judge(List.of(
                new JudgePair(SHOE, "good"), new JudgePair(HOSE, "bad"), new JudgePair(SHOE, "later"))));
        assertTrue(e.getMessage().contains("item 'i2', keyphrase 'bad'") && e.getMessage().contains("HTTP 401"), e.getMessage());
    }

    @Test
    void describeNamesModelAndEndpoint() throws Exception {
        FakeChatServer s = server(r -> answer("relevant"));
        assertEquals("OpenAI-compatible judge test-model at " + s.baseUrl() + "/v1/chat/completions", judge(fast(s)).describe());
    }

    @Test
    void closedJudgeRefusesWork() throws Exception {
        FakeChatServer s = server(r -> answer("relevant"));
        OpenAiJudge j = judge(fast(s));
        j.close();
        assertThrows(IllegalStateException.class, () -> j.judge(onePair()));
    }
}
