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
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.LabelFileJudge;
import org.distill4ads.distill.judge.OpenAiJudge;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.report.ReportStage;
import org.distill4ads.distill.report.ResultsTables;
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

    @Option(names = "--progress", defaultValue = "auto", description = "training progress: auto, bar, log, none (default: ${DEFAULT-VALUE})")
    String progress;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        PipelineConfig config = config();
        Path dir = runDir != null ? runDir : Path.of("runs", quick ? "quick" : "default");
        outputs.folder(dir, RunLayout.NAMES, data, wands, labels, initAssistant, initStudent);
        RunLayout layout = new RunLayout(dir);
        MarketplaceSource source = source(config);
        ProgressMode mode = progressMode();
        PrintStream text = json.text();
        text.println("distill4ads pipeline: " + source.describe() + " -> " + dir);
        long t0 = System.nanoTime();
        try (Judge judge = judge(layout)) {
            for (Path p : new Path[] {initAssistant, initStudent}) {
                if (p != null && !java.nio.file.Files.isDirectory(p)) {
                    throw new java.nio.file.NoSuchFileException(p.toString(), null, "a model folder");
                }
            }
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

    private PipelineConfig config() {
        if (data != null && wands != null) {
            throw new IllegalArgumentException("give --data or --wands, not both");
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
        return c;
    }

    private MarketplaceSource source(PipelineConfig config) {
        if (data != null) {
            return MarketplaceSource.folder(data);
        }
        if (wands != null) {
            return MarketplaceSource.wands(wands, wandsMaxProducts, config.marketplace());
        }
        return MarketplaceSource.simulated(config.marketplace());
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
        out.print(ResultsTables.console(r.systems(), config.evaluation().k()).text());
    }
}
