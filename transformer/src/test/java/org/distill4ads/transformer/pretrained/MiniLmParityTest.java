package org.distill4ads.transformer.pretrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tape;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.BiEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our encoder with all-MiniLM-L6-v2's weights against ONNX Runtime running the same ONNX file:
 * the reference is code we did not write.
 */
class MiniLmParityTest {
    static final List<String> TEXTS = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "nike air zoom pegasus 40 running shoes, men's size 10.5",
            "vintage brass table lamp",
            "Café crème brûlée set — 4 ramekins (6 oz)",
            "trainers");

    @TempDir
    static Path dir;
    static Path onnx;
    static Path tokenizerJson;
    static long[][] ids;
    static long[][] types;
    static long[][] mask;

    @BeforeAll
    static void extract() throws Exception {
        onnx = copy("/all-minilm-l6-v2.onnx", "model.onnx");
        tokenizerJson = copy("/all-minilm-l6-v2-tokenizer.json", "tokenizer.json");
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("padding", "false", "truncation", "false"))) {
            int n = TEXTS.size();
            Encoding[] enc = new Encoding[n];
            int t = 0;
            for (int i = 0; i < n; i++) {
                enc[i] = tok.encode(TEXTS.get(i));
                t = Math.max(t, enc[i].getIds().length);
            }
            ids = new long[n][t];
            types = new long[n][t];
            mask = new long[n][t];
            for (int i = 0; i < n; i++) {
                long[] e = enc[i].getIds();
                for (int j = 0; j < e.length; j++) {
                    ids[i][j] = e[j];
                    mask[i][j] = 1;
                }
            }
        }
    }

    static Path copy(String resource, String name) throws Exception {
        Path p = dir.resolve(name);
        try (InputStream in = MiniLmParityTest.class.getResourceAsStream(resource)) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    @Test
    void lastHiddenStateAndSentenceEmbeddingsMatchOnnxRuntime() throws Exception {
        float[][][] reference;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor a = OnnxTensor.createTensor(env, ids);
             OnnxTensor b = OnnxTensor.createTensor(env, mask);
             OnnxTensor c = OnnxTensor.createTensor(env, types);
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            reference = (float[][][]) r.get(0).getValue();
        }
        BertEncoder enc = OnnxBertImporter.load(onnx, 12, 1e-12);
        enc.eval();
        assertEquals(6, enc.config().layers());
        assertEquals(384, enc.config().hidden());
        INDArray ours;
        INDArray pooled;
        INDArray m = Nd4j.createFromArray(mask).castTo(org.nd4j.linalg.api.buffer.DataType.INT);
        try (Tape t = Tape.noGrad()) {
            var hidden = enc.forward(Nd4j.createFromArray(ids).castTo(org.nd4j.linalg.api.buffer.DataType.INT),
                    Nd4j.createFromArray(types).castTo(org.nd4j.linalg.api.buffer.DataType.INT), m);
            ours = hidden.value().dup();
            pooled = Pooling.MEAN.pool(hidden, m).l2Normalize(1e-12).value().dup();
        }
        double maxDiff = 0;
        for (int i = 0; i < ids.length; i++) {
            for (int j = 0; j < ids[i].length; j++) {
                if (mask[i][j] == 0) {
                    continue; // padding positions carry no meaning in either model
                }
                for (int h = 0; h < 384; h++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ours.getFloat(i, j, h) - reference[i][j][h]));
                }
            }
        }
        System.out.printf("MiniLM parity: max |ours - onnxruntime| over real positions = %.3e%n", maxDiff);
        assertTrue(maxDiff < 1e-4, "max abs difference " + maxDiff);
        double minCos = 1;
        for (int i = 0; i < ids.length; i++) {
            double[] ref = new double[384];
            int count = 0;
            for (int j = 0; j < ids[i].length; j++) {
                if (mask[i][j] == 1) {
                    count++;
                    for (int h = 0; h < 384; h++) {
                        ref[h] += reference[i][j][h];
                    }
                }
            }
            double dot = 0;
            double norm = 0;
            for (int h = 0; h < 384; h++) {
                ref[h] /= count;
                norm += ref[h] * ref[h];
                dot += ref[h] * pooled.getDouble(i, h);
            }
            minCos = Math.min(minCos, dot / Math.sqrt(norm));
        }
        System.out.printf("MiniLM parity: min cosine of sentence embeddings = %.8f%n", minCos);
        assertTrue(minCos >= 0.99999, "min cosine " + minCos);

        // The same through the public API: a BiEncoder started from the pretrained weights, with
        // our own tokenizer, embeds like ONNX Runtime.
        BiEncoder bi = Pretrained.biEncoder(onnx, tokenizerJson, 12,
                new BiEncoder.Settings(Pooling.MEAN, 0, new int[] {384, 128}, 128), 0);
        float[][] api = bi.encode(TEXTS, 2, 384);
        for (int i = 0; i < TEXTS.size(); i++) {
            double dot = 0;
            for (int h = 0; h < 384; h++) {
                dot += api[i][h] * pooled.getDouble(i, h);
            }
            assertTrue(dot >= 0.99999, "BiEncoder.encode vs direct forward, text " + i + ": cosine " + dot);
        }
    }
}
