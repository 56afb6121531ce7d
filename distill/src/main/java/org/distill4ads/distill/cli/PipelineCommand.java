package org.distill4ads.distill.cli;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.RelevanceLayout;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.LabelFileJudge;
import org.distill4ads.distill.judge.OpenAiJudge;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RelevanceDefaults;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.report.MultiSeed;
import org.distill4ads.distill.report.ReportStage;
import org.distill4ads.distill.report.SeedSummary;
import org.distill4ads.distill.sim.MarketplaceConfig;
import org.distill4ads.distill.train.ProgressMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main job: the whole LLMDistill4Ads pipeline, by default on the built-in simulated
 * marketplace, ending in a report. Stages already complete in the run folder are skipped.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole system: data, judge labels, cross-encoder, teacher scores, students, evaluation, report.",
                "With no flags: the default simulated marketplace into runs/default (a few minutes on 2 cores).",
                "A rerun in the same --run-dir skips the stages already complete."})
final class PipelineCommand implements Callable<Integer> {
    @Option(names = "--run-dir", description = "run folder (default: runs/default, or runs/quick with --quick)")
    Path runDir;

    @Option(names = "--quick", description = "a one-minute run: small marketplace, tiny models, two students")
    boolean quick;

    @Option(names = "--seed", description = "seed of the data, the split, the models and their training (default: 42)")
    Long seed;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED",
            description = "run the whole system once per seed, e.g. 42,7,1234, each in <run-dir>/seed-<seed>/"
                    + " (default run folder: runs/seeds, or runs/quick-seeds with --quick), then write <run-dir>/summary.md:"
                    + " mean ± standard deviation across seeds and whether Pearson beats clicks only on every seed")
    List<Long> seeds;

    @Option(names = "--items", description = "simulated catalog size")
    Integer items;

    @Option(names = "--keyphrases", description = "simulated number of queries")
    Integer keyphrases;

    @Option(names = "--data", description = "your marketplace folder (items, keyphrases, clicks, relevance[, truth]; see docs/formats.md)")
    Path data;

    @Option(names = "--wands", description = "a WANDS folder (product.csv, query.csv, label.csv); clicks and SR are simulated")
    Path wands;

    @Option(names = "--wands-max-products", defaultValue = "0", description = "take at most this many WANDS products (0: all)")
    int wandsMaxProducts;

    @Option(names = "--relevance", paramLabel = "FILE",
            description = "a graded query-product relevance file (CSV/TSV with a header, plain or zip); see --preset and docs/formats.md")
    Path relevance;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "layout of --relevance: crowdflower, homedepot, wands or esci (default: crowdflower)")
    String preset;

    @Option(names = "--encoding", paramLabel = "CHARSET", description = "text encoding of --relevance (default: the preset's)")
    String encoding;

    @Option(names = "--column", paramLabel = "ROLE=HEADER",
            description = "a --relevance column other than the preset's: query, id, title, description, category or grade (an empty"
                    + " HEADER drops an optional one)")
    java.util.Map<String, String> columns;

    @Option(names = "--description-words", paramLabel = "N", defaultValue = "0",
            description = "append the first N words of the --relevance description to each title (default: ${DEFAULT-VALUE})")
    int descriptionWords;

    @Option(names = "--search-volume", paramLabel = "N", defaultValue = "100",
            description = "simulated search volume of each --relevance query (the files have none; default: ${DEFAULT-VALUE})")
    long searchVolume;

    @Option(names = "--labels", description = "judge with labels from this judgments file instead of the simulated judge")
    Path labels;

    @Option(names = "--judge-url", description = "judge with an OpenAI-compatible server at this base URL (vLLM, llama.cpp, Ollama)")
    URI judgeUrl;

    @Option(names = "--judge-model", description = "model name for --judge-url")
    String judgeModel;

    @Option(names = "--judge-api-key-env", description = "environment variable holding the API key for --judge-url")
    String judgeKeyEnv;

    @Option(names = "--judge-cache", description = "label cache file for --judge-url (default: <run-dir>/labels/judge-cache.jsonl)")
    Path judgeCache;

    @Option(names = "--init-assistant", paramLabel = "DIR",
            description = "start the cross-encoder from this model folder (e.g. pretrained weights) instead of fresh weights")
    Path initAssistant;

    @Option(names = "--init-student", paramLabel = "DIR",
            description = "start every student from this bi-encoder folder instead of fresh weights")
    Path initStudent;

    @Option(names = "--variants", split = ",", description = "students to train, comma-separated: the variants of train-bi-encoder (default: all; --quick: clicks,pearson)")
    List<String> variants;

    @Option(names = "--student-steps", description = "training steps of each student")
    Integer studentSteps;

    @Option(names = "--assistant-steps", description = "training steps of the cross-encoder")
    Integer assistantSteps;

    @Option(names = "--distill-candidates", paramLabel = "N",
            description = "distillation pairs per training item the cross-encoder scores: best BM25 matches (default: 12; 4 with --relevance)")
    Integer distillCandidates;

    @Option(names = "--distill-random", paramLabel = "N",
            description = "distillation pairs per training item: random keyphrases (default: 4; 2 with --relevance)")
    Integer distillRandom;

    @Option(names = "--eval-every", paramLabel = "N",
            description = "evaluate every training on a validation share of the training items every N steps (assistant: AUC;"
                    + " students: recall@k and NDCG@k); off by default")
    Integer evalEvery;

    @Option(names = "--validation-share", paramLabel = "SHARE", defaultValue = "0.1",
            description = "share of the training items held out for --eval-every, in (0, 0.5] (default: ${DEFAULT-VALUE})")
    double validationShare;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE", defaultValue = "0",
            description = "with --eval-every: stop a training after PATIENCE evaluations without improvement and keep its best"
                    + " weights (0: never; default: ${DEFAULT-VALUE})")
    int earlyStopping;

    @Option(names = "--progress", defaultValue = "auto", description = "training progress: auto, bar, log, none (default: ${DEFAULT-VALUE})")
    String progress;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        PipelineConfig config = config();
        if (seeds != null) {
            return seeds(config);
        }
        Path dir = runDir != null ? runDir : Path.of("runs", quick ? "quick" : "default");
        outputs.folder(dir, RunLayout.NAMES, data, wands, relevance, labels, initAssistant, initStudent);
        RunLayout layout = new RunLayout(dir);
        MarketplaceSource source = source(config);
        ProgressMode mode = progressMode();
        PrintStream text = json.text();
        text.println("distill4ads pipeline: " + source.describe() + " -> " + dir);
        long t0 = System.nanoTime();
        try (Judge judge = judge(layout)) {
            requireModelFolders();
            Pipeline pipeline = new Pipeline(config, layout, source, judge, mode, text)
                    .withInitialModels(initAssistant, initStudent)
                    .then(new ReportStage());
            EvaluationResults results = pipeline.run();
            printTable(text, results, config);
            text.printf(Locale.ROOT, "report: %s (plots in %s), %.0f s%n", layout.report(), layout.plots(),
                    (System.nanoTime() - t0) / 1e9);
            json.result("pipeline").put("run", dir).put("report", layout.report()).put("plots", layout.plots())
                    .put("results", results).print();
        }
        return 0;
    }

    /** {@code --seeds}: one whole run per seed, then the summary across them. */
    private int seeds(PipelineConfig config) throws Exception {
        if (seed != null) {
            throw new IllegalArgumentException("give --seed or --seeds, not both");
        }
        Path dir = runDir != null ? runDir : Path.of("runs", quick ? "quick-seeds" : "seeds");
        java.util.Set<String> own = new java.util.HashSet<>(java.util.Set.of("summary.md", "summary.json", "labels"));
        seeds.forEach(s -> own.add(MultiSeed.runDir(dir, s).getFileName().toString()));
        outputs.folder(dir, own, data, wands, labels, initAssistant, initStudent);
        for (long s : seeds) {
            outputs.folder(MultiSeed.runDir(dir, s), RunLayout.NAMES, data, wands, labels, initAssistant, initStudent);
        }
        requireModelFolders();
        PrintStream text = json.text();
        long t0 = System.nanoTime();
        try (Judge judge = judge(new RunLayout(dir))) {
            SeedSummary summary = MultiSeed.run(config, seeds, dir, this::source, judge, progressMode(), text,
                    p -> p.withInitialModels(initAssistant, initStudent));
            text.println();
            text.println(summary.verdict());
            text.printf(Locale.ROOT, "summary: %s (each seed's report in %s), %.0f s%n", dir.resolve("summary.md"),
                    dir.resolve("seed-<seed>").resolve("report.md"), (System.nanoTime() - t0) / 1e9);
            json.result("pipeline").put("runs", dir).put("summary", dir.resolve("summary.md")).put("verdict", summary.verdict()).print();
        }
        return 0;
    }

    private void requireModelFolders() throws java.nio.file.NoSuchFileException {
        for (Path p : new Path[] {initAssistant, initStudent}) {
            if (p != null && !java.nio.file.Files.isDirectory(p)) {
                throw new java.nio.file.NoSuchFileException(p.toString(), null, "a model folder");
            }
        }
    }

    private PipelineConfig config() {
        if ((data != null ? 1 : 0) + (wands != null ? 1 : 0) + (relevance != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give one of --data, --wands and --relevance");
        }
        if (relevance == null && (preset != null || encoding != null || columns != null || descriptionWords != 0)) {
            throw new IllegalArgumentException("--preset, --encoding, --column and --description-words describe a --relevance file;"
                    + " give --relevance");
        }
        if (labels != null && judgeUrl != null) {
            throw new IllegalArgumentException("give --labels or --judge-url, not both");
        }
        if (judgeUrl != null && (judgeModel == null || judgeModel.isBlank())) {
            throw new IllegalArgumentException("--judge-url needs --judge-model (the model name the server serves)");
        }
        PipelineConfig c = quick ? PipelineConfig.quick() : PipelineConfig.defaults();
        if (seed != null) {
            c = c.withSeed(seed);
        }
        if (items != null || keyphrases != null) {
            MarketplaceConfig m = c.marketplace();
            c = c.withMarketplace(m.withSize(items != null ? items : m.items(), keyphrases != null ? keyphrases : m.keyphrases()));
        }
        if (variants != null) {
            List<Variant> vs = new ArrayList<>();
            for (String v : variants) {
                vs.add(Variant.of(v.strip()));
            }
            c = c.withVariants(vs);
        }
        if (studentSteps != null) {
            c = c.withStudent(c.student().withSteps(studentSteps));
        }
        if (assistantSteps != null) {
            c = c.withAssistant(c.assistant().withSteps(assistantSteps));
        }
        if (relevance != null) {
            c = RelevanceDefaults.apply(c);
        }
        if (distillCandidates != null || distillRandom != null) {
            c = withDistillPairs(c, distillCandidates, distillRandom);
        }
        if (evalEvery != null) {
            c = c.withValidation(new PipelineConfig.Validation(evalEvery, validationShare, earlyStopping));
        } else if (earlyStopping != 0) {
            throw new IllegalArgumentException("--early-stopping needs --eval-every (the evaluations it watches)");
        }
        return c;
    }

    /** {@code --distill-candidates} and {@code --distill-random} (null: keep the configuration's). */
    static PipelineConfig withDistillPairs(PipelineConfig c, Integer fromBm25, Integer random) {
        PipelineConfig.Sampling s = c.sampling();
        int b = fromBm25 != null ? fromBm25 : s.distillCandidates();
        int r = random != null ? random : s.distillRandom();
        if (b < 0 || r < 0 || b + r == 0) {
            throw new IllegalArgumentException("--distill-candidates and --distill-random must be >= 0 and not both 0, got "
                    + b + " and " + r);
        }
        return c.withSampling(new PipelineConfig.Sampling(s.labelCandidates(), s.labelRandom(), b, r));
    }

    private MarketplaceSource source(PipelineConfig config) {
        if (data != null) {
            return MarketplaceSource.folder(data);
        }
        if (wands != null) {
            return MarketplaceSource.wands(wands, wandsMaxProducts, config.marketplace());
        }
        if (relevance != null) {
            return MarketplaceSource.relevance(relevance, layout(), searchVolume, config.marketplace());
        }
        return MarketplaceSource.simulated(config.marketplace());
    }

    private RelevanceLayout layout() {
        RelevanceLayout layout = RelevanceLayout.preset(preset != null ? preset : "crowdflower");
        if (encoding != null) {
            try {
                layout = layout.withEncoding(java.nio.charset.Charset.forName(encoding));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--encoding: unknown character set '" + encoding + "' (e.g. UTF-8, ISO-8859-1)");
            }
        }
        if (columns != null) {
            for (java.util.Map.Entry<String, String> c : columns.entrySet()) {
                layout = layout.withColumn(c.getKey(), c.getValue());
            }
        }
        if (searchVolume < 0) {
            throw new IllegalArgumentException("--search-volume must be >= 0, got " + searchVolume);
        }
        return layout.withDescriptionWords(descriptionWords);
    }

    private Judge judge(RunLayout layout) throws java.io.IOException {
        if (labels != null) {
            return new LabelFileJudge(DataFiles.readJudgments(labels), labels.getFileName().toString());
        }
        if (judgeUrl != null) {
            OpenAiJudge.Config c = OpenAiJudge.Config.defaults(judgeUrl, judgeModel)
                    .withCacheFile(judgeCache != null ? judgeCache : layout.root().resolve("labels").resolve("judge-cache.jsonl"))
                    .withRequestTimeout(Duration.ofSeconds(120));
            if (judgeKeyEnv != null) {
                String key = System.getenv(judgeKeyEnv);
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("environment variable " + judgeKeyEnv + " (--judge-api-key-env) is not set");
                }
                c = c.withApiKey(key);
            }
            return new OpenAiJudge(c);
        }
        return null;
    }

    private ProgressMode progressMode() {
        try {
            return ProgressMode.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--progress must be auto, bar, log or none, got '" + progress + "'");
        }
    }

    static void printTable(PrintStream out, EvaluationResults r, PipelineConfig config) {
        out.println();
        EvaluateCommand.table(out, r, config.evaluation().k(), config.seed());
    }
}
