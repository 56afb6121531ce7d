package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.distill.serve.http.RecommendServer;
import org.distill4ads.distill.serve.http.ServerSettings;
import org.distill4ads.retrieval.KeyphraseRecommender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill4ads serve}: an exported bundle behind a JSON HTTP endpoint until the process is
 * stopped (Ctrl-C or SIGTERM stop it gracefully). docs/serving.md has the contract.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"Serve keyphrase recommendations of a bundle made by `distill4ads export` over HTTP, as JSON:"
                + " POST /recommend (one title or a batch), GET /health, GET /ready, GET /model (docs/serving.md).",
                "Concurrent requests are batched into one encoder call. Ctrl-C or SIGTERM stops it gracefully:"
                        + " requests in flight finish, new ones are refused."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--model", "--bundle"}, required = true, paramLabel = "DIR", description = "a bundle folder made by `distill4ads export`")
    Path model;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = ServerSettings.DEFAULT_HOST,
            description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface)")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--k", paramLabel = "K", description = "keyphrases kept per item (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--candidates", paramLabel = "N", description = "keyphrases retrieved per item before de-duplication and filtering (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--dim", paramLabel = "D", description = "Matryoshka size to search at (default: the student's full width)")
    Integer dim;

    @Option(names = "--threshold", paramLabel = "P", description = "the filter's minimum probability (default: the bundle's)")
    Float threshold;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_THREADS,
            description = "HTTP worker threads: requests handled at once (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_MAX_BATCH,
            description = "most items in one encoder call when concurrent requests are batched; 0 turns batching off (default: ${DEFAULT-VALUE})")
    int maxBatch;

    @Option(names = "--max-items", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_MAX_ITEMS,
            description = "most titles in one request (default: ${DEFAULT-VALUE})")
    int maxItems;

    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_MAX_BODY_BYTES,
            description = "largest request body (default: ${DEFAULT-VALUE})")
    int maxBodyBytes;

    @Option(names = "--max-title-chars", paramLabel = "N", defaultValue = "" + ServerSettings.DEFAULT_MAX_TITLE_CHARS,
            description = "longest title with its category (default: ${DEFAULT-VALUE})")
    int maxTitleChars;

    @Option(names = "--stop-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long a stop waits for requests in flight (default: ${DEFAULT-VALUE})")
    int stopTimeout;

    @Override
    public Integer call() throws Exception {
        ServerSettings settings;
        try {
            settings = new ServerSettings(host, port, maxBodyBytes, maxItems, maxTitleChars, threads, maxBatch,
                    Duration.ofSeconds(stopTimeout));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (k < 1 || candidates < k) {
            throw new ParameterException(spec.commandLine(), "need 1 <= --k <= --candidates, got --k " + k + " and --candidates " + candidates);
        }
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be a probability in [0, 1], got " + threshold);
        }
        CliFiles.requireDir(model, "a bundle folder made by `distill4ads export`");
        CountDownLatch stopped = new CountDownLatch(1);
        try (ServingBundle bundle = ServingBundle.load(model)) {
            KeyphraseRecommender.Settings s = bundle.settings(k, candidates);
            int d = dim != null ? dim : s.dim();
            if (!bundle.student().matryoshka().supports(d)) {
                throw new ParameterException(spec.commandLine(), "--dim " + d + " is not a Matryoshka size of " + model
                        + ", expected one of " + Arrays.toString(bundle.student().matryoshka().dims()));
            }
            s = new KeyphraseRecommender.Settings(d, s.candidates(), s.k(), threshold != null ? threshold : s.threshold());
            RecommendServer server = RecommendServer.start(bundle, s, settings);
            Thread hook = new Thread(() -> {
                System.err.println("distill4ads serve: stopping (requests in flight finish)");
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("distill4ads serve: " + e);
                }
                try {
                    stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);   // let the main thread close the bundle first
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "d4a-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.printf(Locale.ROOT, "serving %s (student %s, %d keyphrases at %d dimensions, k %d of %d, threshold %.3f) on %s%n",
                    model, bundle.identity().student().hash(), bundle.keyphrases().size(), s.dim(), s.k(), s.candidates(),
                    s.threshold(), server.uri());
            System.out.flush();
            server.join();
        } finally {
            stopped.countDown();
        }
        return 0;
    }
}
