package org.distill4ads.distill.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.pipeline.Candidates;
import org.distill4ads.distill.pipeline.Seeds;
import org.distill4ads.distill.pipeline.TeacherScoresStage;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill4ads teacher-scores}: the cross-encoder scores the distillation pairs of the
 * training items, as the pipeline's teacher-scores stage does; {@code train-bi-encoder
 * --teacher-scores} reads the file.
 */
@Command(name = "teacher-scores", mixinStandardHelpOptions = true, defaultValueProvider = PipelineDefaults.class,
        description = "Draw distillation pairs for every training item (best BM25 matches, random keyphrases, clicked keyphrases),"
                + " score them with a cross-encoder and write the scores (item_id, keyphrase, score) for train-bi-encoder --teacher-scores.")
final class TeacherScoresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "marketplace folder (items, keyphrases, clicks)")
    Path data;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "cross-encoder model folder, e.g. from `distill4ads train-cross-encoder`")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "scores file to write (.tsv or .jsonl)")
    Path out;

    @Option(names = "--candidates", paramLabel = "N", description = "best BM25 matches of the title per item (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--random", paramLabel = "N", description = "random keyphrases per item (default: ${DEFAULT-VALUE})")
    int random;

    @Option(names = "--seed", paramLabel = "S", description = "the run's seed: the draw derives its seed from it as the pipeline does (default: ${DEFAULT-VALUE})")
    long seed;

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
        Outputs.file(out, data, model);
        TrainingData td = TrainingData.read(data);
        CliFiles.requireDir(model, "a cross-encoder model folder");
        CrossEncoder cross = ModelFiles.loadCrossEncoder(model, WordPieceTokenizer::load);
        cross.eval();
        Marketplace m = td.marketplace();
        List<RelevanceScore> scores = TeacherScoresStage.score(new TeacherScoresStage.Input(cross, td.trainingItems(),
                new Candidates(m.keyphrases(), m.clicks()), candidates, random, new Seeds(seed)));
        DataFiles.writeRelevance(out, scores);
        json.text().printf("scored %d pairs of %d items with the cross-encoder%s -> %s%n", scores.size(), td.trainingItems().size(),
                td.heldOutNote(), out);
        json.result("teacher-scores").put("pairs", scores.size()).put("items", td.trainingItems().size()).put("out", out).print();
        return 0;
    }
}
