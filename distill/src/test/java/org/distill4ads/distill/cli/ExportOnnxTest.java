package org.distill4ads.distill.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.distill4ads.distill.pipeline.RunLayout;
import org.distill4ads.distill.pipeline.Variant;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.ModelFiles;
import org.distill4ads.transformer.pretrained.OnnxBertImporter;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code export --onnx DIR}: the run's student and cross-encoder as ONNX files holding their weights. */
class ExportOnnxTest {
    @TempDir
    Path dir;

    @Test
    void exportWritesTheStudentAndTheCrossEncoderAsOnnx() throws Exception {
        Path run = TinyRun.createUnevaluated(dir.resolve("run"));
        RunLayout layout = new RunLayout(run);
        Path onnx = dir.resolve("onnx");
        Cli.Result r = Cli.ok("export", "--run", run.toString(), "--out", dir.resolve("bundle").toString(), "--onnx", onnx.toString());
        assertTrue(r.err().contains("wrote student.onnx and cross-encoder.onnx"), r.err());
        try (Stream<Path> s = Files.list(onnx)) {
            assertEquals(Set.of("student.onnx", "cross-encoder.onnx"), Set.copyOf(s.map(p -> p.getFileName().toString()).toList()));
        }
        BiEncoder student = ModelFiles.loadBiEncoder(layout.student(Variant.PEARSON), WordPieceTokenizer::load);
        CrossEncoder cross = ModelFiles.loadCrossEncoder(layout.assistant(), WordPieceTokenizer::load);
        same(student.encoder(), onnx.resolve("student.onnx"));
        same(cross.encoder(), onnx.resolve("cross-encoder.onnx"));

        Cli.Result inside = Cli.run("export", "--run", run.toString(), "--out", dir.resolve("bundle").toString(),
                "--onnx", dir.resolve("bundle/onnx").toString());
        assertEquals(1, inside.code());
        assertTrue(inside.err().contains("lies in the bundle folder"), inside.err());
    }

    private static void same(BertEncoder want, Path file) throws Exception {
        BertEncoder got = OnnxBertImporter.load(file, want.config().heads(), want.config().layerNormEps());
        Map<String, INDArray> w = want.stateDict();
        assertEquals(w.keySet(), got.stateDict().keySet());
        w.forEach((k, v) -> assertEquals(v, got.stateDict().get(k), file + ": " + k));
    }
}
