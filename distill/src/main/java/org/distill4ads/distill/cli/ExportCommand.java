package org.distill4ads.distill.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.distill4ads.distill.data.MarketplaceFiles;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.distill.serve.ServingBundle;
import org.distill4ads.retrieval.EmbeddingStore;
import org.distill4ads.transformer.model.BiEncoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code distill4ads export}: the {@linkplain ServingBundle serving bundle} of a pipeline run, a
 * folder holding what {@code recommend --bundle} (or {@code ServingBundle.load} in a service)
 * needs. It is written under a temporary name beside the target and renamed into place, so the
 * target is never half written.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the serving bundle of a pipeline run: student/ (the bi-encoder), cross-encoder/ (the relevance filter),"
                + " keyphrases.index (every keyphrase of the run's data, embedded) and threshold.txt (the filter's threshold).",
                "Use it with `distill4ads recommend --bundle DIR`."})
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"--run", "--run-dir"}, required = true, paramLabel = "DIR", description = "pipeline run folder")
    Path run;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "pearson", description = "the student to export (default: ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "bundle folder to write (a bundle there is replaced)")
    Path out;

    @Option(names = "--onnx", paramLabel = "DIR", description = "also write student.onnx and cross-encoder.onnx (ONNX, opset 17) into DIR")
    Path onnx;

    @Mixin
    Outputs outputs;

    @Mixin
    JsonOutput json;

    @Override
    public Integer call() throws Exception {
        Variant v;
        try {
            v = Variant.of(variant);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--variant: " + e.getMessage());
        }
        outputs.folder(out, java.util.Set.of(ServingBundle.STUDENT, ServingBundle.CROSS_ENCODER, ServingBundle.INDEX, ServingBundle.THRESHOLD), run);
        RunLayout layout = RunFiles.layout(run);
        CliFiles.requireDir(layout.student(v), "the trained " + v.id() + " student of the run");
        CliFiles.requireDir(layout.assistant(), "the run's trained cross-encoder");
        CliFiles.requireDir(layout.data(), "the run's data folder");
        float threshold = RunFiles.threshold(layout);
        BiEncoder student = Keyphrases.loadStudent(layout.student(v));
        EmbeddingStore store = Keyphrases.embed(student, Keyphrases.distinct(MarketplaceFiles.read(layout.data()).keyphrases()));
        if (onnx != null) {
            OnnxModels.write(onnx, out, student, layout.assistant(), run);
        }

        ServingBundle.write(out, layout.student(v), layout.assistant(), store, threshold);
        boolean evaluated = Files.isRegularFile(layout.evaluation());
        json.text().printf(Locale.ROOT, "exported the %s student, the cross-encoder, %d keyphrases at %d dimensions and threshold %.3f%s -> %s%n",
                v.id(), store.size(), store.dim(), threshold,
                evaluated ? "" : " (no evaluation result in the run: the default)", out);
        json.result("export").put("variant", v.id()).put("keyphrases", store.size()).put("dimensions", store.dim())
                .put("threshold", threshold).put("thresholdFromEvaluation", evaluated).put("out", out).print();
        return 0;
    }
}
