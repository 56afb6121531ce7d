package org.distill4ads.distill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.nn.io.AtomicFiles;

/**
 * The LLMDistill4Ads system end to end: it orders the {@linkplain Stage stages} — one per arrow of
 * the paper — and resumes a run. Each stage writes its artifacts to the {@linkplain RunLayout run
 * folder}:
 *
 * <ol>
 *   <li>{@link DataStage}: load or simulate the marketplace, hold out a share of the items;</li>
 *   <li>{@link LabelStage}: the judge labels candidate pairs of the training items;
 *       {@link TokenizerStage}: a WordPiece vocabulary is learned from the data;
 *       {@link AssistantStage}: the cross-encoder learns the labels (binary cross-entropy);</li>
 *   <li>{@link TeacherScoresStage}: the assistant scores the distillation pairs;</li>
 *   <li>{@link StudentStage}: one bi-encoder per {@link Variant}, multi-task, Matryoshka;</li>
 *   <li>{@link EvaluationStage}: the evaluation protocol on the held-out items;</li>
 *   <li>{@link RankingStage}, on a human-judged set only: the held-out queries' judged products
 *       ranked by each system, NDCG against the human grades;</li>
 *   <li>stages given to {@link #then} (the command line adds the report).</li>
 * </ol>
 *
 * Each stage can be run alone ({@link #runStage}); it reads what earlier stages wrote. A stage
 * already complete is skipped, so a rerun after a crash continues where it stopped, and a rerun
 * of a finished run only reports.
 *
 * <pre>{@code
 * Pipeline p = new Pipeline(PipelineConfig.quick(), new RunLayout(dir),
 *         MarketplaceSource.simulated(PipelineConfig.quick().marketplace()), null, ProgressMode.NONE, System.out);
 * EvaluationResults results = p.run();
 * }</pre>
 */
public final class Pipeline {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final RunContext context;
    private final List<Stage> stages = new ArrayList<>();

    /**
     * @param judge    the teacher; null means the simulator's judge, which needs data with a known truth
     * @param progress how training shows progress
     * @param log      where stage lines go
     */
    public Pipeline(PipelineConfig config, RunLayout layout, MarketplaceSource source, Judge judge,
                    ProgressMode progress, PrintStream log) {
        this.context = new RunContext(config, layout, source, judge, progress, log);
        stages.add(new DataStage());
        stages.add(new LabelStage());
        stages.add(new TokenizerStage());
        stages.add(new AssistantStage());
        stages.add(new TeacherScoresStage());
        for (Variant v : config.variants()) {
            stages.add(new StudentStage(v));
        }
        stages.add(new EvaluationStage(config.variants()));
        if (source.sparseTruth()) {
            stages.add(new RankingStage(config.variants()));
        }
    }

    /**
     * Starts the assistant and every student from saved model folders (as {@code ModelFiles}
     * writes them, e.g. a model imported from pretrained weights or trained earlier) instead of
     * fresh weights. Either may be null. The student's width must be at least the first
     * Matryoshka size of the configuration. Returns this pipeline.
     */
    public Pipeline withInitialModels(Path assistant, Path student) {
        context.initialModels(assistant, student);
        return this;
    }

    /** Appends a stage after the evaluation (e.g. the report). Returns this pipeline. */
    public Pipeline then(Stage stage) {
        if (stages.stream().anyMatch(s -> s.name().equals(stage.name()))) {
            throw new IllegalArgumentException("the pipeline already has a stage named '" + stage.name() + "'");
        }
        stages.add(stage);
        return this;
    }

    /** The stage names in order. */
    public List<String> stages() {
        return stages.stream().map(Stage::name).toList();
    }

    /** The stage of a name, or an exception listing the names. */
    public Stage stage(String name) {
        for (Stage s : stages) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + name + "', expected one of " + stages());
    }

    public RunLayout layout() {
        return context.layout();
    }

    public PipelineConfig config() {
        return context.config();
    }

    /** What the stages of this run share (the loaded marketplace, split, candidates and judge). */
    public RunContext context() {
        return context;
    }

    /** Runs every stage not yet complete and returns the evaluation. */
    public EvaluationResults run() throws IOException {
        for (Stage stage : stages) {
            runStage(stage.name());
        }
        return EvaluationResults.read(layout().evaluation());
    }

    /** Runs one stage unless it is complete; the stages it requires must be complete. */
    public void runStage(String name) throws IOException {
        Stage stage = stage(name);
        RunLayout layout = layout();
        PrintStream log = context.log();
        checkConfig();
        if (!stage.alwaysRuns() && layout.isDone(name)) {
            log.println("[" + name + "] complete, skipped");
            return;
        }
        for (String before : stage.requires()) {
            if (!layout.isDone(before)) {
                throw new IllegalStateException("stage '" + name + "' needs stage '" + before + "' first; it is not complete in "
                        + layout.root());
            }
        }
        log.println("[" + name + "] running");
        long t0 = System.nanoTime();
        String summary = stage.run(context);
        double seconds = (System.nanoTime() - t0) / 1e9;
        context.stageSeconds().put(name, seconds);
        layout.markDone(name, summary + String.format(" (%.1f s)", seconds));
        log.printf("[%s] done in %.1f s: %s%n", name, seconds, summary);
    }

    /**
     * The first run writes config.json — the data source, the configuration and every trainer
     * setting; later runs in the same folder must bring the same.
     */
    private void checkConfig() throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", context.source().describe());
        run.put("config", context.config());
        Map<String, Object> training = new LinkedHashMap<>();
        PipelineConfig c = context.config();
        training.put("cross-encoder", Training.assistantSettings(c.assistant(), context.seeds().training(), c.validation()));
        training.put("students", Training.studentSettings(c.student(), context.seeds().training(), c.validation(),
                c.evaluation().k()));
        run.put("training", training);
        if (context.initialAssistant() != null) {
            run.put("initial_assistant", context.initialAssistant().toString());
        }
        if (context.initialStudent() != null) {
            run.put("initial_student", context.initialStudent().toString());
        }
        String json = JSON.writeValueAsString(run);
        RunLayout layout = layout();
        if (Files.exists(layout.config())) {
            JsonNode existing = JSON.readTree(Files.readString(layout.config()));
            JsonNode expected = JSON.readTree(json);
            if (!existing.has("training") && expected instanceof ObjectNode o) {
                o.remove("training"); // a run folder from before the trainer settings were recorded
            }
            if (!existing.equals(expected)) {
                throw new IllegalStateException(layout.config() + " holds another configuration or data source than this run's;"
                        + " use a new run folder (or delete it to start over)");
            }
        } else {
            AtomicFiles.writeString(layout.config(), json);
        }
    }
}
