package org.distill4ads.distill.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.distill4ads.distill.data.Judgment;

/**
 * An LLM teacher behind any OpenAI-compatible chat-completions server (vLLM, llama.cpp server,
 * Ollama, or a hosted API): one short request per (item, keyphrase), answered with the single word
 * "relevant" or "irrelevant".
 *
 * <p>At most {@link Config#maxConcurrency()} requests are in flight, taken from one work queue, so a
 * slow reply holds one worker and no other. Each attempt has a deadline,
 * {@link Config#requestTimeout()}, for the whole exchange including the body, and a body may be at
 * most {@link #MAX_RESPONSE_BYTES} long (a longer one fails the pair at once). 429, 5xx, timeouts,
 * I/O errors and malformed answers are retried with exponential backoff; other 4xx fail at once.
 * {@link #close()} cancels what is queued and in flight and returns. With a
 * {@link Config#cacheFile() cache file}, every answer is appended to it as it arrives and looked up
 * before asking, so reruns and crashed runs never pay twice for a label. See docs/judges.md.
 */
public final class OpenAiJudge implements Judge {
    /** The default user prompt: a one-word relevance question. */
    public static final String DEFAULT_PROMPT_TEMPLATE = """
            A buyer searches an online marketplace for: "{keyphrase}"

            Item title: {title}
            Item category: {category}

            Would this buyer find this item a relevant result for that search? \
            Answer with exactly one word: relevant or irrelevant.""";

    /** The system message sent before every prompt. */
    public static final String SYSTEM_PROMPT = "You judge whether items are relevant results for search queries on an "
            + "online marketplace. You answer with exactly one word: relevant or irrelevant.";

    /** Tokens the server may generate: enough for "not relevant" and stray punctuation. */
    public static final int MAX_TOKENS = 8;

    /** No single wait between attempts is longer than this, whatever Retry-After says. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** The longest response body read: a chat completion of a few tokens is a few hundred bytes. */
    public static final int MAX_RESPONSE_BYTES = 1 << 20;

    private static final int ANSWER_IN_MESSAGE = 200;
    private static final int BODY_IN_MESSAGE = 1000;

