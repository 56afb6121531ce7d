package org.distill4ads.distill.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.HeldOutItems;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.sim.SimulatedJudge;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;

/**
 * What every stage of one run shares: the configuration, the run folder, the data source, the
 * judge, and what is costly to build — the marketplace, the split, the candidate sampler and the
 * judge are loaded or built once per run, whichever stage asks first.
 */
public final class RunContext {
    private final PipelineConfig config;
    private final RunLayout layout;
    private final MarketplaceSource source;
    private final Judge givenJudge;
    private final ProgressMode progress;
    private final PrintStream log;
    private final Seeds seeds;
    private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
    private Path initialAssistant;
    private Path initialStudent;
    private Marketplace marketplace;
    private Split split;
    private Set<String> validation;
    private Candidates candidates;
    private Judge judge;

    /**
     * @param judge    the teacher; null means the simulator's judge, which needs data with a known truth
     * @param progress how training shows progress
     * @param log      where stage lines go
     */
    public RunContext(PipelineConfig config, RunLayout layout, MarketplaceSource source, Judge judge, ProgressMode progress,
                      PrintStream log) {
        this.config = config;
        this.layout = layout;
        this.source = source;
        this.givenJudge = judge;
        this.progress = progress;
        this.log = log;
        this.seeds = new Seeds(config.seed());
    }

    void initialModels(Path assistant, Path student) {
        this.initialAssistant = assistant;
        this.initialStudent = student;
    }

    public PipelineConfig config() {
        return config;
    }

    public RunLayout layout() {
        return layout;
    }

    public MarketplaceSource source() {
        return source;
    }

    public Seeds seeds() {
        return seeds;
    }

    public ProgressMode progress() {
        return progress;
    }

    public PrintStream log() {
        return log;
    }

    /** The saved cross-encoder to start the assistant from, or null for fresh weights. */
    public Path initialAssistant() {
        return initialAssistant;
    }

    /** The saved bi-encoder to start every student from, or null for fresh weights. */
    public Path initialStudent() {
        return initialStudent;
    }

    /** Wall time of each stage run in this process, in order. */
    public Map<String, Double> stageSeconds() {
        return stageSeconds;
    }

    /** The data stage hands over what it loaded, so later stages need not read it back. */
    void loaded(Marketplace m, Split s) {
        marketplace = m;
        split = s;
    }

    /** The marketplace of the run folder (read once). */
    public Marketplace marketplace() throws IOException {
        if (marketplace == null) {
            marketplace = MarketplaceFiles.read(layout.data());
        }
        return marketplace;
    }

    /** The training / held-out split of the run folder (read once). */
    public Split split() throws IOException {
        if (split == null) {
            Set<String> ids = HeldOutItems.read(layout.heldOutItems(), marketplace().itemsById().keySet());
            split = Split.byIds(marketplace().items(), ids);
        }
        return split;
    }

    /** The ids of the training items. */
    public Set<String> trainingIds() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        split().train().forEach(i -> ids.add(i.id()));
        return ids;
    }

    /**
     * The validation items: with an evaluation during training ({@link PipelineConfig#validation()}),
     * a seeded share ({@link Seeds#validation()}) of the training items, at least one and leaving at
     * least one to train on; without, none.
     */
    public Set<String> validationIds() throws IOException {
        if (validation == null) {
            PipelineConfig.Validation v = config.validation();
            validation = v == null ? Set.of() : Split.of(split().train(), v.share(), seeds.validation()).heldOutIds();
        }
        return validation;
    }

    /** The training items that train the models: the training items less the {@linkplain #validationIds validation} ones. */
    public Set<String> fitIds() throws IOException {
        Set<String> ids = trainingIds();
        ids.removeAll(validationIds());
        return ids;
    }

    /** The candidate sampler (and its BM25 index) over the marketplace's keyphrases, built once. */
    public Candidates candidates() throws IOException {
        if (candidates == null) {
            candidates = new Candidates(marketplace().keyphrases(), marketplace().clicks());
        }
        return candidates;
    }

    /** The judge given to the run, or the simulator's judge when the data's truth is known. */
    public Judge judge() throws IOException {
        if (judge == null) {
            if (givenJudge != null) {
                judge = givenJudge;
            } else if (marketplace().truth() != null) {
                judge = new SimulatedJudge(marketplace().truth(), config.marketplace().judgeFalsePositive(),
                        config.marketplace().judgeFalseNegative(), seeds.judge());
            } else {
                throw new IllegalStateException("the data has no known truth, so the simulated judge cannot answer:"
                        + " give a judge (an OpenAI-compatible server or a labels file)");
            }
        }
        return judge;
    }

    /** True when no judge was given, so {@link #judge()} is the simulator's (answering from the truth). */
    public boolean simulatedJudge() {
        return givenJudge == null;
    }

    /** The tokenizer the tokenizer stage learned. */
    public WordPieceTokenizer tokenizer() throws IOException {
        return WordPieceTokenizer.load(layout.tokenizer());
    }

    /** The trained cross-encoder of the run folder, in evaluation mode. */
    public CrossEncoder assistant() throws IOException {
        CrossEncoder model = ModelFiles.loadCrossEncoder(layout.assistant(), WordPieceTokenizer::load);
        model.eval();
        return model;
    }

    /** A trained student of the run folder, in evaluation mode. */
    public BiEncoder student(Variant v) throws IOException {
        BiEncoder model = ModelFiles.loadBiEncoder(layout.student(v), WordPieceTokenizer::load);
        model.eval();
        return model;
    }
}
