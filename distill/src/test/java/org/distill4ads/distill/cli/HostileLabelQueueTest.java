package org.distill4ads.distill.cli;

import static org.distill4ads.distill.cli.Cli.args;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.distill4ads.distill.data.DataFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Part of the hostile-input suite (docs/guarantees.md): one slow reply must not stall the other
 * workers of {@code label}. The loopback server holds the first request until it has seen every
 * other pair's request (or gives up after a while): with a work queue it sees them all; with
 * batches that wait for their slowest pair it sees only the first batch.
 */
class HostileLabelQueueTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)   // a guard against a hang, not a measurement
    void aSlowReplyHoldsOneWorkerAndNoOther() throws Exception {
        Path data = dir.resolve("data");
        Cli.ok("simulate", "--out", data.toString(), "--items", "20", "--keyphrases", "30");
        Set<String> prompts = ConcurrentHashMap.newKeySet();
        AtomicInteger seen = new AtomicInteger();
        CountDownLatch allOthers = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicBoolean sawAllWhileHeld = new AtomicBoolean();
        AtomicInteger seenWhileHeld = new AtomicInteger();
        AtomicInteger expected = new AtomicInteger(Integer.MAX_VALUE);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", exchange -> {
            String prompt = JSON.readTree(exchange.getRequestBody()).path("messages").path(1).path("content").asText();
            prompts.add(prompt);
            if (seen.incrementAndGet() >= expected.get()) {
                allOthers.countDown();
            }
            if (first.getAndSet(false)) {
                try {
                    sawAllWhileHeld.set(allOthers.await(20, TimeUnit.SECONDS));
                    seenWhileHeld.set(seen.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] reply = "{\"choices\":[{\"message\":{\"content\":\"relevant\"}}]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        try {
            // how many pairs label draws: the same command with the simulated judge
            Path simulated = dir.resolve("sim.tsv");
            Cli.ok("label", "--data", data.toString(), "--out", simulated.toString());
            expected.set(DataFiles.readJudgments(simulated).size());
            Path out = dir.resolve("labels.tsv");
            Cli.ok(args("label", "--data", data, "--out", out, "--judge-url", "http://127.0.0.1:" + server.getAddress().getPort(),
                    "--judge-model", "m", "--judge-concurrency", "2"));
            assertTrue(sawAllWhileHeld.get(), "while the first reply was held the server saw only " + seenWhileHeld.get() + " of "
                    + expected.get() + " requests: the other worker waited for the slow one");
        } finally {
            server.stop(0);
        }
    }
}
