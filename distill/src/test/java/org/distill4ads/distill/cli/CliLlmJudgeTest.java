package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Judgment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code label --judge-url}: an OpenAI-compatible server on 127.0.0.1 answers, with a key, progress and a cache. */
class CliLlmJudgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static HttpServer server;
    static final AtomicInteger requests = new AtomicInteger();
    static volatile String authorization;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            requests.incrementAndGet();
            authorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String prompt = body.path("messages").path(1).path("content").asText();
            // relevant exactly when the keyphrase's first word is in the title: easy to recompute below
            String answer = relevant(prompt) ? "relevant" : "irrelevant";
            byte[] reply = ("{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\"}}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    static boolean relevant(String prompt) {
        String keyphrase = prompt.substring(prompt.indexOf('"') + 1, prompt.indexOf('"', prompt.indexOf('"') + 1));
        String title = prompt.lines().filter(l -> l.startsWith("Item title: ")).findFirst().orElseThrow();
        return title.toLowerCase().contains(keyphrase.split(" ")[0].toLowerCase());
    }

    @Test
    void labelsFromTheServerShowProgressAndReuseTheCache() throws IOException {
        Path data = dir.resolve("data");
        Cli.ok("simulate", "--out", data.toString(), "--items", "20", "--keyphrases", "30");
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Path out = dir.resolve("labels.jsonl");
        Path cache = dir.resolve("cache.jsonl");
        String[] label = args("label", "--data", data, "--out", out, "--judge-url", url, "--judge-model", "tiny",
                "--judge-api-key-env", "PATH", "--judge-cache", cache, "--judge-concurrency", "2");
        Cli.Result first = Cli.ok(label);
        List<Judgment> labels = DataFiles.readJudgments(out);
        assertEquals(labels.size(), requests.get(), "one request per pair");
        assertEquals("Bearer " + System.getenv("PATH"), authorization);
        assertTrue(first.out().contains("with OpenAI-compatible judge tiny at " + url + "/v1/chat/completions"), first.out());
        assertTrue(first.out().contains(" 100%  " + labels.size() + " of " + labels.size() + " pairs"), first.out());
        assertTrue(first.out().lines().filter(l -> l.contains("% ")).count() >= 5, "progress in steps of 10%: " + first.out());
        long relevant = labels.stream().filter(Judgment::relevant).count();
        assertTrue(relevant > 0 && relevant < labels.size(), relevant + " of " + labels.size());

        byte[] before = Files.readAllBytes(out);
        Cli.ok(label);
        assertEquals(labels.size(), requests.get(), "the rerun asks nothing: every label is in the cache");
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(out));

        Cli.fails(1, args("label", "--data", data, "--out", out, "--judge-url", url, "--judge-model", "tiny",
                "--judge-api-key-env", "DISTILL4ADS_SURELY_UNSET_VARIABLE"), "DISTILL4ADS_SURELY_UNSET_VARIABLE", "not set");
    }
}
