package org.distill4ads.distill.serve.http;

import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.distill4ads.distill.serve.BatchingRecommender;
import org.distill4ads.distill.serve.BundleIdentity;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A serving bundle behind a JSON HTTP endpoint (what {@code distill4ads serve} runs; the contract
 * is in docs/serving.md), on Jetty 12 (an optional dependency of distill: a service that embeds this
 * class adds {@code org.eclipse.jetty:jetty-server} itself).
 *
 * <pre>
 * try (ServingBundle bundle = ServingBundle.load(dir);
 *      RecommendServer server = RecommendServer.start(bundle, bundle.settings(10, 50), ServerSettings.defaults(8080))) {
 *     server.join();   // until stopped (close() from another thread, or the process's shutdown hook)
 * }
 * </pre>
 *
 * Concurrent requests are micro-batched into one encoder call ({@link BatchingRecommender}) unless
 * {@code maxBatch} is 0. {@link #close()} is graceful: readiness turns false, new requests are
 * refused with 503, requests in flight finish (up to {@code stopTimeout}), then the batcher stops.
 * The bundle stays open: its owner closes it.
 */
public final class RecommendServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final BatchingRecommender batcher;
    private volatile boolean stopping;
    private boolean closed;

    private RecommendServer(Function<List<String>, List<Recommendation>> recommend, BatchingRecommender batcher, BundleIdentity id,
                            KeyphraseRecommender.Settings search, ServerSettings settings) {
        this.batcher = batcher;
        QueuedThreadPool pool = new QueuedThreadPool(settings.threads(), Math.min(4, settings.threads()));
        pool.setName("d4a-http");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        server.addConnector(connector);
        server.setErrorHandler(new JsonErrors());
        server.setHandler(new GracefulHandler(new RecommendApi(recommend, id, search, settings, () -> !stopping,
                settings::maxBatch)));
        server.setStopTimeout(settings.stopTimeout().toMillis());
        server.setStopAtShutdown(false);   // the owner stops it (the serve command from its shutdown hook)
    }

    /** Starts serving {@code bundle}'s recommendations with the search settings {@code search} ({@link ServingBundle#settings}). */
    public static RecommendServer start(ServingBundle bundle, KeyphraseRecommender.Settings search, ServerSettings settings)
            throws Exception {
        KeyphraseRecommender recommender = bundle.recommender(search);
        BatchingRecommender batcher = settings.maxBatch() > 0 ? new BatchingRecommender(recommender, settings.maxBatch(), 2) : null;
        return start(batcher != null ? batcher::recommendAll : recommender::recommendAll, batcher, bundle.identity(), search, settings);
    }

    /** Serves {@code recommend} (tests give one that waits or fails on purpose). */
    static RecommendServer start(Function<List<String>, List<Recommendation>> recommend, BatchingRecommender batcher,
                                 BundleIdentity id, KeyphraseRecommender.Settings search, ServerSettings settings) throws Exception {
        RecommendServer s = new RecommendServer(recommend, batcher, id, search, settings);
        try {
            s.server.start();
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The port it listens on (the chosen one when the settings asked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT}. */
    public URI uri() {
        String host = connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** The micro-batcher's counters, or null when batching is off. */
    public BatchingRecommender.Stats batching() {
        return batcher == null ? null : batcher.stats();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully: no new requests (503), those in flight finish, then the batcher's workers stop. */
    @Override
    public synchronized void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        try {
            server.stop();
        } finally {
            if (batcher != null) {
                batcher.close();
            }
        }
    }
}
