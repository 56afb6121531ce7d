package org.distill4ads.distill.report;

import java.io.IOException;
import java.util.List;
import org.distill4ads.distill.pipeline.EvaluationResults;
import org.distill4ads.distill.pipeline.EvaluationStage;
import org.distill4ads.distill.pipeline.RunContext;
import org.distill4ads.distill.pipeline.Stage;

/**
 * The last stage, {@code report}: {@code report.md} and {@code plots/} from the evaluation and the
 * training logs. It lives beside the charts (XChart is an optional dependency of the library), so
 * the {@code pipeline} command appends it to the pipeline's stages ({@code Pipeline.then}).
 */
public final class ReportStage implements Stage {
    public static final String NAME = "report";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> requires() {
        return List.of(EvaluationStage.NAME);
    }

    /** The report is rewritten on every run, so it always shows the run folder's current evaluation. */
    @Override
    public boolean alwaysRuns() {
        return true;
    }

    @Override
    public String run(RunContext context) throws IOException {
        EvaluationResults results = EvaluationResults.read(context.layout().evaluation());
        return "report " + Report.write(context.layout(), context.config(), results) + " with plots in " + context.layout().plots();
    }
}
