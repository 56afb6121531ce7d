package org.distill4ads.distill.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;

/** The wire format of OpenAI-compatible chat completions, and the retry timing, as plain functions. */
final class ChatCompletions {
    private ChatCompletions() {
    }

    /** {@code {baseUrl}/v1/chat/completions}, whether baseUrl ends in '/', '/v1' or the full path. */
    static URI endpoint(URI baseUrl) {
        String s = baseUrl.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("/v1/chat/completions")) {
            return URI.create(s);
        }
        return URI.create(s.endsWith("/v1") ? s + "/chat/completions" : s + "/v1/chat/completions");
    }

    /** {@code {model, messages: [system, user], temperature: 0, max_tokens}} as JSON. */
    static String requestBody(ObjectMapper mapper, String model, String system, String user, int maxTokens) {
        ObjectNode body = mapper.createObjectNode();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        body.put("temperature", 0);
        body.put("max_tokens", maxTokens);
        try {
            return mapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a chat-completions request", e);
        }
    }

    /** {@code choices[0].message.content}, or null when the body is not JSON or has none. */
    static String content(ObjectMapper mapper, String body) {
        try {
            JsonNode c = mapper.readTree(body).path("choices").path(0).path("message").path("content");
            return c.isTextual() ? c.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** A Retry-After given in seconds, or null (absent, or an HTTP date, which is not supported). */
    static Duration retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::strip).filter(v -> v.matches("\\d{1,9}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v))).orElse(null);
    }

    /**
     * The wait before retry {@code retry} (1 for the first): {@code retryAfter} when the server
     * gave one, else {@code initial * 2^(retry - 1)}; never above {@code cap}.
     */
    static Duration backoff(Duration initial, int retry, Duration retryAfter, Duration cap) {
        if (retryAfter != null) {
            return retryAfter.compareTo(cap) > 0 ? cap : retryAfter;
        }
        long ms = initial.toMillis();
        long capMs = cap.toMillis();
        int doublings = Math.min(retry - 1, 62);
        return Duration.ofMillis(ms > (capMs >> doublings) ? capMs : ms << doublings);
    }
}
