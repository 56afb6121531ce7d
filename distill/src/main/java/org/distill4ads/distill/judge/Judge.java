package org.distill4ads.distill.judge;

import java.io.IOException;
import java.util.List;
import org.distill4ads.distill.data.Judgment;

/**
 * The teacher: labels (item, keyphrase) pairs as relevant (1) or irrelevant (0). Implementations:
 * the simulator's noisy oracle, labels read from a file, and an OpenAI-compatible LLM client.
 */
public interface Judge extends AutoCloseable {
    /** One judgment per pair, in the order of {@code pairs}. */
    List<Judgment> judge(List<JudgePair> pairs) throws IOException;

    /**
     * As {@link #judge(List)}, telling {@code progress} how many pairs are labelled so far; a judge
     * that answers at once reports only the end. Callers give all their pairs in one call, so a
     * concurrent judge keeps every worker busy (no batch waits for its slowest pair).
     */
    default List<Judgment> judge(List<JudgePair> pairs, java.util.function.IntConsumer progress) throws IOException {
        List<Judgment> out = judge(pairs);
        progress.accept(out.size());
        return out;
    }

    /** A short description for logs and reports, e.g. {@code "simulated (fp 0.05, fn 0.10)"}. */
    String describe();

    @Override
    default void close() throws IOException {
    }
}
