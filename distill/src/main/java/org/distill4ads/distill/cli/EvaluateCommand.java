package org.distill4ads.distill.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.EvaluationStage;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.RunLayout;
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

    @Override
    public Integer call() throws Exception {
        RunLayout layout = RunFiles.layout(run);
        RunFiles.Stored stored = RunFiles.stored(layout);
        try (Judge judge = llm.given() ? llm.open() : null) {
            Pipeline pipeline = new Pipeline(stored.config(), layout, RunFiles.source(layout, stored.source()), judge,
                    ProgressMode.NONE, System.out);
            layout.clear(STAGE);
            pipeline.runStage(STAGE);
        }
        EvaluationResults results = EvaluationResults.read(layout.evaluation());
        System.out.println();
        table(System.out, results, stored.config().evaluation().k());
        return 0;
    }

    /** One row per system: true precision, recall and NDCG at k, novelty and judged precision ("n/a" when unknown). */
    static void table(PrintStream out, EvaluationResults r, int k) {
        out.printf("%d held-out items, judge: %s, filter threshold %.3f%n", r.heldOutItems(), r.judge(), r.threshold());
        String head = String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s", "system", "true P@" + k, "recall", "NDCG@" + k,
                "novelty", "judged P");
        out.println(head);
        out.println("-".repeat(head.length()));
        for (SystemMetrics s : r.systems()) {
            out.printf(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s%n", s.system(), f(s.truePrecision()), f(s.recall()), f(s.ndcg()),
                    f(s.novelty()), f(s.judgedPrecision()));
        }
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
