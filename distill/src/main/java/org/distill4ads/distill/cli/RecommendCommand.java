package org.distill4ads.distill.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.serve.RecommendationJson;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.Deduplicator;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.ExactIndex;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code distill4ads recommend}: keyphrases for item titles, with every dropped candidate and why.
 * The models come from a model folder, a pipeline run folder or an exported bundle.
 */
@Command(name = "recommend", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"Recommend keyphrases for item titles: retrieve the nearest keyphrases with a bi-encoder, drop duplicates,"
                + " drop those the cross-encoder filter scores below the threshold, keep the best k.",
                "Give the models as --model (with --index or --keyphrases, optionally --filter), as --run (a pipeline run folder)"
                        + " or as --bundle (a folder made by `distill4ads export`)."})
final class RecommendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", description = "bi-encoder model folder; or a pipeline run folder or an export bundle, as --run / --bundle")
    Path model;

    @Option(names = "--index", paramLabel = "FILE", description = "embedding store of the keyphrases (from `distill4ads index`)")
    Path index;

    @Option(names = "--keyphrases", paramLabel = "FILE", description = "keyphrases file (.tsv or .jsonl) to embed now instead of --index")
    Path keyphrases;

    @Option(names = "--filter", paramLabel = "DIR", description = "cross-encoder model folder: the relevance filter")
    Path filter;

    @Option(names = "--threshold", paramLabel = "P",
            description = "the filter's minimum probability (default: the run's or bundle's calibrated threshold, else 0.5)")
    Float threshold;

    @Option(names = {"--run", "--run-dir"}, paramLabel = "DIR",
            description = "a pipeline run folder: its student of --variant, its cross-encoder as the filter (threshold from evaluation/results.json, else 0.5) and the keyphrases of its data")
    Path run;

    @Option(names = "--variant", paramLabel = "NAME", description = "with --run: the student to use (default: pearson)")
    String variant;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "a folder made by `distill4ads export`: student/, cross-encoder/, keyphrases.index, threshold.txt")
    Path bundle;

    @Option(names = "--dim", paramLabel = "D", description = "Matryoshka size to search at (default: the model's full width)")
    Integer dim;

    @Option(names = "--k", paramLabel = "K", description = "keyphrases kept per item (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--candidates", paramLabel = "N", description = "keyphrases retrieved per item before de-duplication and filtering (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--category", paramLabel = "C", description = "category of the items, appended to each title as the models saw it in training")
    String category;

    @Parameters(arity = "0..*", paramLabel = "TITLE", description = "item titles, one argument each (quote titles with spaces); or --input")
    List<String> titles = new ArrayList<>();

    @Option(names = "--input", paramLabel = "FILE|-",
            description = "read the items from FILE (- for standard input), one a line: a title, or a JSON object"
                    + " {\"id\": ..., \"title\": ..., \"category\": ...}; writes one JSON line per item, streaming")
    String input;

    @Option(names = "--out", paramLabel = "FILE",
            description = "with --input: write the JSON lines to FILE (through .FILE.partial, renamed when complete) instead of"
                    + " standard output; a run killed midway resumes where it stopped when run again")
    Path out;

    @Option(names = "--overwrite", description = "with --out: replace an existing FILE (and start over instead of resuming)")
    boolean overwrite;

    @Option(names = "--json", description = "print one JSON object per item (the format of docs/serving.md) instead of text")
    boolean json;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "with --input: items embedded and filtered together (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        boolean bulk = input != null;
        if (bulk == !titles.isEmpty()) {
            throw new ParameterException(spec.commandLine(), bulk ? "give titles as arguments or --input, not both"
                    : "give item titles (TITLE...) as arguments, or --input FILE (- for standard input)");
        }
        Models m = models();
        EmbeddingStore store = null;
        if (m.index != null) {
            CliFiles.requireFile(m.index, "an embedding store (from `distill4ads index`)");
            store = EmbeddingStore.load(m.index);
        }
        BiEncoder student = Keyphrases.loadStudent(m.student);
        if (store == null) {
            store = Keyphrases.embed(student, m.keyphrases);
        } else if (store.dim() != student.dimension()) {
            throw new IllegalArgumentException(m.index + " holds " + store.dim() + "-dimensional embeddings but " + m.student
                    + " embeds " + student.dimension() + "; index the keyphrases with this model (distill4ads index)");
        } else if (store.model() == null) {
            throw new IllegalArgumentException(m.index + " does not record which model embedded it (an older index);"
                    + " index the keyphrases again with " + m.student + " (distill4ads index)");
        } else if (!store.model().equals(student.fingerprint())) {
            throw new IllegalArgumentException(m.index + " was embedded by model " + store.model() + " but " + m.student + " is model "
                    + student.fingerprint() + "; index the keyphrases with this model (distill4ads index)");
        }
        int d = dim != null ? dim : student.dimension();
        int[] sizes = student.matryoshka().dims();
        if (Arrays.stream(sizes).noneMatch(x -> x == d)) {
            throw new ParameterException(spec.commandLine(), "--dim " + d + " is not a Matryoshka size of " + m.student
                    + ", expected one of " + Arrays.toString(sizes));
        }
        if (k < 1 || candidates < k) {
            throw new ParameterException(spec.commandLine(), "need 1 <= --k <= --candidates, got --k " + k + " and --candidates " + candidates);
        }
        CrossEncoder cross = null;
        if (m.filter != null) {
            CliFiles.requireDir(m.filter, "a cross-encoder model folder");
            cross = ModelFiles.loadCrossEncoder(m.filter, WordPieceTokenizer::load);
            cross.eval();
        }
        float p = threshold != null ? threshold : m.threshold;
        if (!(p >= 0 && p <= 1)) {
            throw new ParameterException(spec.commandLine(), "--threshold must be a probability in [0, 1], got " + p);
        }
        if (out != null && !bulk) {
            throw new ParameterException(spec.commandLine(), "--out goes with --input");
        }
        if (overwrite && out == null) {
            throw new ParameterException(spec.commandLine(), "--overwrite goes with --out");
        }
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1, got " + batchSize);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < titles.size(); i++) {
            if (titles.get(i).isBlank()) {
                throw new ParameterException(spec.commandLine(), "title " + (i + 1) + " is blank");
            }
            texts.add(new Item("item-" + (i + 1), titles.get(i), category).text());
        }
        String header = String.format(Locale.ROOT, "%d keyphrases searched at %d dimensions, k %d, %s", store.size(), d, k,
                cross == null ? "no relevance filter" : String.format(Locale.ROOT, "relevance filter threshold %.3f", p));
        try (ExactIndex exact = new ExactIndex(store, 1)) {
            KeyphraseRecommender recommender = new KeyphraseRecommender(student, exact, store, cross == null ? null : PairText.scorer(cross), Deduplicator.standard(),
                    new KeyphraseRecommender.Settings(d, Math.min(candidates, store.size()), Math.min(k, Math.min(candidates, store.size())), p));
            if (bulk) {
                new BulkRecommend(recommender, category, batchSize, System.err).run(input, out, overwrite, m.inputs(), header);
                return 0;
            }
            List<Recommendation> recs = recommender.recommendAll(texts);
            if (json) {
                for (int i = 0; i < recs.size(); i++) {
                    System.out.println(RecommendationJson.line("item-" + (i + 1), recs.get(i)));
                }
                return 0;
            }
            System.out.printf("%s%n%n", header);
            for (Recommendation r : recs) {
                print(System.out, r, cross != null);
            }
        }
        return 0;
    }

    /**
     * One item: its text, the kept keyphrases numbered best first with their similarity (and the
     * filter's probability), then the dropped candidates with the reason.
     */
    static void print(PrintStream out, Recommendation r, boolean filtered) {
        int width = 0;
        for (Recommendation.Scored s : r.kept()) {
            width = Math.max(width, s.keyphrase().length());
        }
        for (Recommendation.Dropped s : r.dropped()) {
            width = Math.max(width, s.keyphrase().length());
        }
        String cell = "%-" + Math.max(1, width) + "s";
        out.println("item: " + r.item());
        out.println("  kept (" + r.kept().size() + "):");
        int rank = 1;
        for (Recommendation.Scored s : r.kept()) {
            out.printf(Locale.ROOT, "  %3d. " + cell + "  similarity %.3f%s%n", rank++, s.keyphrase(), s.similarity(),
                    filtered ? String.format(Locale.ROOT, "  p=%.3f", s.relevance()) : "");
        }
        out.println("  dropped (" + r.dropped().size() + "):");
        for (Recommendation.Dropped s : r.dropped()) {
            String why = s.reason() == Recommendation.Reason.DUPLICATE
                    ? "duplicate of \"" + s.duplicateOf() + "\""
                    : String.format(Locale.ROOT, "filtered, p=%.3f", s.relevance());
            out.printf(Locale.ROOT, "     - " + cell + "  similarity %.3f  %s%n", s.keyphrase(), s.similarity(), why);
        }
        out.println();
    }

    /** Where the models, the keyphrases and the threshold come from. */
    private record Models(Path student, Path index, List<String> keyphrases, Path filter, float threshold, Path source) {
        /** The files and folders the models came from, which an output must not write over. */
        List<Path> inputs() {
            List<Path> in = new ArrayList<>();
            for (Path x : new Path[] {student, index, filter, source}) {
                if (x != null) {
                    in.add(x);
                }
            }
            return in;
        }
    }

    private Models models() throws Exception {
        if (model != null && index == null && keyphrases == null && filter == null && run == null && bundle == null) {
            // `recommend --model DIR "title"`: DIR may be a whole run folder or an export bundle, which bring their own
            if (Files.isRegularFile(model.resolve("config.json")) && Files.isDirectory(model.resolve("students"))) {
                run = model;
                model = null;
            } else if (ServingBundle.isBundle(model)) {
                bundle = model;
                model = null;
            }
        }
        int sources = (model != null ? 1 : 0) + (run != null ? 1 : 0) + (bundle != null ? 1 : 0);
        if (sources != 1) {
            throw new ParameterException(spec.commandLine(), "give exactly one of --model, --run and --bundle");
        }
        if (variant != null && run == null) {
            throw new ParameterException(spec.commandLine(), "--variant goes with --run");
        }
        if (model != null) {
            if ((index == null) == (keyphrases == null)) {
                throw new ParameterException(spec.commandLine(), "with --model give exactly one of --index and --keyphrases");
            }
            if (threshold != null && filter == null) {
                throw new ParameterException(spec.commandLine(), "--threshold needs --filter");
            }
            return new Models(model, index, keyphrases == null ? null : Keyphrases.read(keyphrases), filter, RunFiles.DEFAULT_THRESHOLD,
                    keyphrases);
        }
        if (index != null || keyphrases != null || filter != null) {
            throw new ParameterException(spec.commandLine(), "--index, --keyphrases and --filter go with --model; "
                    + (run != null ? "--run" : "--bundle") + " brings its own");
        }
        if (run != null) {
            RunLayout layout = RunFiles.layout(run);
            Variant v;
            try {
                v = Variant.of(variant == null ? "pearson" : variant);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--variant: " + e.getMessage());
            }
            CliFiles.requireDir(layout.student(v), "the trained " + v.id() + " student of the run");
            CliFiles.requireDir(layout.data(), "the run's data folder");
            return new Models(layout.student(v), null, Keyphrases.distinct(MarketplaceFiles.read(layout.data()).keyphrases()),
                    layout.assistant(), RunFiles.threshold(layout), run);
        }
        CliFiles.requireDir(bundle, "a bundle folder made by `distill4ads export`");
        float t = ServingBundle.readThreshold(CliFiles.requireFile(bundle.resolve(ServingBundle.THRESHOLD), "the bundle's threshold"));
        return new Models(bundle.resolve(ServingBundle.STUDENT), bundle.resolve(ServingBundle.INDEX), null,
                bundle.resolve(ServingBundle.CROSS_ENCODER), t, bundle);
    }
}
