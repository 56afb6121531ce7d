package org.distill4ads.distill.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.distill4ads.distill.judge.OpenAiJudge;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that select an LLM judge behind an OpenAI-compatible server (docs/judges.md). */
final class LlmJudgeOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--judge-url", paramLabel = "URL",
            description = "an OpenAI-compatible chat-completions server, e.g. http://localhost:8000 (vLLM); without it the simulated judge answers from the data's truth")
    URI url;

    @Option(names = "--judge-model", paramLabel = "NAME", description = "the model name the server knows (needed with --judge-url)")
    String model;

    @Option(names = "--judge-api-key-env", paramLabel = "VAR", description = "environment variable holding the API key, sent as a bearer token")
    String apiKeyEnv;

    @Option(names = "--judge-cache", paramLabel = "FILE",
            description = "JSON-lines label cache: answers are appended as they arrive and reused, so a rerun never asks twice")
    Path cache;

    @Option(names = "--judge-concurrency", paramLabel = "N", defaultValue = "8", description = "requests in flight at most (default: ${DEFAULT-VALUE})")
    int concurrency;

    boolean given() {
        return url != null;
    }

    /** The LLM judge the options name; call only when {@link #given()}. */
    OpenAiJudge open() throws IOException {
        if (model == null || model.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--judge-url needs --judge-model NAME too");
        }
        if (concurrency < 1) {
            throw new ParameterException(spec.commandLine(), "--judge-concurrency must be at least 1, got " + concurrency);
        }
        OpenAiJudge.Config config = OpenAiJudge.Config.defaults(url, model).withMaxConcurrency(concurrency).withCacheFile(cache);
        if (apiKeyEnv != null) {
            String key = System.getenv(apiKeyEnv);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException("--judge-api-key-env names " + apiKeyEnv + ", but that environment variable is not set");
            }
            config = config.withApiKey(key);
        }
        return new OpenAiJudge(config);
    }
}
