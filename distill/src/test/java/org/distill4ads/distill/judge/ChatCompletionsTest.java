package org.distill4ads.distill.judge;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CAP = Duration.ofSeconds(60);

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        Duration initial = Duration.ofMillis(500);
        assertEquals(Duration.ofMillis(500), ChatCompletions.backoff(initial, 1, null, CAP));
        assertEquals(Duration.ofMillis(1000), ChatCompletions.backoff(initial, 2, null, CAP));
        assertEquals(Duration.ofMillis(4000), ChatCompletions.backoff(initial, 4, null, CAP));
        assertEquals(Duration.ofMillis(32000), ChatCompletions.backoff(initial, 7, null, CAP));
        assertEquals(CAP, ChatCompletions.backoff(initial, 8, null, CAP));          // 64 s > 60 s
        assertEquals(CAP, ChatCompletions.backoff(initial, 1000, null, CAP));       // no overflow
        assertEquals(Duration.ZERO, ChatCompletions.backoff(Duration.ZERO, 5, null, CAP));
    }

    @Test
    void retryAfterWinsButIsCapped() {
        Duration initial = Duration.ofMillis(500);
        assertEquals(Duration.ZERO, ChatCompletions.backoff(initial, 3, Duration.ZERO, CAP));
        assertEquals(Duration.ofSeconds(7), ChatCompletions.backoff(initial, 1, Duration.ofSeconds(7), CAP));
        assertEquals(CAP, ChatCompletions.backoff(initial, 1, Duration.ofSeconds(3600), CAP));
    }

    @Test
    void retryAfterIsReadInSecondsOnly() {
        assertEquals(Duration.ofSeconds(12), ChatCompletions.retryAfter(headers("Retry-After", " 12 ")));
        assertNull(ChatCompletions.retryAfter(headers("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")));
        assertNull(ChatCompletions.retryAfter(headers("Retry-After", "-1")));
        assertNull(ChatCompletions.retryAfter(headers("X-Other", "5")));
    }

    private static HttpHeaders headers(String name, String value) {
        return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
    }

    @Test
    void contentIsTheFirstChoicesMessage() {
        assertEquals("relevant", ChatCompletions.content(JSON,
                "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"relevant\"}},{\"message\":{\"content\":\"no\"}}]}"));
        assertNull(ChatCompletions.content(JSON, "{\"choices\":[]}"));
        assertNull(ChatCompletions.content(JSON, "{\"choices\":[{\"message\":{\"content\":null}}]}"));
        assertNull(ChatCompletions.content(JSON, "<html>bad gateway</html>"));
        assertNull(ChatCompletions.content(JSON, ""));
    }

    @Test
    void requestBodyIsTheChatShape() throws Exception {
        String body = ChatCompletions.requestBody(JSON, "m", "sys", "user says \"hi\"", 8);
        assertEquals(JSON.readTree("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"sys\"},"
                + "{\"role\":\"user\",\"content\":\"user says \\\"hi\\\"\"}],\"temperature\":0,\"max_tokens\":8}"), JSON.readTree(body));
    }
}
