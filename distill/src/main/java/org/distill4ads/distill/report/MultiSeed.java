package org.distill4ads.distill.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.train.ProgressMode;

/**
 * The whole system once per seed, each run in its own folder {@code seed-<seed>/} of {@code dir}
 * (with its report; a rerun resumes or skips each as a single run does), then one
 * {@link SeedSummary} in {@code dir}.
 */
public final class MultiSeed {
    private MultiSeed() {
    }

    /** The run folder of one seed. */
    public static Path runDir(Path dir, long seed) {
        return dir.resolve("seed-" + seed);
    }

    /**
     * Runs every seed in order; returns the summary it wrote.
     *
     * @param base   the configuration; each run takes it {@linkplain PipelineConfig#withSeed with its seed}
     * @param source the data source of a run's configuration (a simulated marketplace follows the seed)
     * @param setup  adds to each run's pipeline what the caller needs (initial models), or identity
     */
    public static SeedSummary run(PipelineConfig base, List<Long> seeds, Path dir, Function<PipelineConfig, MarketplaceSource> source,
                                  Judge judge, ProgressMode progress, PrintStream log, Function<Pipeline, Pipeline> setup)
            throws IOException {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("--seeds needs at least one seed");
        }
        if (new LinkedHashSet<>(seeds).size() != seeds.size()) {
            throw new IllegalArgumentException("--seeds lists a seed twice: " + seeds);
        }
        List<EvaluationResults> results = new ArrayList<>();
        for (long seed : seeds) {
            PipelineConfig config = base.withSeed(seed);
            Path runDir = runDir(dir, seed);
            log.println("== seed " + seed + " -> " + runDir);
            Pipeline p = setup.apply(new Pipeline(config, new RunLayout(runDir), source.apply(config), judge, progress, log))
                    .then(new ReportStage());
            results.add(p.run());
        }
        SeedSummary summary = SeedSummary.of(seeds, results, base.evaluation().k());
        summary.write(dir);
        return summary;
    }
}
