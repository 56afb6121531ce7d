package org.distill4ads.distill.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.distill.eval.SystemMetrics;
import org.distill4ads.distill.report.Report;
import org.distill4ads.distill.train.ProgressMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/pipeline.md, kept compiling and running: the quick pipeline end to end. */
class PipelineDocExampleTest {
    @TempDir
    Path runDir;

    @Test
    void quickPipelineRunsEndToEnd() throws IOException {
        // --- docs/pipeline.md example, verbatim ---
        PipelineConfig config = PipelineConfig.quick();
        Pipeline pipeline = new Pipeline(config, new RunLayout(runDir),
                MarketplaceSource.simulated(config.marketplace()), null /* the simulator's judge */,
                ProgressMode.NONE, System.out);
        EvaluationResults results = pipeline.run();            // skips stages already complete
        Report.write(pipeline.layout(), config, results);      // report.md and plots/
        SystemMetrics paper = results.system("pearson@32");
        System.out.printf("true precision@10 %.3f, recall@10 %.3f, novelty %.3f%n",
                paper.truePrecision(), paper.recall(), paper.novelty());
        // --- end of example ---
        assertTrue(paper.truePrecision() > 0, paper.toString());
        assertTrue(Files.size(runDir.resolve("report.md")) > 1000);
        assertEquals(60, paper.items());
    }
}
