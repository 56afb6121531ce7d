package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiJudgeConfigTest {
    private static final OpenAiJudge.Config BASE = OpenAiJudge.Config.defaults(URI.create("http://localhost:8000"), "m");

    @Test
    void defaults() {
        assertNull(BASE.apiKey());
        assertNull(BASE.cacheFile());
        assertEquals(OpenAiJudge.DEFAULT_PROMPT_TEMPLATE, BASE.promptTemplate());
        assertEquals(8, BASE.maxConcurrency());
        assertEquals(5, BASE.maxAttempts());
        assertEquals(Duration.ofSeconds(60), BASE.requestTimeout());
        assertEquals(Duration.ofMillis(500), BASE.initialBackoff());
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8000, http://localhost:8000/v1/chat/completions",
            "http://localhost:8080/, http://localhost:8080/v1/chat/completions",
            "http://localhost:11434/v1, http://localhost:11434/v1/chat/completions",
            "https://api.example.com/v1/, https://api.example.com/v1/chat/completions",
            "http://gpu-box:8000/proxy, http://gpu-box:8000/proxy/v1/chat/completions",
            "http://h:1/v1/chat/completions, http://h:1/v1/chat/completions"})
    void chatCompletionsUri(String base, String expected) {
        assertEquals(URI.create(expected), OpenAiJudge.chatCompletionsUri(URI.create(base)));
    }

    @Test
    void rejectsBadValuesNamingThem() {
        assertMessage("got ftp://x", () -> OpenAiJudge.Config.defaults(URI.create("ftp://x"), "m"));
        assertMessage("model must not be blank", () -> BASE.withModel(" "));
        assertMessage("maxConcurrency must be at least 1, got 0", () -> BASE.withMaxConcurrency(0));
        assertMessage("maxAttempts must be at least 1, got 0", () -> BASE.withMaxAttempts(0));
        assertMessage("requestTimeout must be positive, got PT0S", () -> BASE.withRequestTimeout(Duration.ZERO));
        assertMessage("initialBackoff must not be negative", () -> BASE.withInitialBackoff(Duration.ofMillis(-1)));
        assertMessage("must contain {keyphrase}", () -> BASE.withPromptTemplate("Is {title} good?"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }

    @Test
    void withChangesOnlyTheNamedFieldsAndChecksTheResult() {
        OpenAiJudge.Config c = BASE.with(b -> {
            b.maxAttempts = 2;
            b.requestTimeout = Duration.ofSeconds(3);
        });
        assertEquals(2, c.maxAttempts());
        assertEquals(Duration.ofSeconds(3), c.requestTimeout());
        assertEquals(BASE.withMaxAttempts(2).withRequestTimeout(Duration.ofSeconds(3)), c);
        assertEquals(BASE.model(), c.model());
        assertEquals(BASE.maxConcurrency(), c.maxConcurrency());
        assertEquals(BASE.promptTemplate(), c.promptTemplate());
        assertMessage("maxConcurrency must be at least 1, got -1", () -> BASE.with(b -> b.maxConcurrency = -1));
    }

    @Test
    void toStringMasksTheKey() {
        String s = BASE.withApiKey("sk-secret").toString();
        assertFalse(s.contains("sk-secret"), s);
        assertTrue(s.contains("apiKey=***"), s);
    }
}
