package org.distill4ads.bench;

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
 * Bi-encoder embedding of a batch of 64 texts × 32 tokens, rows 32-63 padded from position 16
 * (mean pooling, normalized), inference without a graph; texts per second = 64 × ops/s. Shapes in
 * {@link EncoderShapes} ("small", and "minilm": all-MiniLM-L6-v2's), the same as the PyTorch peer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class EncoderBenchmark {
    @Param({"small", "minilm"})
    String size;

    BertEncoder encoder;
    TokenBatch batch;

    @Setup(Level.Trial)
    public void build() {
        BertConfig c = EncoderShapes.config(size);
        encoder = new BertEncoder(c, DataType.FLOAT, 1);
        encoder.eval();
        batch = EncoderShapes.batch(c, 32, 1, false);
    }

    @Benchmark
    public float embedBatchOf64() {
        try (Tape t = Tape.noGrad()) {
            Tensor e = Pooling.MEAN.pool(encoder.forward(batch.ids(), batch.typeIds(), batch.mask()), batch.mask()).l2Normalize(1e-12);
            return e.value().getFloat(0, 0);
        }
    }
}
