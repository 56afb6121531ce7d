package org.distill4ads.distill.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * What an executor JVM keeps between tasks: the models, loaded once per JVM and task slot (not per
 * row, not per partition), and the keyphrase index, loaded once per JVM from its broadcast.
 *
 * <p>Models are not thread-safe, and an executor runs {@code spark.executor.cores} tasks at once: a
 * task borrows a loaded copy from a per-JVM pool keyed by the model folders and gives it back when
 * it ends (success or failure), so a JVM holds at most as many copies as tasks it ran at once. The
 * index is shared: {@link ExactIndex} with one thread searches on the caller's thread, safe for many.
 */
public final class ExecutorModels {
    /** A student and/or a filter loaded from their folders, with the recommenders built on them. */
    public static final class Loaded {
        final BiEncoder student;      // null for a filter-only key
        final CrossEncoder filter;
        private final Map<String, KeyphraseRecommender> recommenders = new ConcurrentHashMap<>();

        Loaded(BiEncoder student, CrossEncoder filter) {
            this.student = student;
            this.filter = filter;
        }

        /**
         * A recommender over the broadcast index with these settings, built by the factory a loaded bundle
         * uses (the static {@code ServingBundle.recommender}: the same pair text, filter and de-duplication);
         * once per copy.
         */
        KeyphraseRecommender recommender(Broadcast<KeyphraseIndexData> index, KeyphraseRecommender.Settings settings) {
            return recommenders.computeIfAbsent(index.id() + " " + settings, k -> ServingBundle.recommender(student, filter,
                    index(index).index, index(index).store, settings));
        }
    }

    private record SharedIndex(EmbeddingStore store, ExactIndex index) {}

    private static final Map<String, Deque<Loaded>> FREE = new ConcurrentHashMap<>();
    private static final Map<Long, SharedIndex> INDEXES = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /**
     * A loaded copy of the models in {@code studentDir} (null: none) and {@code filterDir} for the
     * running task, given back to the pool when the task completes.
     */
    static Loaded borrow(Path studentDir, Path filterDir) {
        Nd4jExecutorSettings.apply();
        String key = studentDir + "|" + filterDir;
        Deque<Loaded> free = FREE.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>());
        Loaded m = free.poll();
        if (m == null) {
            m = load(studentDir, filterDir);
        }
        Loaded borrowed = m;
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> free.push(borrowed));
        } else {
            free.push(borrowed);   // outside a task (a direct call): nothing else can hold it
        }
        return borrowed;
    }

    private static Loaded load(Path studentDir, Path filterDir) {
        try {
            BiEncoder student = null;
            if (studentDir != null) {
                student = ModelFiles.loadBiEncoder(studentDir, WordPieceTokenizer::load);
                student.eval();
            }
            CrossEncoder filter = ModelFiles.loadCrossEncoder(filterDir, WordPieceTokenizer::load);
            filter.eval();
            LOADS.incrementAndGet();
            return new Loaded(student, filter);
        } catch (IOException e) {
            throw new UncheckedIOException("could not load the models from " + studentDir + " and " + filterDir, e);
        }
    }

    private static SharedIndex index(Broadcast<KeyphraseIndexData> b) {
        return INDEXES.computeIfAbsent(b.id(), (Function<Long, SharedIndex>) id -> {
            EmbeddingStore store = b.value().load();
            return new SharedIndex(store, new ExactIndex(store, 1));
        });
    }

    /** How many times this JVM loaded a set of models (tests check it stays at the number of task slots). */
    public static int loads() {
        return LOADS.get();
    }
}
