package org.distill4ads.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.distill4ads.distill.data.DataFiles;
import org.distill4ads.distill.pipeline.MarketplaceSource;
import org.distill4ads.distill.pipeline.Models;
import org.distill4ads.distill.pipeline.Pipeline;
import org.distill4ads.distill.pipeline.PipelineConfig;
import org.distill4ads.distill.pipeline.RunContext;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.StudentStage;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.train.ProgressMode;
import org.distill4ads.transformer.model.BiEncoder;

/**
 * The measurement behind the students' defaults (docs/results.md, "Pretrained students"): copies a
 * finished default run's data, labels, assistant and teacher scores into a new run folder, trains the
 * given variants from the first LAYERS layers of all-MiniLM-L6-v2 (word embeddings frozen, the default
 * run's student settings: steps, batch, learning rate, Matryoshka sizes, task weights) and evaluates them
 * as the pipeline does, printing each student's training time and the evaluation's table; the paired
 * intervals against clicks only are in the new folder's {@code evaluation/results.json} and report.
 *
 * <pre>java -cp ... org.distill4ads.bench.PretrainedStudents FINISHED_RUN NEW_RUN LAYERS VARIANT...   (e.g. 1 CLICKS PEARSON)</pre>
 */
public final class PretrainedStudents {
    private PretrainedStudents() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: PretrainedStudents FINISHED_RUN NEW_RUN LAYERS VARIANT...");
            System.exit(2);
        }
        Path base = Path.of(args[0]);
        Path run = Path.of(args[1]);
        int layers = Integer.parseInt(args[2]);
        List<Variant> variants = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            variants.add(Variant.valueOf(args[i]));
        }
        if (Files.exists(run)) {
            throw new IllegalArgumentException(run + " exists; give a new run folder");
        }
        copyEarlyStages(base, run);
        PipelineConfig config = PipelineConfig.defaults().withVariants(variants);
        Pipeline pipeline = new Pipeline(config, new RunLayout(run), MarketplaceSource.simulated(config.marketplace()), null,
                ProgressMode.NONE, System.out);
        RunContext context = pipeline.context();
        RunLayout layout = context.layout();
        StudentStage.Signals signals = StudentStage.Signals.of(context.marketplace().clicks(), context.marketplace().relevance(),
                DataFiles.readRelevance(layout.teacherScores()), layout.teacherScores(), context.marketplace().itemsById(),
                context.trainingIds());
        PipelineConfig.StudentTraining settings = config.student();
        for (Variant v : variants) {
            BiEncoder model = Models.pretrainedStudent(layers, config.model().maxLength(), settings.dims(), true,
                    context.seeds().studentInit());
            long t0 = System.nanoTime();
            StudentStage.Output out = StudentStage.train(new StudentStage.Input(model, v, signals, settings, context.seeds(),
                    layout.training("student-" + v.id()), ProgressMode.NONE, layout.student(v)));
            double seconds = (System.nanoTime() - t0) / 1e9;
            layout.markDone("student-" + v.id(), String.format("MiniLM, %d layers: %d steps (%.1f s)", layers,
                    out.result().steps(), seconds));
            System.out.printf("student %s from %d MiniLM layers: %d steps in %.1f s%n", v.id(), layers, out.result().steps(), seconds);
        }
        long t0 = System.nanoTime();
        pipeline.run();
        System.out.printf("evaluation in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void copyEarlyStages(Path from, Path to) throws IOException {
        for (String name : List.of("data", "labels", "tokenizer", "cross-encoder", "teacher-scores.tsv")) {
            Path source = from.resolve(name);
            if (!Files.exists(source)) {
                throw new IllegalArgumentException(from + " lacks " + name + "; give a finished default run");
            }
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path f : walk.toList()) {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(f, target);
                    }
                }
            }
        }
        Files.createDirectories(to.resolve("stages"));
        for (String stage : List.of("data", "labels", "tokenizer", "cross-encoder", "teacher-scores")) {
            Files.copy(from.resolve("stages").resolve(stage + ".done"), to.resolve("stages").resolve(stage + ".done"));
        }
    }
}
