package org.distill4ads.distill.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.HeldOutItems;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.eval.Agreement;
import org.distill4ads.distill.eval.CachingEmbedder;
import org.distill4ads.distill.eval.CachingPairScorer;
import org.distill4ads.distill.eval.EvaluationProtocol;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.judge.JudgePair;
import org.distill4ads.distill.sim.SimulatedJudge;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.retrieval.KeyphraseRecommender;
import org.distill4ads.retrieval.Recommendation;
import org.distill4ads.transformer.TextEmbedder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * The LLMDistill4Ads system end to end, one stage at a time, each writing its artifacts to the
 * {@linkplain RunLayout run folder}:
 *
 * <ol>
 *   <li>{@code data}: load or simulate the marketplace, hold out a share of the items;</li>
 *   <li>{@code labels}: the judge labels candidate pairs of the training items;
 *       {@code tokenizer}: a WordPiece vocabulary is learned from the data;
 *       {@code cross-encoder}: the assistant learns the labels (binary cross-entropy);</li>
 *   <li>{@code teacher-scores}: the assistant scores the distillation pairs;</li>
 *   <li>{@code student-<variant>}: one bi-encoder per {@link Variant}, multi-task, Matryoshka;</li>
 *   <li>{@code evaluation}: the {@linkplain EvaluationProtocol protocol} on the held-out items.</li>
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
    /** Items whose recommendations the results keep as samples. */
    private static final int SAMPLES = 4;

    private final PipelineConfig config;
    private final RunLayout layout;
    private final MarketplaceSource source;
    private final Judge givenJudge;
    private final ProgressMode progress;
    private final PrintStream log;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private Path initialAssistant;
    private Path initialStudent;
    private Marketplace marketplace;
    private Split split;
    private Candidates candidates;
    private Judge judge;

    /**
     * @param judge    the teacher; null means the simulator's judge, which needs data with a known truth
     * @param progress how training shows progress
     * @param log      where stage lines go
     */
    public Pipeline(PipelineConfig config, RunLayout layout, MarketplaceSource source, Judge judge,
                    ProgressMode progress, PrintStream log) {
        this.config = config;
        this.layout = layout;
        this.source = source;
        this.givenJudge = judge;
        this.progress = progress;
        this.log = log;
    }

    /**
     * Starts the assistant and every student from saved model folders (as {@code ModelFiles}
     * writes them, e.g. a model imported from pretrained weights or trained earlier) instead of
     * fresh weights. Either may be null. The student's width must be at least the first
     * Matryoshka size of the configuration. Returns this pipeline.
     */
    public Pipeline withInitialModels(Path assistant, Path student) {
        this.initialAssistant = assistant;
        this.initialStudent = student;
        return this;
    }

    /** The stage names in order. */
    public List<String> stages() {
        List<String> s = new ArrayList<>(List.of("data", "labels", "tokenizer", "cross-encoder", "teacher-scores"));
        for (Variant v : config.variants()) {
            s.add(studentStage(v));
        }
        s.add("evaluation");
        return s;
    }

    public static String studentStage(Variant v) {
        return "student-" + v.id();
    }

    public RunLayout layout() {
        return layout;
    }

    public PipelineConfig config() {
        return config;
    }

    /** Runs every stage not yet complete and returns the evaluation. */
    public EvaluationResults run() throws IOException {
        for (String stage : stages()) {
            runStage(stage);
        }
        return EvaluationResults.read(layout.evaluation());
    }

    /** Runs one stage unless it is complete; the stages before it must be complete. */
    public void runStage(String stage) throws IOException {
        List<String> all = stages();
        int at = all.indexOf(stage);
        if (at < 0) {
            throw new IllegalArgumentException("unknown stage '" + stage + "', expected one of " + all);
        }
        checkConfig();
        if (layout.isDone(stage)) {
            log.println("[" + stage + "] complete, skipped");
            return;
        }
        for (String before : requirements(stage)) {
            if (!layout.isDone(before)) {
                throw new IllegalStateException("stage '" + stage + "' needs stage '" + before + "' first; it is not complete in "
                        + layout.root());
            }
        }
        log.println("[" + stage + "] running");
        long t0 = System.nanoTime();
        String summary = switch (stage) {
            case "data" -> data();
            case "labels" -> labels();
            case "tokenizer" -> tokenizer();
            case "cross-encoder" -> assistant();
            case "teacher-scores" -> teacherScores();
            case "evaluation" -> evaluation();
            default -> student(Variant.of(stage.substring("student-".length())));
        };
        double seconds = (System.nanoTime() - t0) / 1e9;
        stageSeconds.put(stage, seconds);
        layout.markDone(stage, summary + String.format(" (%.1f s)", seconds));
        log.printf("[%s] done in %.1f s: %s%n", stage, seconds, summary);
    }

    private List<String> requirements(String stage) {
        return switch (stage) {
            case "data" -> List.of();
            case "labels", "tokenizer" -> List.of("data");
            case "cross-encoder" -> List.of("labels", "tokenizer");
            case "teacher-scores" -> List.of("cross-encoder");
            case "evaluation" -> {
                List<String> r = new ArrayList<>(List.of("cross-encoder"));
                config.variants().forEach(v -> r.add(studentStage(v)));
                yield r;
            }
            default -> List.of("teacher-scores");
        };
    }

    /** The first run writes config.json; later runs in the same folder must bring the same configuration. */
    private void checkConfig() throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source.describe());
        run.put("config", config);
        if (initialAssistant != null) {
            run.put("initial_assistant", initialAssistant.toString());
        }
        if (initialStudent != null) {
            run.put("initial_student", initialStudent.toString());
        }
        String json = JSON.writeValueAsString(run);
        if (Files.exists(layout.config())) {
            String existing = Files.readString(layout.config());
            if (!JSON.readTree(existing).equals(JSON.readTree(json))) {
                throw new IllegalStateException(layout.config() + " holds another configuration or data source than this run's;"
                        + " use a new run folder (or delete it to start over)");
            }
        } else {
            RunLayout.writeAtomically(layout.config(), json);
        }
    }

    // ---- stage 0: data ----

    private String data() throws IOException {
        Marketplace m = source.load();
        MarketplaceFiles.write(layout.data(), m);
        Split s = Split.of(m.items(), config.heldOut(), config.seed());
        RunLayout.writeAtomically(layout.heldOutItems(), String.join("\n", s.heldOutIds()) + "\n");
        marketplace = m;
        split = s;
        long clicked = m.clicks().stream().filter(c -> c.clicks() > 0).count();
        return m.items().size() + " items (" + s.heldOut().size() + " held out), " + m.keyphrases().size() + " keyphrases, "
                + m.clicks().size() + " click-log rows (" + clicked + " clicked), " + m.relevance().size() + " SR scores"
                + (m.truth() != null ? ", truth known" : "");
    }

    /** The marketplace of the run folder (read once). */
    public Marketplace marketplace() throws IOException {
        if (marketplace == null) {
            marketplace = MarketplaceFiles.read(layout.data());
        }
        return marketplace;
    }

    /** The training / held-out split of the run folder. */
    public Split split() throws IOException {
        if (split == null) {
            Set<String> ids = HeldOutItems.read(layout.heldOutItems(), marketplace().itemsById().keySet());
            split = Split.byIds(marketplace().items(), ids);
        }
        return split;
    }

    /** The candidate sampler (and its BM25 index) over the marketplace's keyphrases, built once. */
    private Candidates candidates() throws IOException {
        if (candidates == null) {
            candidates = new Candidates(marketplace().keyphrases(), marketplace().clicks());
        }
        return candidates;
    }

    private Set<String> trainingIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        split().train().forEach(i -> ids.add(i.id()));
        return ids;
    }

    private Judge judge() throws IOException {
        if (judge == null) {
            if (givenJudge != null) {
                judge = givenJudge;
            } else if (marketplace().truth() != null) {
                judge = new SimulatedJudge(marketplace().truth(), config.marketplace().judgeFalsePositive(),
                        config.marketplace().judgeFalseNegative(), config.seed());
            } else {
                throw new IllegalStateException("the data has no known truth, so the simulated judge cannot answer:"
                        + " give a judge (an OpenAI-compatible server or a labels file)");
            }
        }
        return judge;
    }

    // ---- stage 1: labels, tokenizer, cross-encoder ----

    private String labels() throws IOException {
        Candidates candidates = candidates();
        PipelineConfig.Sampling s = config.sampling();
        List<JudgePair> pairs = candidates.draw(split().train(), s.labelCandidates(), s.labelRandom(), config.seed() + 1);
        List<Judgment> labels = judge().judge(pairs);   // one call: a concurrent judge's workers share one queue
        DataFiles.writeJudgments(layout.judgments(), labels);
        long relevant = labels.stream().filter(Judgment::relevant).count();
        return pairs.size() + " pairs judged by " + judge().describe() + ", " + relevant + " relevant";
    }

    private String tokenizer() throws IOException {
        WordPieceTokenizer t = Models.learnTokenizer(marketplace().items(), marketplace().keyphrases(), config.model().vocabulary());
        t.save(layout.tokenizer());
        return "WordPiece vocabulary of " + t.vocabSize() + " pieces";
    }

    private WordPieceTokenizer loadTokenizer() throws IOException {
        return WordPieceTokenizer.load(layout.tokenizer());
    }

    private String assistant() throws IOException {
        Map<String, Item> byId = marketplace().itemsById();
        List<PairExample> examples = new ArrayList<>();
        for (Judgment j : MarketplaceFiles.readJudgmentsChecked(layout.judgments(), byId)) {
            examples.add(new PairExample(byId.get(j.itemId()).text(), j.keyphrase(), (float) j.label()));
        }
        CrossEncoder model = initialAssistant != null
                ? ModelFiles.loadCrossEncoder(initialAssistant, WordPieceTokenizer::load)
                : Models.crossEncoder(loadTokenizer(), config.model(), config.seed());
        var result = Training.assistant(model, examples, config.assistant(), config.seed(),
                layout.training("cross-encoder"), progress);
        model.eval();
        ModelFiles.save(model, layout.assistant());
        return "cross-encoder" + (initialAssistant != null ? " (started from " + initialAssistant + ")" : "")
                + " trained on " + examples.size() + " labels for " + result.steps() + " steps, final loss "
                + String.format("%.4f", result.recentLosses().getOrDefault("judge-labels", Double.NaN));
    }

    /** The trained cross-encoder of the run folder. */
    public CrossEncoder loadAssistant() throws IOException {
        CrossEncoder model = ModelFiles.loadCrossEncoder(layout.assistant(), WordPieceTokenizer::load);
        model.eval();
        return model;
    }

    // ---- stage 2: teacher scores ----

    private String teacherScores() throws IOException {
        Candidates candidates = candidates();
        PipelineConfig.Sampling s = config.sampling();
        List<JudgePair> pairs = candidates.draw(split().train(), s.distillCandidates(), s.distillRandom(), config.seed() + 2);
        float[] p = loadAssistant().predict(pairs.stream().map(x -> x.item().text()).toList(),
                pairs.stream().map(JudgePair::keyphrase).toList(), 256);
        List<RelevanceScore> scores = new ArrayList<>(pairs.size());
        for (int i = 0; i < p.length; i++) {
            scores.add(new RelevanceScore(pairs.get(i).item().id(), pairs.get(i).keyphrase(), Math.min(1, Math.max(0, p[i]))));
        }
        DataFiles.writeRelevance(layout.teacherScores(), scores);
        return pairs.size() + " pairs scored by the cross-encoder";
    }

    // ---- stage 3: students ----

    private String student(Variant variant) throws IOException {
        Map<String, Item> byId = marketplace().itemsById();
        Set<String> train = trainingIds();
        List<PairExample> clicks = PairExample.clicked(marketplace().clicks(), byId, train::contains);
        List<PairExample> relevance = PairExample.scored(marketplace().relevance(), byId, train::contains);
        List<PairExample> teacher = PairExample.scored(DataFiles.readRelevance(layout.teacherScores()), byId, id -> true);
        BiEncoder model;
        if (initialStudent != null) {
            model = ModelFiles.loadBiEncoder(initialStudent, WordPieceTokenizer::load);
            if (model.dimension() < config.student().dims()[0]) {
                throw new IllegalArgumentException("the initial student " + initialStudent + " is " + model.dimension()
                        + " wide, less than the first Matryoshka size " + config.student().dims()[0]);
            }
        } else {
            model = Models.student(loadTokenizer(), config.model(), config.student().dims(), config.seed() + 7);
        }
        var result = Training.student(model, variant, clicks, relevance, teacher, config.student(), config.seed(),
                layout.training(studentStage(variant)), progress);
        model.eval();
        ModelFiles.save(model, layout.student(variant));
        return variant.label() + (initialStudent != null ? " (started from " + initialStudent + ")" : "") + ": "
                + result.steps() + " steps on " + clicks.size() + " clicked pairs"
                + (variant.usesRelevanceScores() ? ", " + relevance.size() + " SR scores" : "")
                + (variant.usesTeacher() ? ", " + teacher.size() + " teacher scores" : "");
    }

    /** A trained student of the run folder. */
    public BiEncoder loadStudent(Variant v) throws IOException {
        BiEncoder model = ModelFiles.loadBiEncoder(layout.student(v), WordPieceTokenizer::load);
        model.eval();
        return model;
    }

    // ---- stage 4: evaluation ----

    /**
     * The relevance filter's threshold: the cross-encoder probability that keeps
     * {@code filterShare} of the clicked pairs of the training items.
     */
    public float calibrateThreshold(CrossEncoder assistant) throws IOException {
        List<PairExample> clicked = PairExample.clicked(marketplace().clicks(), marketplace().itemsById(), trainingIds()::contains);
        if (clicked.isEmpty()) {
            return 0.5f;
        }
        clicked = clicked.subList(0, Math.min(4000, clicked.size()));
        float[] p = assistant.predict(PairExample.items(clicked), PairExample.keyphrases(clicked), 256);
        boolean[] positive = new boolean[p.length];
        java.util.Arrays.fill(positive, true);
        return KeyphraseRecommender.calibrateThreshold(p, positive, config.evaluation().filterShare());
    }

    private String evaluation() throws IOException {
        Marketplace m = marketplace();
        PipelineConfig.EvaluationSettings e = config.evaluation();
        List<Item> items = split().heldOut();
        if (e.maxItems() > 0 && items.size() > e.maxItems()) {
            items = items.subList(0, e.maxItems());
        }
        CrossEncoder assistant = loadAssistant();
        float threshold = calibrateThreshold(assistant);
        EvaluationProtocol protocol = new EvaluationProtocol(items, m.keyphrases(), m.clicks(), m.truth(), judge(),
                new CachingPairScorer((f, s) -> assistant.predict(f, s, 256)), threshold, e.candidates(), e.k());
        List<SystemMetrics> systems = new ArrayList<>();
        List<Agreement> agreements = new ArrayList<>();
        List<EvaluationResults.Sample> samples = new ArrayList<>();
        // agreement pairs: candidates of the held-out items, scored by the teacher
        Candidates candidates = candidates();
        List<JudgePair> pairs = candidates.draw(items, config.sampling().distillCandidates(),
                config.sampling().distillRandom(), config.seed() + 3);
        float[] teacher = assistant.predict(pairs.stream().map(x -> x.item().text()).toList(),
                pairs.stream().map(JudgePair::keyphrase).toList(), 256);
        Variant sampled = config.variants().contains(Variant.PEARSON) ? Variant.PEARSON : config.variants().get(0);
        for (Variant v : config.variants()) {
            BiEncoder student = loadStudent(v);
            CachingEmbedder itemSide = new CachingEmbedder(student);
            TextEmbedder keyphraseSide = student.twoTowers() ? new CachingEmbedder(student.keyphraseEmbedder()) : itemSide;
            EmbeddingStore store = protocol.embedKeyphrases(keyphraseSide);
            for (int dim : config.student().dims()) {
                String name = v.id() + "@" + dim;
                EvaluationProtocol.Outcome o = protocol.student(name, v.label(), itemSide, student, store, dim);
                systems.add(o.metrics());
                agreements.add(EvaluationProtocol.agreement(name, itemSide, keyphraseSide, dim, pairs, teacher));
                if (v == sampled && dim == config.student().dims()[0]) {
                    samples.addAll(samples(name, items, o.recommendations()));
                }
                log.printf("  %-14s true P@%d %.3f  recall %.3f  novelty %.3f%n", name, e.k(), o.metrics().truePrecision(),
                        o.metrics().recall(), o.metrics().novelty());
            }
        }
        EvaluationProtocol.Outcome bm25 = protocol.bm25(candidates.bm25());
        systems.add(bm25.metrics());
        samples.addAll(samples("bm25", items, bm25.recommendations()));
        EvaluationResults results = new EvaluationResults(source.describe(), judge().describe(), threshold, items.size(),
                systems, agreements, samples, Map.copyOf(stageSeconds));
        results.write(layout.evaluation());
        return systems.size() + " systems evaluated on " + items.size() + " held-out items, filter threshold "
                + String.format("%.3f", threshold);
    }

    private List<EvaluationResults.Sample> samples(String system, List<Item> items, List<Recommendation> recs) throws IOException {
        List<EvaluationResults.Sample> out = new ArrayList<>();
        var truth = marketplace().truth();
        for (int i = 0; i < Math.min(SAMPLES, items.size()); i++) {
            Item item = items.get(i);
            List<EvaluationResults.Kept> kept = new ArrayList<>();
            for (Recommendation.Scored s : recs.get(i).kept()) {
                kept.add(new EvaluationResults.Kept(s.keyphrase(), s.similarity(), s.relevance(),
                        truth == null ? -1 : truth.grade(item.id(), s.keyphrase())));
            }
            List<EvaluationResults.Dropped> dropped = new ArrayList<>();
            for (Recommendation.Dropped d : recs.get(i).dropped()) {
                dropped.add(new EvaluationResults.Dropped(d.keyphrase(), d.reason().name(), d.duplicateOf(), d.similarity(),
                        d.relevance(), truth == null ? -1 : truth.grade(item.id(), d.keyphrase())));
            }
            out.add(new EvaluationResults.Sample(system, item.id(), item.text(), kept, dropped));
        }
        return out;
    }
}
