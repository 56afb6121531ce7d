package org.distill4ads.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.distill4ads.distill.serve.BatchingRecommender;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.serve.http.RecommendServer;
import org.distill4ads.distill.serve.http.ServerSettings;
import org.distill4ads.retrieval.KeyphraseRecommender;

/**
 * Requests per second and p50/p99 latency of one-title recommendations from C closed-loop clients
 * for a fixed time, four ways: the library's single call ({@code KeyphraseRecommender.recommend}
 * shared by the threads), the library through the micro-batcher, and the HTTP endpoint of
 * {@code serve} on loopback with and without micro-batching. Not JMH: the quantity is a service's
 * throughput and tail latency under concurrent load, which JMH does not measure.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.distill4ads.bench.ServeLoad BUNDLE [CLIENTS] [SECONDS] [K] [CANDIDATES]
 * </pre>
 */
public final class ServeLoad {
    private ServeLoad() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int candidates = args.length > 4 ? Integer.parseInt(args[4]) : 50;
        System.out.println("cpu: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores; clients " + clients
                + ", " + seconds + " s each after 3 s warm-up; k " + k + " of " + candidates);
        try (ServingBundle bundle = ServingBundle.load(dir)) {
            List<String> titles = titles(bundle);
            KeyphraseRecommender.Settings s = bundle.settings(k, candidates);
            KeyphraseRecommender single = bundle.recommender(s);
            System.out.println("mode                      req/s    p50 ms   p99 ms   items/encoder call");
            report("library, single call", run(clients, seconds, titles, t -> single.recommend(t)), "1");
            try (BatchingRecommender b = new BatchingRecommender(bundle.recommender(s), 64, 2)) {
                report("library, micro-batched", run(clients, seconds, titles, b::recommend),
                        String.format(Locale.ROOT, "%.1f", b.stats().meanBatch()));
            }
            for (int maxBatch : new int[] {64, 0}) {
                try (RecommendServer server = RecommendServer.start(bundle, s, ServerSettings.defaults(0).withThreads(Math.max(8, 2 * clients),
                        maxBatch))) {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    URI uri = server.uri().resolve("/recommend");
                    Result r = run(clients, seconds, titles, t -> post(http, uri, t));
                    report(maxBatch > 0 ? "http, micro-batched" : "http, no batching", r,
                            maxBatch > 0 ? String.format(Locale.ROOT, "%.1f", server.batching().meanBatch()) : "1");
                }
            }
        }
    }

    private static Object post(HttpClient http, URI uri, String title) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(RecommendationJson.JSON.createObjectNode().put("title", title).toString()))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("status " + r.statusCode() + ": " + r.body());
            }
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(long requests, double seconds, long[] latencies) {}

    /** C closed-loop clients: 3 s of warm-up, then {@code seconds} measured. */
    private static Result run(int clients, int seconds, List<String> titles, Function<String, Object> call) throws Exception {
        long warm = System.nanoTime() + 3_000_000_000L;
        long end = warm + seconds * 1_000_000_000L;
        List<long[]> lat = new ArrayList<>();
        AtomicLong count = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 20];
            lat.add(mine);
            int seed = c;
            Thread t = new Thread(() -> {
                int n = 0;
                int i = seed * 7919;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    call.apply(titles.get(Math.floorMod(i++, titles.size())));
                    long t1 = System.nanoTime();
                    if (t0 >= warm && n < mine.length) {
                        mine[n++] = t1 - t0;
                    }
                }
                mine[mine.length - 1] = n;
                count.addAndGet(n);
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long total = count.get();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] m : lat) {
            int n = (int) m[m.length - 1];
            System.arraycopy(m, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        return new Result(total, seconds, all);
    }

    private static void report(String mode, Result r, String batch) {
        long[] l = r.latencies();
        System.out.printf(Locale.ROOT, "%-24s %7.1f %9.2f %8.2f   %s%n", mode, r.requests() / r.seconds(),
                l[(int) (0.50 * (l.length - 1))] / 1e6, l[(int) (0.99 * (l.length - 1))] / 1e6, batch);
    }

    /** Titles made of two keyphrases of the bundle, a fixed list. */
    private static List<String> titles(ServingBundle bundle) {
        int n = bundle.keyphrases().size();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            out.add(bundle.keyphrases().text((i * 31) % n) + " " + bundle.keyphrases().text((i * 17 + 5) % n));
        }
        return out;
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
