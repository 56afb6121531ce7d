package org.distill4ads.distill.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.EvaluationStage;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.eval.Comparison;
import org.distill4ads.distill.report.ResultsTables;
import org.distill4ads.distill.report.Versus;
import org.distill4ads.distill.train.ProgressMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distill4ads evaluate}: reruns the evaluation stage of a pipeline run folder and prints its table. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Rerun the evaluation stage of a pipeline run folder (with the configuration its config.json records)"
                + " and print each system's figures on the held-out items.",
                "The judge is the simulated one when the run's data has a truth file; otherwise give --judge-url."})
final class EvaluateCommand implements Callable<Integer> {
    static final String STAGE = EvaluationStage.NAME;

    @Option(names = {"--run", "--run-dir"}, required = true, paramLabel = "DIR", description = "pipeline run folder")
    Path run;

    @Mixin
    LlmJudgeOptions llm;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        RunLayout layout = RunFiles.layout(run);
        RunFiles.Stored stored = RunFiles.stored(layout);
        try (Judge judge = llm.given() ? llm.open() : null) {
            Pipeline pipeline = new Pipeline(stored.config(), layout, RunFiles.source(layout, stored.source()), judge,
                    ProgressMode.NONE, json.text());
            layout.clear(STAGE);
            pipeline.runStage(STAGE);
        }
        EvaluationResults results = EvaluationResults.read(layout.evaluation());
        json.text().println();
        table(json.text(), results, stored.config().evaluation().k(), stored.config().seed());
        json.result("evaluate").put("run", run).put("results", results).print();
        return 0;
    }

    /**
     * The run's figures: one row per system with bootstrap 95% intervals, then each system's paired
     * difference against clicks only, as the pipeline prints them ("–" when unknown).
     */
    static void table(PrintStream out, EvaluationResults r, int k, long seed) {
        out.printf(Locale.ROOT, "%d held-out items, judge: %s, filter threshold %.3f%n", r.heldOutItems(), r.judge(), r.threshold());
        Comparison c = Versus.of(r, seed);
        out.print(ResultsTables.console(r.systems(), k, c).text());
        if (r.perItem() != null && !r.perItem().isEmpty()) {
            out.printf(Locale.ROOT, "%nagainst clicks only (paired bootstrap over the held-out items, %d resamples, 95%%, seed %d):%n",
                    c.bootstrap().resamples(), seed);
            out.print(ResultsTables.differences(r.systems(), k, c).text());
        }
    }
}
