package org.distill4ads.transformer.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.CrossEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.model.TokenBatch;
import org.distill4ads.transformer.pretrained.OnnxBertImporter;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The exported graphs, run by ONNX Runtime, against the models they came from (padded batches, two shapes). */
class OnnxExportTest {
    private static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "red", "running", "shoe", "##s",
            "lamp", "brass", "desk", "oak", "table", "for", "men", "a", "b", "c", "##a", "##b", "##c");
    private static final List<String> TEXTS = List.of("red running shoes", "lamp", "brass desk lamp for men oak table abc",
            "oak", "shoes shoes shoes");
    private static final List<String> SECONDS = List.of("shoes", "desk lamp", "table", "oak table for men", "red");
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    private static BertConfig config() {
        return new BertConfig(VOCAB.size(), 16, 2, 4, 32, 24, 2, 1e-12, 0.1, 0.1, 0.3);
    }

    /** Every parameter perturbed, so that LayerNorm gains and biases matter. */
    private static <M extends org.distill4ads.nn.module.Module> M noisy(M m, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Tensor p : m.namedParameters().values()) {
            p.value().addi(Nd4j.randn(DataType.FLOAT, p.value().shape()).muli(0.1));
        }
        return m;
    }

    private static Map<String, float[][]> run(Path file, TokenBatch b, String... outputs) throws Exception {
        long[][] ids = longs(b.ids());
        long[][] mask = longs(b.mask());
        long[][] types = longs(b.typeIds());
        try (OrtSession s = ENV.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor a = OnnxTensor.createTensor(ENV, ids);
             OnnxTensor m = OnnxTensor.createTensor(ENV, mask);
             OnnxTensor t = OnnxTensor.createTensor(ENV, types);
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", t))) {
            Map<String, float[][]> out = new java.util.LinkedHashMap<>();
            for (String o : outputs) {
                Object v = r.get(o).orElseThrow().getValue();
                out.put(o, v instanceof float[] f ? new float[][] {f} : (float[][]) v);
            }
            return out;
        }
    }

    private static long[][] longs(INDArray a) {
        long[][] out = new long[(int) a.size(0)][];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.getRow(i).toLongVector();
        }
        return out;
    }

    private static double maxDiff(float[][] a, float[][] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i].length, b[i].length);
            for (int j = 0; j < a[i].length; j++) {
                d = Math.max(d, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return d;
    }

    @Test
    void biEncodersMatchOnnxRuntimeOnPaddedBatchesOfTwoShapes() throws Exception {
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(VOCAB);
        for (Pooling pooling : Pooling.values()) {
            for (int projection : new int[] {0, 8}) {
                int width = projection > 0 ? projection : 16;
                BiEncoder m = noisy(new BiEncoder(new BertEncoder(config(), DataType.FLOAT, 5), tok,
                        new BiEncoder.Settings(pooling, projection, new int[] {width}, 12), 5), 6);
                Path f = dir.resolve("bi-" + pooling + projection + ".onnx");
                OnnxExport.biEncoder(m, f);
                for (List<String> texts : List.of(TEXTS, TEXTS.subList(1, 3))) {
                    TokenBatch b = tok.encode(texts, 12);
                    float[][] ort = run(f, b, "sentence_embedding").get("sentence_embedding");
                    double d = maxDiff(m.encode(texts), ort);
                    assertTrue(d < 1e-5, pooling + " projection " + projection + " batch " + texts.size() + ": max |diff| " + d);
                }
            }
        }
    }

    @Test
    void theLastHiddenStateMatchesAtEveryRealPosition() throws Exception {
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(VOCAB);
        BiEncoder m = noisy(new BiEncoder(new BertEncoder(config(), DataType.FLOAT, 7), tok,
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {16}, 20), 7), 8);
        Path f = dir.resolve("bi.onnx");
        OnnxExport.biEncoder(m, f);
        TokenBatch b = tok.encode(TEXTS, 20);
        m.eval();
        INDArray ours;
        try (Tape t = Tape.noGrad()) {
            ours = m.encoder().forward(b.ids(), b.typeIds(), b.mask()).value().dup();
        }
        long[][] ids = longs(b.ids());
        long[][] mask = longs(b.mask());
        try (OrtSession s = ENV.createSession(f.toString(), new OrtSession.SessionOptions());
             OnnxTensor a = OnnxTensor.createTensor(ENV, ids);
             OnnxTensor mm = OnnxTensor.createTensor(ENV, mask);
             OnnxTensor ty = OnnxTensor.createTensor(ENV, longs(b.typeIds()));
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", mm, "token_type_ids", ty))) {
            float[][][] h = (float[][][]) r.get("token_embeddings").orElseThrow().getValue();
            double d = 0;
            int real = 0;
            for (int i = 0; i < ids.length; i++) {
                for (int j = 0; j < ids[i].length; j++) {
                    if (mask[i][j] == 0) {
                        continue; // padded positions carry no meaning
                    }
                    real++;
                    for (int k = 0; k < 16; k++) {
                        d = Math.max(d, Math.abs(h[i][j][k] - ours.getFloat(i, j, k)));
                    }
                }
            }
            assertTrue(real > 10 && d < 1e-5, "max |diff| " + d + " over " + real + " positions");
        }
    }

    @Test
    void crossEncodersMatchOnnxRuntime() throws Exception {
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(VOCAB);
        CrossEncoder[] models = {
            noisy(new CrossEncoder(new BertEncoder(config(), DataType.FLOAT, 9), tok, 16, Pooling.CLS, true, 9), 10),
            noisy(new CrossEncoder(new BertEncoder(config(), DataType.FLOAT, 11), tok, 16, Pooling.CLS, 11), 12),
            noisy(new CrossEncoder(new BertEncoder(config(), DataType.FLOAT, 13), tok, 16, Pooling.MEAN, 13), 14)};
        for (CrossEncoder m : models) {
            Path f = dir.resolve("cross-" + m.pooling() + m.hasPooler() + ".onnx");
            OnnxExport.crossEncoder(m, f);
            for (int n : new int[] {5, 2}) {
                TokenBatch b = tok.encodePairs(TEXTS.subList(0, n), SECONDS.subList(0, n), 16);
                float[][] scores = run(f, b, "scores").get("scores");
                float[] ours = m.predict(CrossEncoder.Pair.zip(TEXTS.subList(0, n), SECONDS.subList(0, n)));
                double d = maxDiff(new float[][] {ours}, scores);
                assertTrue(d < 1e-5, m.pooling() + " pooler " + m.hasPooler() + " batch " + n + ": max |diff| " + d);
            }
        }
    }

    @Test
    void ourImporterReadsTheExportedEncoderBack() throws Exception {
        WordPieceTokenizer tok = WordPieceTokenizer.uncased(VOCAB);
        BiEncoder m = noisy(new BiEncoder(new BertEncoder(config(), DataType.FLOAT, 15), tok,
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {16}, 12), 15), 16);
        Path f = dir.resolve("round.onnx");
        OnnxExport.biEncoder(m, f);
        BertEncoder back = OnnxBertImporter.load(f, 4, 1e-12);
        Map<String, INDArray> want = m.encoder().stateDict();
        Map<String, INDArray> got = back.stateDict();
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, v) -> assertEquals(v, got.get(k), k));
    }
}
