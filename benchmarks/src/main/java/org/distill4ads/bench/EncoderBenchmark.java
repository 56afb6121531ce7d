package org.distill4ads.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.model.TokenBatch;
import org.nd4j.linalg.api.buffer.DataType;
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
 * Bi-encoder embedding of a batch of 64 texts × 32 tokens (mean pooling, normalized), inference
 * without a graph; texts per second = 64 × ops/s. "small": hidden 128, 2 layers, 8k vocabulary;
 * "minilm": hidden 384, 6 layers, 12 heads, 30,522 vocabulary (all-MiniLM-L6-v2's shape).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class EncoderBenchmark {
    @Param({"small", "minilm"})
    String size;

    BertEncoder encoder;
    TokenBatch batch;

    @Setup(Level.Trial)
    public void build() {
        BertConfig c = size.equals("small")
                ? new BertConfig(8000, 128, 2, 2, 512, 512, 2, 1e-12, 0, 0, 0.02)
                : new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12, 0, 0, 0.02);
        encoder = new BertEncoder(c, DataType.FLOAT, 1);
        encoder.eval();
        int[][] ids = new int[64][32];
        int[][] types = new int[64][32];
        int[][] mask = new int[64][32];
        Random r = new Random(1);
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 32; j++) {
                ids[i][j] = r.nextInt(c.vocabSize());
                mask[i][j] = 1;
            }
        }
        batch = TokenBatch.of(ids, types, mask);
    }

    @Benchmark
    public float embedBatchOf64() {
        try (Tape t = Tape.noGrad()) {
            Tensor e = Pooling.MEAN.pool(encoder.forward(batch.ids(), batch.typeIds(), batch.mask()), batch.mask()).l2Normalize(1e-12);
            return e.value().getFloat(0, 0);
        }
    }
}
