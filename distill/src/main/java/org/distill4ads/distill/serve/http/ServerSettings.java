package org.distill4ads.distill.serve.http;

import java.time.Duration;

/**
 * How {@link RecommendServer} listens and what it accepts.
 *
 * @param host          the address to bind ({@code 127.0.0.1} by default: loopback only)
 * @param port          the port; 0 picks a free one ({@link RecommendServer#port()} says which)
 * @param maxBodyBytes  the largest request body; a larger one is answered 413
 * @param maxItems      the most titles in one request; more is answered 413
 * @param maxTitleChars the longest title (with its category); a longer one is answered 400
 * @param threads       the HTTP worker threads (requests in flight at once; the rest wait in the accept queue)
 * @param maxBatch      the most items per encoder call when concurrent requests are batched; 0 turns micro-batching off
 * @param stopTimeout   how long a stop waits for requests in flight before it cuts them off
 */
public record ServerSettings(String host, int port, int maxBodyBytes, int maxItems, int maxTitleChars, int threads, int maxBatch,
                             Duration stopTimeout) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    public static final int DEFAULT_MAX_ITEMS = 256;
    public static final int DEFAULT_MAX_TITLE_CHARS = 4096;
    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_MAX_BATCH = 64;
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    public ServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be an address or name, got '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxBodyBytes < 1 || maxItems < 1 || maxTitleChars < 1) {
            throw new IllegalArgumentException("limits must be positive, got maxBodyBytes=" + maxBodyBytes + " maxItems=" + maxItems
                    + " maxTitleChars=" + maxTitleChars);
        }
        if (threads < 4) {
            throw new IllegalArgumentException("threads must be at least 4 (the server's own acceptor and selector take two), got "
                    + threads);
        }
        if (maxBatch < 0) {
            throw new IllegalArgumentException("maxBatch must be >= 0 (0: no micro-batching), got " + maxBatch);
        }
        if (stopTimeout == null || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("stopTimeout must be >= 0, got " + stopTimeout);
        }
    }

    /** Loopback on {@code port}, every limit at its default. */
    public static ServerSettings defaults(int port) {
        return new ServerSettings(DEFAULT_HOST, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ITEMS, DEFAULT_MAX_TITLE_CHARS,
                DEFAULT_THREADS, DEFAULT_MAX_BATCH, DEFAULT_STOP_TIMEOUT);
    }

    public ServerSettings withLimits(int maxBodyBytes, int maxItems, int maxTitleChars) {
        return new ServerSettings(host, port, maxBodyBytes, maxItems, maxTitleChars, threads, maxBatch, stopTimeout);
    }

    public ServerSettings withThreads(int threads, int maxBatch) {
        return new ServerSettings(host, port, maxBodyBytes, maxItems, maxTitleChars, threads, maxBatch, stopTimeout);
    }

    public ServerSettings withHost(String host) {
        return new ServerSettings(host, port, maxBodyBytes, maxItems, maxTitleChars, threads, maxBatch, stopTimeout);
    }

    public ServerSettings withStopTimeout(Duration stopTimeout) {
        return new ServerSettings(host, port, maxBodyBytes, maxItems, maxTitleChars, threads, maxBatch, stopTimeout);
    }
}
