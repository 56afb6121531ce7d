package org.distill4ads.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.module.Linear;
import org.distill4ads.nn.optim.AdamW;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.model.TokenBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step, forward + backward + AdamW, on the shapes of {@link EncoderShapes}:
 * <ul>
 *   <li>{@code biEncoderStep}: two encodes of 64 x 32 (mean pooling, normalized), multiple-negatives
 *       ranking loss (cosine x 20, cross-entropy against the diagonal);</li>
 *   <li>{@code crossEncoderStep}: 64 pairs x 48 tokens, [CLS] -> Linear -> binary cross-entropy.</li>
 * </ul>
 * The same steps as the PyTorch peer ({@code benchmarks/peers/torch_peer.py train|cross}), with a dense
 * word-embedding gradient as there; {@code -p wordGradient=sparse} measures the row gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class TrainingStepBenchmark {
    @Param({"small", "minilm"})
    String size;

    /** The word-embedding gradient: dense (as the PyTorch peer) or sparse rows with lazy AdamW rows ({@code -p wordGradient=sparse}). */
    @Param({"dense"})
    String wordGradient;

    BertEncoder encoder;
    Linear head;
    AdamW biOptimizer;
    AdamW crossOptimizer;
    TokenBatch queries;
    TokenBatch documents;
    TokenBatch pairs;
    int[] diagonal;
    INDArray labels;

    @Setup(Level.Trial)
    public void build() {
        BertConfig c = EncoderShapes.config(size);
        encoder = new BertEncoder(c, DataType.FLOAT, 1);
        encoder.train(true);
        encoder.wordEmbeddings().sparseGradient(switch (wordGradient) {
            case "dense" -> false;
            case "sparse" -> true;
            default -> throw new IllegalArgumentException("wordGradient must be dense or sparse, got " + wordGradient);
        });
        head = new Linear(c.hidden(), 1, DataType.FLOAT, 2);
        biOptimizer = new AdamW(encoder.namedParameters(), 1e-4);
        Map<String, Tensor> all = new LinkedHashMap<>(encoder.namedParameters());
        head.namedParameters().forEach((n, p) -> all.put("head." + n, p));
        crossOptimizer = new AdamW(all, 1e-4);
        queries = EncoderShapes.batch(c, 32, 1, false);
        documents = EncoderShapes.batch(c, 32, 2, false);
        pairs = EncoderShapes.batch(c, 48, 3, true);
        diagonal = new int[EncoderShapes.BATCH];
        float[] y = new float[EncoderShapes.BATCH];
        for (int i = 0; i < diagonal.length; i++) {
            diagonal[i] = i;
            y[i] = i % 2;
        }
        labels = Nd4j.createFromArray(y).reshape(EncoderShapes.BATCH, 1);
    }

    private Tensor embed(TokenBatch b) {
        return Pooling.MEAN.pool(encoder.forward(b.ids(), b.typeIds(), b.mask()), b.mask()).l2Normalize(1e-12);
    }

    @Benchmark
    public double biEncoderStep() {
        try (Tape t = Tape.open()) {
            Tensor loss = embed(queries).matmul(embed(documents), false, true).mul(20.0).crossEntropy(diagonal);
            loss.backward();
            biOptimizer.step();
            return loss.item();
        }
    }

    @Benchmark
    public double crossEncoderStep() {
        try (Tape t = Tape.open()) {
            Tensor hidden = encoder.forward(pairs.ids(), pairs.typeIds(), pairs.mask());   // [B, T, H]
            Tensor cls = hidden.slice(1, 0, 1).reshape(EncoderShapes.BATCH, hidden.size(2)); // [B, H]
            Tensor loss = head.forward(cls).bceWithLogits(labels);
            loss.backward();
            crossOptimizer.step();
            return loss.item();
        }
    }
}
