package org.distill4ads.distill.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.serve.TinyBundle;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint of {@code serve} on loopback: its answers against the library's, its 4xx for bad
 * input, and a bounded load test (concurrent clients, every answer equal to the sequential one).
 */
@Timeout(120)
class RecommendServerTest {
    @TempDir
    static Path dir;
    static ServingBundle bundle;
    static KeyphraseRecommender sequential;
    static RecommendServer server;
    static HttpClient http;
    static List<String> texts;

    @BeforeAll
    static void start() throws Exception {
        bundle = ServingBundle.load(TinyBundle.write(dir));
        texts = TinyBundle.itemTexts(dir);
        KeyphraseRecommender.Settings s = bundle.settings(5, 10);
        sequential = bundle.recommender(s);
        server = RecommendServer.start(bundle, s, ServerSettings.defaults(0).withLimits(4096, 8, 200).withThreads(16, 16));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (bundle != null) {
            bundle.close();
        }
    }

    record Answer(int status, JsonNode body) {}

    static Answer post(String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    static Answer get(String path) throws Exception {
        return answer(http.send(HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> r) throws Exception {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return new Answer(r.statusCode(), RecommendationJson.JSON.readTree(r.body()));
    }

    /** The library's answer as the client reads it (numbers parsed back from the JSON text). */
    static JsonNode expected(String id, String text) throws Exception {
        return RecommendationJson.JSON.readTree(RecommendationJson.line(id, sequential.recommend(text)));
    }

    @Test
    void oneTitleGetsWhatTheLibraryGives() throws Exception {
        String title = texts.get(3).split(" \\| ")[0];
        String category = texts.get(3).contains(" | ") ? texts.get(3).split(" \\| ")[1] : null;
        ObjectNode req = RecommendationJson.JSON.createObjectNode().put("title", title).put("id", "sku-3");
        if (category != null) {
            req.put("category", category);
        }
        Answer a = post("/recommend", req.toString(), "application/json");
        assertEquals(200, a.status(), a.body().toString());
        assertEquals(bundle.identity().student().hash(), a.body().get("model").asText());
        assertEquals(1, a.body().get("results").size());
        assertEquals(expected("sku-3", texts.get(3)), a.body().get("results").get(0));
        assertTrue(a.body().get("results").get(0).get("kept").size() + a.body().get("results").get(0).get("dropped").size() > 0);
    }

    @Test
    void aBatchIsAnsweredInOrder() throws Exception {
        ArrayNode items = RecommendationJson.JSON.createArrayNode();
        items.add(texts.get(0));
        items.addObject().put("title", texts.get(1)).put("id", "b");
        items.add(texts.get(2));
        Answer a = post("/recommend", "{\"items\": " + items + "}", null);
        assertEquals(200, a.status(), a.body().toString());
        assertEquals(List.of(expected(null, texts.get(0)), expected("b", texts.get(1)), expected(null, texts.get(2))),
                toList(a.body().get("results")));
    }

    @Test
    void healthReadinessAndTheModelsIdentity() throws Exception {
        assertEquals(new Answer(200, RecommendationJson.JSON.readTree("{\"status\":\"up\"}")), get("/health"));
        assertEquals(new Answer(200, RecommendationJson.JSON.readTree("{\"ready\":true}")), get("/ready"));
        Answer m = get("/model");
        assertEquals(200, m.status());
        assertEquals(bundle.identity().student().hash(), m.body().at("/student/fingerprint").asText());
        assertEquals(bundle.keyphrases().model().hash(), m.body().at("/student/fingerprint").asText());
        assertEquals(bundle.identity().filter().hash(), m.body().at("/filter/fingerprint").asText());
        assertEquals(bundle.keyphrases().size(), m.body().get("keyphrases").asInt());
        assertEquals(5, m.body().at("/search/k").asInt());
        assertEquals(8, m.body().at("/limits/max_items").asInt());
    }

    @Test
    void badInputIsA4xxWhoseJsonNamesTheProblem() throws Exception {
        Map<String[], Object[]> cases = new LinkedHashMap<>();
        cases.put(new String[] {"{\"title\": ", "application/json"}, new Object[] {400, "not valid JSON"});
        cases.put(new String[] {"[\"a title\"]", "application/json"}, new Object[] {400, "must be a JSON object", "got array"});
        cases.put(new String[] {"{\"titel\": \"shoes\"}", null}, new Object[] {400, "unknown field titel", "[category, id, items, title]"});
        cases.put(new String[] {"{\"title\": \"  \"}", null}, new Object[] {400, "title is blank"});
        cases.put(new String[] {"{\"title\": 7}", null}, new Object[] {400, "title must be a string, got number"});
        cases.put(new String[] {"{\"category\": \"Shoes\"}", null}, new Object[] {400, "title is missing"});
        cases.put(new String[] {"{\"items\": \"shoes\"}", null}, new Object[] {400, "items must be an array, got string"});
        cases.put(new String[] {"{\"items\": []}", null}, new Object[] {400, "items is empty"});
        cases.put(new String[] {"{\"items\": [\"a\", {\"title\": \"b\", \"colour\": \"red\"}]}", null},
                new Object[] {400, "unknown field items[1].colour"});
        cases.put(new String[] {"{\"items\": [\"a\", 3]}", null}, new Object[] {400, "items[1] must be a title or an object"});
        cases.put(new String[] {"{\"items\": [\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\", \"i\"]}", null},
                new Object[] {413, "at most 8 items, got 9"});
        cases.put(new String[] {"{\"title\": \"" + "x".repeat(201) + "\"}", null}, new Object[] {400, "title has 201 characters", "at most 200"});
        cases.put(new String[] {"{\"title\": \"" + "x".repeat(5000) + "\"}", null}, new Object[] {413, "at most 4096 bytes, got 5013"});
        cases.put(new String[] {"title=shoes", "application/x-www-form-urlencoded"}, new Object[] {415, "Content-Type: application/json"});
        cases.put(new String[] {"{\"title\": \"a\", \"items\": [\"b\"]}", null}, new Object[] {400, "not both"});
        for (Map.Entry<String[], Object[]> c : cases.entrySet()) {
            Answer a = post("/recommend", c.getKey()[0], c.getKey()[1]);
            String what = c.getKey()[0];
            checkError(a, c.getValue(), what.length() > 80 ? what.substring(0, 80) + "..." : what);
        }
        checkError(get("/recommend"), new Object[] {405, "/recommend takes POST, got GET"}, "GET /recommend");
        checkError(get("/recommendations"), new Object[] {404, "no route /recommendations", "POST /recommend"}, "GET /recommendations");
        checkError(post("/model", "{}", null), new Object[] {405, "/model takes GET, got POST"}, "POST /model");
    }

    private static void checkError(Answer a, Object[] want, String what) {
        assertEquals(want[0], a.status(), what + " -> " + a.body());
        assertEquals(want[0], a.body().get("status").asInt(), a.body().toString());
        for (int i = 1; i < want.length; i++) {
            assertTrue(a.body().get("error").asText().contains((String) want[i]), what + ": '" + want[i] + "' not in " + a.body());
        }
    }

    /**
     * The load test: 8 clients post batches of 1 to 4 titles for at most 3 seconds (and at most 60
     * requests each); every answer must be 200 and equal the library's sequential answer.
     */
    @Test
    void concurrentClientsGetTheSequentialAnswers() throws Exception {
        List<String> pool = texts.subList(0, Math.min(20, texts.size()));
        Map<String, JsonNode> want = new LinkedHashMap<>();
        for (String t : pool) {
            want.put(t, expected(null, t));
        }
        int clients = 8;
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        AtomicInteger requests = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Random random = new Random(c);
            Thread t = new Thread(() -> {
                for (int i = 0; i < 60 && System.nanoTime() < deadline && problems.isEmpty(); i++) {
                    List<String> batch = new ArrayList<>();
                    int n = 1 + random.nextInt(4);
                    for (int j = 0; j < n; j++) {
                        batch.add(pool.get(random.nextInt(pool.size())));
                    }
                    try {
                        ArrayNode items = RecommendationJson.JSON.valueToTree(batch);
                        Answer a = post("/recommend", "{\"items\": " + items + "}", "application/json");
                        requests.incrementAndGet();
                        if (a.status() != 200) {
                            problems.add("status " + a.status() + ": " + a.body());
                            continue;
                        }
                        for (int j = 0; j < n; j++) {
                            JsonNode got = a.body().get("results").get(j);
                            if (!want.get(batch.get(j)).equals(got)) {
                                problems.add("for '" + batch.get(j) + "' got " + got + ", sequentially " + want.get(batch.get(j)));
                            }
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(problems.isEmpty(), problems.size() + " problems, the first: " + problems.peek());
        assertTrue(requests.get() >= clients, "every client made a request: " + requests.get());
        assertTrue(server.batching().items() > 0, server.batching().toString());
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
