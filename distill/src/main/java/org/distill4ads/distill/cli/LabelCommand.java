package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Judgment;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.judge.Judge;
import org.distill4ads.distill.pipeline.Candidates;
import org.distill4ads.distill.pipeline.LabelStage;
import org.distill4ads.distill.pipeline.Seeds;
import org.distill4ads.distill.sim.SimulatedJudge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill4ads label}: draws candidate (item, keyphrase) pairs of the training items, as the
 * pipeline's labels stage does, has a judge label them and writes the judgments.
 */
@Command(name = "label", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = {"Draw candidate (item, keyphrase) pairs for every training item (its best BM25 matches, random keyphrases and its clicked keyphrases), have a judge label them, and write the judgments.",
                "Without --judge-url the simulated judge answers from the data's truth file."})
final class LabelCommand implements Callable<Integer> {
    /** Pairs per call to an LLM judge, at most: about 5% of the pairs (at least --judge-concurrency), so progress shows every 10%. */

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "marketplace folder (items, keyphrases, clicks; truth for the simulated judge)")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "judgments file to write (.tsv or .jsonl)")
    Path out;

    @Option(names = "--candidates", paramLabel = "N", description = "best BM25 matches of the title per item (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--random", paramLabel = "N", description = "random keyphrases per item, mostly negatives (default: ${DEFAULT-VALUE})")
    int random;

    @Option(names = "--seed", paramLabel = "S", description = "the run's seed: the draw and the simulated judge derive theirs from it as the pipeline does (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--sim-false-positive", paramLabel = "P", description = "simulated judge: rate of calling an irrelevant pair relevant (default: ${DEFAULT-VALUE})")
    double falsePositive;

    @Option(names = "--sim-false-negative", paramLabel = "P", description = "simulated judge: rate of calling a relevant pair irrelevant (default: ${DEFAULT-VALUE})")
    double falseNegative;

    @Mixin
    LlmJudgeOptions llm;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        if (!CliFiles.isDataFile(out)) {
            throw new ParameterException(spec.commandLine(), "--out must end in .tsv or .jsonl, got " + out);
        }
        if (candidates < 0 || random < 0 || candidates + random == 0) {
            throw new ParameterException(spec.commandLine(), "--candidates and --random must be >= 0 and not both 0, got "
                    + candidates + " and " + random);
        }
        Outputs.file(out, data);
        TrainingData td = TrainingData.read(data);
        Marketplace m = td.marketplace();
        if (!llm.given() && m.truth() == null) {
            throw new IllegalArgumentException(data + " has no truth file, so the simulated judge cannot answer;"
                    + " give --judge-url and --judge-model (an OpenAI-compatible server)");
        }
        Seeds seeds = new Seeds(seed);
        List<Item> items = td.trainingItems();
        List<Judgment> labels;
        String judgeName;
        try (Judge judge = llm.given() ? llm.open() : new SimulatedJudge(m.truth(), falsePositive, falseNegative, seeds.judge())) {
            judgeName = judge.describe();
            // LLM judging is slow: progress every 10%; the simulated judge answers at once
            int[] shown = {-1};
            labels = LabelStage.label(new LabelStage.Input(items, new Candidates(m.keyphrases(), m.clicks()), candidates, random,
                    seeds, judge), (done, total) -> {
                        if (done == 0) {
                            json.text().printf("judging %d pairs of %d items with %s%s%n", total, items.size(), judge.describe(),
                                    td.heldOutNote());
                            return;
                        }
                        int tenth = (int) (10L * done / Math.max(1, total));
                        if (llm.given() && tenth > shown[0]) {
                            shown[0] = tenth;
                            json.text().printf("  %3d%%  %d of %d pairs%n", 10 * tenth, done, total);
                        }
                    });
        }
        DataFiles.writeJudgments(out, labels);
        long relevant = labels.stream().filter(Judgment::relevant).count();
        json.text().printf("wrote %d judgments (%d relevant) -> %s%n", labels.size(), relevant, out);
        json.result("label").put("judgments", labels.size()).put("relevant", relevant).put("items", items.size())
                .put("judge", judgeName).put("out", out).print();
        return 0;
    }
}
