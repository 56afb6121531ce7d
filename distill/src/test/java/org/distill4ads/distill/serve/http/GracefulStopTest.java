package org.distill4ads.distill.serve.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.distill4ads.distill.serve.BundleIdentity;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.ModelFingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stop lets the request in flight finish with its answer, and takes no new one. */
@Timeout(60)
class GracefulStopTest {
    static final BundleIdentity ID = new BundleIdentity("/b", new ModelFingerprint("0123456789abcdef", 10),
            new ModelFingerprint("fedcba9876543210", 20), 8, new int[] {8, 4}, 3, 0.5f);

    @Test
    void aRequestInFlightFinishesAndNewOnesAreRefused() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RecommendServer server = RecommendServer.start(texts -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return texts.stream().map(t -> new Recommendation(t, List.of(new Recommendation.Scored("kp " + t, 0.5f, 0.75f)),
                    List.<Recommendation.Dropped>of())).toList();
        }, null, ID, new KeyphraseRecommender.Settings(8, 3, 2, 0.5f), ServerSettings.defaults(0).withStopTimeout(Duration.ofSeconds(20)));
        java.net.URI base = server.uri();   // a stopped connector no longer knows its port
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(base.resolve("/recommend"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"red shoes\", \"id\": \"a\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(entered.await(20, TimeUnit.SECONDS), "the request reached the recommender");

        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // until the stop has begun, /ready is 200; from then on a new request is refused (503 or no connection)
        HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        boolean refused = false;
        for (int i = 0; i < 200 && !refused; i++) {
            try {
                HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(base.resolve("/ready")).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                refused = r.statusCode() == 503;
            } catch (java.io.IOException e) {
                refused = true;
            }
            if (!refused) {
                Thread.sleep(25);
            }
        }
        assertTrue(refused, "a new request is refused once the stop has begun");
        assertTrue(!stop.isDone(), "the stop waits for the request in flight");
        release.countDown();
        HttpResponse<String> r = inFlight.get(20, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("kp red shoes", RecommendationJson.JSON.readTree(r.body()).at("/results/0/kept/0/keyphrase").asText());
        assertEquals("a", RecommendationJson.JSON.readTree(r.body()).at("/results/0/id").asText());
        stop.get(20, TimeUnit.SECONDS);
    }
}
