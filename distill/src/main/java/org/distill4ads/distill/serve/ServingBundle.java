package org.distill4ads.distill.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.nn.io.AtomicFiles;
import org.distill4ads.retrieval.Deduplicator;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.Index;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.transformer.ModelFingerprint;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * An exported serving bundle ({@code distill4ads export}): the student, the cross-encoder that
 * filters, the keyphrase index and the filter's calibrated threshold, loaded in one call and ready
 * to recommend.
 *
 * <pre>
 * bundle/
 *   student/            the bi-encoder (model folder)
 *   cross-encoder/      the relevance filter (model folder)
 *   keyphrases.index    every keyphrase embedded by the student at its full width
 *   threshold.txt       the filter's threshold, a probability
 * </pre>
 *
 * The models come back in evaluation mode. {@link #load} refuses an index that was not embedded by
 * the bundle's student (its {@link ModelFingerprint} differs, or it records none).
 *
 * <p>Thread safety: safe to share. {@link #recommender} may be called from any thread and the
 * recommenders it returns are safe to share ({@link KeyphraseRecommender}: calls into each model
 * are serialized on that model); {@link #close()} releases the index's threads, after which the
 * recommenders must not be used. A service loads one bundle per process (or per Spark executor)
 * and shares it; {@link BatchingRecommender} adds micro-batching of concurrent callers.
 */
public final class ServingBundle implements AutoCloseable {
    public static final String STUDENT = "student";
    public static final String CROSS_ENCODER = "cross-encoder";
    public static final String INDEX = "keyphrases.index";
    public static final String THRESHOLD = "threshold.txt";

    private final Path dir;
    private final BiEncoder student;
    private final CrossEncoder filter;
    private final EmbeddingStore keyphrases;
    private final float threshold;
    private final BundleIdentity identity;
    private ExactIndex index;

    private ServingBundle(Path dir, BiEncoder student, CrossEncoder filter, EmbeddingStore keyphrases, float threshold) {
        this.dir = dir;
        this.student = student;
        this.filter = filter;
        this.keyphrases = keyphrases;
        this.threshold = threshold;
        this.identity = new BundleIdentity(dir.toAbsolutePath().normalize().toString(), keyphrases.model(),
                ModelFingerprint.of(filter.stateDict(), filter.tokenizer(), "cross-encoder pooling=" + filter.pooling()
                        + " maxLength=" + filter.maxLength()),
                student.dimension(), student.matryoshka().dims(), keyphrases.size(), threshold);
    }

    /** True when {@code dir} looks like a bundle (it has the keyphrase index). */
    public static boolean isBundle(Path dir) {
        return Files.isRegularFile(dir.resolve(INDEX));
    }

    /** Loads the bundle in {@code dir}; a missing part or a bad threshold is an error naming the file. */
    public static ServingBundle load(Path dir) throws IOException {
        requireDir(dir, "a bundle folder made by `distill4ads export`");
        BiEncoder student = ModelFiles.loadBiEncoder(requireDir(dir.resolve(STUDENT), "the bundle's student"), WordPieceTokenizer::load);
        student.eval();
        CrossEncoder filter = ModelFiles.loadCrossEncoder(requireDir(dir.resolve(CROSS_ENCODER), "the bundle's cross-encoder"),
                WordPieceTokenizer::load);
        filter.eval();
        EmbeddingStore store = EmbeddingStore.load(requireFile(dir.resolve(INDEX), "the bundle's keyphrase index"));
        if (store.dim() != student.dimension()) {
            throw new IllegalArgumentException(dir.resolve(INDEX) + " holds " + store.dim() + "-dimensional embeddings but the"
                    + " bundle's student embeds " + student.dimension());
        }
        ModelFingerprint model = student.fingerprint();
        if (store.model() == null) {
            throw new IllegalArgumentException(dir.resolve(INDEX) + " does not record which model embedded it (an older index);"
                    + " export the bundle again (distill4ads export)");
        }
        if (!store.model().equals(model)) {
            throw new IllegalArgumentException(dir.resolve(INDEX) + " was embedded by model " + store.model() + " but "
                    + dir.resolve(STUDENT) + " is model " + model + "; export the bundle again (distill4ads export)");
        }
        return new ServingBundle(dir, student, filter, store, readThreshold(requireFile(dir.resolve(THRESHOLD), "the bundle's threshold")));
    }

    /**
     * Writes a bundle into {@code out} (replacing an old one only once the new one is complete):
     * copies of the two model folders, the keyphrase index and the threshold.
     */
    public static void write(Path out, Path studentDir, Path crossEncoderDir, EmbeddingStore keyphrases, float threshold)
            throws IOException {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the filter threshold must be a probability in [0, 1], got " + threshold);
        }
        Path tmp = AtomicFiles.tempDirBeside(out);
        try {
            AtomicFiles.copyTree(studentDir, tmp.resolve(STUDENT));
            AtomicFiles.copyTree(crossEncoderDir, tmp.resolve(CROSS_ENCODER));
            keyphrases.save(tmp.resolve(INDEX));
            AtomicFiles.writeString(tmp.resolve(THRESHOLD), String.format(Locale.ROOT, "%s%n", threshold));
            AtomicFiles.replaceDir(tmp, out);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }

    /** The threshold file: one probability; otherwise an error naming the file and line 1. */
    public static float readThreshold(Path file) throws IOException {
        String text = Files.readString(file).strip();
        float t;
        try {
            t = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ":1: got \"" + text + "\", expected a probability in [0, 1]");
        }
        if (!(t >= 0 && t <= 1)) {
            throw new IllegalArgumentException(file + ":1: got " + t + ", expected a probability in [0, 1]");
        }
        return t;
    }

    /**
     * A recommender over the bundle's keyphrases at the student's full width: {@code candidates}
     * retrieved per item, duplicates dropped, the filter at the bundle's threshold, the best {@code k} kept.
     */
    public KeyphraseRecommender recommender(int k, int candidates) {
        return recommender(settings(k, candidates));
    }

    /**
     * The settings of {@link #recommender(int, int)}: the student's full width, the bundle's
     * threshold, {@code candidates} and {@code k} capped at the number of keyphrases.
     */
    public KeyphraseRecommender.Settings settings(int k, int candidates) {
        return new KeyphraseRecommender.Settings(student.dimension(), Math.min(candidates, keyphrases.size()),
                Math.min(k, Math.min(candidates, keyphrases.size())), threshold);
    }

    /** A recommender with explicit settings (e.g. a smaller Matryoshka size of the student). */
    public synchronized KeyphraseRecommender recommender(KeyphraseRecommender.Settings settings) {
        if (!student.matryoshka().supports(settings.dim())) {
            throw new IllegalArgumentException("dim " + settings.dim() + " is not a Matryoshka size of " + dir.resolve(STUDENT)
                    + ", expected one of " + java.util.Arrays.toString(student.matryoshka().dims()));
        }
        if (index == null) {
            index = new ExactIndex(keyphrases, 1);
        }
        return recommender(student, filter, index, keyphrases, settings);
    }

    /**
     * The recommender a bundle's parts make, wherever they were loaded (here, or on a Spark executor
     * from a broadcast index): the filter scores pairs in the assistant's format ({@link PairText}),
     * duplicates are dropped by {@link Deduplicator#standard()}. Every bundle-backed recommender is built here.
     */
    public static KeyphraseRecommender recommender(BiEncoder student, CrossEncoder filter, Index index, EmbeddingStore keyphrases,
                                                   KeyphraseRecommender.Settings settings) {
        return new KeyphraseRecommender(student, index, keyphrases, PairText.scorer(filter), Deduplicator.standard(), settings);
    }

    public BiEncoder student() {
        return student;
    }

    public CrossEncoder filter() {
        return filter;
    }

    public EmbeddingStore keyphrases() {
        return keyphrases;
    }

    public float threshold() {
        return threshold;
    }

    /** Which models and keyphrases this bundle serves: what {@code GET /model} of {@code serve} answers. */
    public BundleIdentity identity() {
        return identity;
    }

    @Override
    public synchronized void close() {
        if (index != null) {
            index.close();
            index = null;
        }
    }

    private static Path requireDir(Path dir, String what) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " is a file, expected " + what);
        }
        throw new NoSuchFileException(dir.toString(), null, "expected " + what);
    }

    private static Path requireFile(Path file, String what) throws IOException {
        if (Files.isRegularFile(file)) {
            return file;
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, expected " + what);
        }
        throw new NoSuchFileException(file.toString(), null, "expected " + what);
    }
}
