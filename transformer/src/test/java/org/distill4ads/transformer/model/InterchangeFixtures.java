package org.distill4ads.transformer.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.text.WordPieceTokenizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The tiny seeded models whose saved folders are checked against sentence-transformers and
 * transformers (src/test/python/interchange_fixtures.py check-java): {@code main(dir)} writes
 * {@code java-bi} (mean pooling, projection 16 → 8, Matryoshka 8/4, length 10), {@code java-bi-cls}
 * ([CLS] pooling, no projection, length 12) and {@code java-cross} ([CLS] with Hugging Face's
 * pooler, length 16). Every weight, LayerNorm and bias included, is drawn at random so that a
 * misplaced tensor shows in the outputs.
 */
public final class InterchangeFixtures {
    /** The vocabulary of interchange_fixtures.py. */
    static final List<String> VOCAB;
    static {
        List<String> v = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        "abcdefghijklmnopqrstuvwxyz0123456789".chars().forEach(c -> v.add(Character.toString(c)));
        v.addAll(List.of(",", "-", ".", "red", "running", "shoe", "lamp", "brass", "table", "oak", "desk",
                "vin", "##tage", "for", "men", "cafe", "##ing", "##er"));
        "abcdefghijklmnopqrstuvwxyz".chars().forEach(c -> v.add("##" + Character.toString(c)));
        VOCAB = List.copyOf(v);
    }

    private InterchangeFixtures() {}

    static BertConfig config() {
        return new BertConfig(VOCAB.size(), 16, 2, 2, 32, 40, 2, 1e-12, 0.1, 0.1, 0.02);
    }

    static BiEncoder bi() {
        BiEncoder m = new BiEncoder(new BertEncoder(config(), DataType.FLOAT, 11), WordPieceTokenizer.uncased(VOCAB),
                new BiEncoder.Settings(Pooling.MEAN, 8, new int[] {8, 4}, 10), 11);
        return randomized(m, 12);
    }

    static BiEncoder biCls() {
        BiEncoder m = new BiEncoder(new BertEncoder(config(), DataType.FLOAT, 21), WordPieceTokenizer.uncased(VOCAB),
                new BiEncoder.Settings(Pooling.CLS, 0, new int[] {16}, 12), 21);
        return randomized(m, 22);
    }

    static CrossEncoder cross() {
        CrossEncoder m = new CrossEncoder(new BertEncoder(config(), DataType.FLOAT, 31), WordPieceTokenizer.uncased(VOCAB),
                16, Pooling.CLS, true, 31);
        return randomized(m, 32);
    }

    /** Weights ~ N(0, 0.2²), biases ~ N(0, 0.1²), LayerNorm gains ~ 1 + N(0, 0.1²), from {@code seed}. */
    static <M extends org.distill4ads.nn.module.Module> M randomized(M model, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            INDArray v = e.getValue().value();
            INDArray r = Nd4j.randn(DataType.FLOAT, v.shape());
            String k = e.getKey();
            if (k.contains("LayerNorm.weight")) {
                v.assign(r.muli(0.1).addi(1));
            } else if (k.endsWith("bias")) {
                v.assign(r.muli(0.1));
            } else {
                v.assign(r.muli(0.2));
            }
        }
        return model;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        ModelFiles.save(bi(), dir.resolve("java-bi"));
        ModelFiles.save(biCls(), dir.resolve("java-bi-cls"));
        ModelFiles.save(cross(), dir.resolve("java-cross"));
    }
}