    /**
     * How to reach and query the server.
     *
     * @param baseUrl        the server, e.g. {@code http://localhost:8000}; a trailing slash and a
     *                       trailing {@code /v1} are accepted
     * @param model          the model name the server knows
     * @param apiKey         sent as {@code Authorization: Bearer <key>}; null (or blank) sends none
     * @param promptTemplate the user message, with {@code {title}}, {@code {keyphrase}} and
     *                       optionally {@code {category}}
     * @param maxConcurrency requests in flight at most, at least 1
     * @param maxAttempts    attempts per pair including the first, at least 1
     * @param requestTimeout how long one attempt may take from sending to the end of the body, positive
     * @param initialBackoff the wait before the first retry, doubled for each further one; not negative
     * @param cacheFile      the JSON-lines label cache; null for none
     */
    public record Config(URI baseUrl, String model, String apiKey, String promptTemplate, int maxConcurrency,
                         int maxAttempts, Duration requestTimeout, Duration initialBackoff, Path cacheFile) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, e.g. http://localhost:8000, got " + baseUrl);
            }
            if (model == null || model.isBlank()) {
                throw new IllegalArgumentException("model must not be blank, got " + (model == null ? "null" : "'" + model + "'"));
            }
            Prompts.check(promptTemplate);
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1, got " + maxConcurrency);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            if (requestTimeout == null || requestTimeout.isZero() || requestTimeout.isNegative()) {
                throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
            }
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
            }
        }

        /**
         * No key, the default prompt, 8 requests in flight, 5 attempts, 60 s per request, 500 ms
         * first backoff, no cache.
         */
        public static Config defaults(URI baseUrl, String model) {
            return new Config(baseUrl, model, null, DEFAULT_PROMPT_TEMPLATE, 8, 5,
                    Duration.ofSeconds(60), Duration.ofMillis(500), null);
        }

        /** The fields of a {@link Config}, to change some of them in {@link Config#with}. */
        public static final class Builder {
            public URI baseUrl;
            public String model;
            public String apiKey;
            public String promptTemplate;
            public int maxConcurrency;
            public int maxAttempts;
            public Duration requestTimeout;
            public Duration initialBackoff;
            public Path cacheFile;

            private Builder(Config c) {
                baseUrl = c.baseUrl;
                model = c.model;
                apiKey = c.apiKey;
                promptTemplate = c.promptTemplate;
                maxConcurrency = c.maxConcurrency;
                maxAttempts = c.maxAttempts;
                requestTimeout = c.requestTimeout;
                initialBackoff = c.initialBackoff;
                cacheFile = c.cacheFile;
            }

            private Config build() {
                return new Config(baseUrl, model, apiKey, promptTemplate, maxConcurrency, maxAttempts, requestTimeout,
                        initialBackoff, cacheFile);
            }
        }

        /** A copy with the changes {@code change} makes (checked as a new config), e.g. {@code c.with(b -> b.maxAttempts = 3)}. */
        public Config with(java.util.function.Consumer<Builder> change) {
            Builder b = new Builder(this);
            change.accept(b);
            return b.build();
        }

        public Config withModel(String v) {
            return with(b -> b.model = v);
        }

        public Config withApiKey(String v) {
            return with(b -> b.apiKey = v);
        }

        public Config withPromptTemplate(String v) {
            return with(b -> b.promptTemplate = v);
        }

        public Config withMaxConcurrency(int v) {
            return with(b -> b.maxConcurrency = v);
        }

        public Config withMaxAttempts(int v) {
            return with(b -> b.maxAttempts = v);
        }

        public Config withRequestTimeout(Duration v) {
            return with(b -> b.requestTimeout = v);
        }

        public Config withInitialBackoff(Duration v) {
            return with(b -> b.initialBackoff = v);
        }

        public Config withCacheFile(Path v) {
            return with(b -> b.cacheFile = v);
        }

        /** Like the record's, with the API key masked so that configurations can be logged. */
        @Override
        public String toString() {
            return "Config[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "***")
                    + ", maxConcurrency=" + maxConcurrency + ", maxAttempts=" + maxAttempts + ", requestTimeout=" + requestTimeout
                    + ", initialBackoff=" + initialBackoff + ", cacheFile=" + cacheFile + "]";
        }
    }

    private final Config config;
    private final URI endpoint;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http;
    private final ExecutorService workers;
    private final JudgeCache cache;
    private final AtomicLong requestsSent = new AtomicLong();
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile boolean closed;

    /** Loads the cache file, when there is one; nothing is sent until {@link #judge}. */
    public OpenAiJudge(Config config) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = ChatCompletions.endpoint(config.baseUrl());
        this.cache = config.cacheFile() == null ? null : JudgeCache.open(config.cacheFile(), mapper);
        // HTTP/1.1: local servers do not all cope with the h2c upgrade the client tries otherwise.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.requestTimeout())
                .build();
        AtomicInteger threadNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.maxConcurrency(), r -> {
            Thread t = new Thread(r, "openai-judge-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * {@code {baseUrl}/v1/chat/completions}, whether {@code baseUrl} ends in a slash, in {@code /v1}
     * or already in {@code /v1/chat/completions}.
     */
    public static URI chatCompletionsUri(URI baseUrl) {
        return ChatCompletions.endpoint(baseUrl);
    }

    /** The cache key of a prompt: SHA-256 hex of {@code model + "\n" + renderedPrompt}. */
    public static String cacheKey(String model, String renderedPrompt) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((model + "\n" + renderedPrompt).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The user message sent for {@code pair}: the template with its placeholders filled in. */
    public String prompt(JudgePair pair) {
        return Prompts.render(config.promptTemplate(), pair.item().title(), pair.item().category(), pair.keyphrase());
    }

    /**
     * Labels every pair (1 relevant, 0 irrelevant), in the order of {@code pairs}: from the cache
     * when it has the prompt, otherwise by asking the server. A prompt that occurs twice in one call
     * is asked once. When a pair fails, pairs not yet started are skipped, those in flight finish
     * (and are cached), and the first failure in input order is thrown.
     *
     * @throws JudgeException naming the pair that could not be labelled and why
     * @throws IOException    when the cache file cannot be written
     */
    @Override
    public List<Judgment> judge(List<JudgePair> pairs) throws IOException {
        return judge(pairs, n -> { });
    }

    /** As {@link #judge(List)}, telling {@code progress} how many pairs are labelled each time one more is. */
    @Override
    public List<Judgment> judge(List<JudgePair> pairs, java.util.function.IntConsumer progress) throws IOException {
        if (closed) {
            throw new IllegalStateException("this judge is closed: " + describe());
        }
        int n = pairs.size();
        double[] labels = new double[n];
        List<Future<Double>> asked = new ArrayList<>(n);
        Map<String, Future<Double>> byKey = new HashMap<>();
        Batch batch = new Batch();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            JudgePair pair = Objects.requireNonNull(pairs.get(i), "pair " + i + " is null");
            String prompt = prompt(pair);
            String key = cacheKey(config.model(), prompt);
            Double cached = cache == null ? null : cache.get(key);
            if (cached != null) {
                cacheHits.incrementAndGet();
                labels[i] = cached;
                asked.add(null);
                progress.accept(done.incrementAndGet());
            } else {
                asked.add(byKey.computeIfAbsent(key, k -> workers.submit(() -> {
                    try {
                        double label = ask(pair, prompt, k, batch);
                        progress.accept(done.incrementAndGet());
                        return label;
                    } catch (Throwable t) {
                        batch.abort();
                        throw t;
                    }
                })));
            }
        }
        IOException first = null;
        int failed = 0;
        int skipped = 0;
        for (int i = 0; i < n; i++) {
            Future<Double> f = asked.get(i);
            if (f == null) {
                continue;
            }
            try {
                labels[i] = f.get();
            } catch (InterruptedException e) {
                batch.abort();
                byKey.values().forEach(x -> x.cancel(true));
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while judging " + n + " pairs");
            } catch (java.util.concurrent.CancellationException e) {
                failed++;
                if (first == null) {
                    first = new JudgeException("the judge was closed while judging " + name(pairs.get(i)));
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof Skipped) {
                    skipped++;
                } else {
                    failed++;
                    if (first == null) {
                        first = cause instanceof IOException io ? io : new IOException("judging failed: " + cause, cause);
                    }
                }
            }
        }
        if (first != null) {
            if (failed + skipped > 1) {
                first.addSuppressed(new JudgeException((failed - 1) + " more pairs failed and " + skipped
                        + " were not attempted after the first failure"));
            }
            throw first;
        }
        List<Judgment> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Judgment(pairs.get(i).item().id(), pairs.get(i).keyphrase(), labels[i]));
        }
        return out;
    }

    /** One pair, with retries; runs on a worker thread. */
    private double ask(JudgePair pair, String prompt, String key, Batch batch) throws IOException, InterruptedException {
        HttpRequest request = request(prompt);
        String lastProblem = "none";
        for (int attempt = 1; ; attempt++) {
            if (batch.aborted()) {
                throw new Skipped();
            }
            Duration retryAfter = null;
            HttpResponse<String> response = null;
            requestsSent.incrementAndGet();
            // the deadline covers the whole exchange, body included: a server that trickles its reply is cut off
            CompletableFuture<HttpResponse<String>> call = http.sendAsync(request, CappedBody.handler(MAX_RESPONSE_BYTES));
            try {
                response = call.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                call.cancel(true);
                lastProblem = "no reply within " + config.requestTimeout().toMillis()
                        + " ms (the deadline covers the whole reply, body included)";
            } catch (InterruptedException e) {
                call.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CappedBody.TooLarge big) {
                    throw new JudgeException(name(pair) + ": " + big.getMessage() + " from " + endpoint + " (not retried)");
                }
                lastProblem = cause instanceof HttpTimeoutException
                        ? "no reply within " + config.requestTimeout().toMillis() + " ms"
                        : "I/O error: " + cause;
            }
            if (response != null) {
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    String content = ChatCompletions.content(mapper, response.body());
                    OptionalDouble label = Answers.label(content);
                    if (label.isPresent()) {
                        if (cache != null) {
                            cache.put(key, pair.item().id(), pair.keyphrase(), label.getAsDouble());
                        }
                        return label.getAsDouble();
                    }
                    lastProblem = content == null
                            ? "no choices[0].message.content in the response: " + Answers.truncate(response.body(), ANSWER_IN_MESSAGE)
                            : "malformed answer '" + Answers.truncate(content, ANSWER_IN_MESSAGE) + "'";
                } else if (status == 429 || status >= 500) {
                    lastProblem = "HTTP " + status + ": " + Answers.truncate(response.body(), ANSWER_IN_MESSAGE);
                    retryAfter = ChatCompletions.retryAfter(response.headers());
                } else {
                    throw new JudgeException(name(pair) + ": HTTP " + status + " from " + endpoint + " (not retried, attempt "
                            + attempt + "): " + Answers.truncate(response.body(), BODY_IN_MESSAGE));
                }
            }
            if (attempt >= config.maxAttempts()) {
                throw new JudgeException("gave up on " + name(pair) + " after " + attempt + " attempt" + (attempt == 1 ? "" : "s")
                        + " at " + endpoint + "; last: " + lastProblem);
            }
            retries.incrementAndGet();
            if (batch.awaitAbort(ChatCompletions.backoff(config.initialBackoff(), attempt, retryAfter, MAX_BACKOFF))) {
                throw new Skipped();
            }
        }
    }

    private HttpRequest request(String prompt) {
        String json = ChatCompletions.requestBody(mapper, config.model(), SYSTEM_PROMPT, prompt, MAX_TOKENS);
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(config.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (config.apiKey() != null && !config.apiKey().isBlank()) {
            b.header("Authorization", "Bearer " + config.apiKey());
        }
        return b.build();
    }

    private static String name(JudgePair pair) {
        return "item '" + pair.item().id() + "', keyphrase '" + pair.keyphrase() + "'";
    }

    /** Requests sent to the server so far, retries included. */
    public long requestsSent() {
        return requestsSent.get();
    }

    /** Pairs answered from the cache file instead of the server. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Attempts repeated after a retryable failure (429, 5xx, timeout, I/O error, malformed answer). */
    public long retries() {
        return retries.get();
    }

    /** Partial last lines skipped when the cache file was loaded (0 or 1; 0 without a cache). */
    public int cacheLinesSkipped() {
        return cache == null ? 0 : cache.skippedLines();
    }

    /** Distinct prompts with a cached label (0 without a cache). */
    public int cachedLabels() {
        return cache == null ? 0 : cache.size();
    }

    public Config config() {
        return config;
    }

    @Override
    public String describe() {
        return "OpenAI-compatible judge " + config.model() + " at " + endpoint;
    }

    /**
     * Cancels the pairs still queued (their {@link #judge} call fails), interrupts those in flight
     * (their requests are aborted), waits a few seconds at most for the workers, and closes the cache
     * file. It returns whatever the server does.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (Runnable queued : workers.shutdownNow()) {
            if (queued instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (cache != null) {
            cache.close();
        }
    }

    /** One call of {@link #judge}: lets the first failure stop the pairs that have not started. */
    private static final class Batch {
        private final CountDownLatch aborted = new CountDownLatch(1);

        void abort() {
            aborted.countDown();
        }

        boolean aborted() {
            return aborted.getCount() == 0;
        }

        /** Waits {@code d} unless the batch is aborted first; true when it was. */
        boolean awaitAbort(Duration d) throws InterruptedException {
            return aborted.await(d.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** A pair not attempted because another pair of its batch failed first. */
    private static final class Skipped extends RuntimeException {
        Skipped() {
            super(null, null, false, false);
        }
    }
}
