package org.distill4ads.distill.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on 127.0.0.1 for tests: each request is handed to a script, which sees
 * the request number, the parsed body and the headers and says what to reply. It records every
 * request and the most requests it ever had in flight at once.
 */
final class FakeChatServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server saw it. */
    record Request(int number, String method, String path, Headers headers, JsonNode body) {
        /** The user message: the rendered prompt. */
        String prompt() {
            return body.path("messages").path(1).path("content").asText();
        }
    }

    /** What to send back; {@code delayMillis} is slept before replying. */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {
        static Reply answer(String content) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-test").put("object", "chat.completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop");
            choice.putObject("message").put("role", "assistant").put("content", content);
            return new Reply(200, root.toString(), Map.of(), 0);
        }

        static Reply status(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }

        Reply withHeader(String name, String value) {
            return new Reply(status, body, Map.of(name, value), delayMillis);
        }

        Reply after(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    @FunctionalInterface
    interface Script {
        Reply reply(Request request) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-chat-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger count = new AtomicInteger();

    FakeChatServer(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, script));
        server.start();
    }

    /** Answers "relevant" when the keyphrase (between the prompt's quotes) contains {@code word}, else "irrelevant". */
    static Script relevantWhenKeyphraseHas(String word) {
        return r -> Reply.answer(keyphrase(r).contains(word) ? "relevant" : "irrelevant");
    }

    /** The keyphrase inside a prompt rendered from the default template. */
    static String keyphrase(Request r) {
        String p = r.prompt();
        int from = p.indexOf("for: \"") + 6;
        return p.substring(from, p.indexOf('"', from));
    }

    private void handle(HttpExchange exchange, Script script) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try (exchange) {
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? JSON.nullNode() : JSON.readTree(in);
            Request request = new Request(count.incrementAndGet(), exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body);
            requests.add(request);
            Reply reply;
            try {
                reply = script.reply(request);
            } catch (Exception e) {
                reply = Reply.status(599, "script failed: " + e);
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            // Out of flight before the client can see the reply and send its next request.
            inFlight.decrementAndGet();
            counted = false;
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout) and closed the connection: nothing to answer
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
        }
    }

    URI baseUrl() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    List<Request> requests() {
        return requests;
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
