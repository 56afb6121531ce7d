package org.distill4ads.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.distill4ads.nn.Tape;
import org.distill4ads.nn.Tensor;
import org.distill4ads.nn.optim.AdamW;
import org.distill4ads.transformer.model.BertConfig;
import org.distill4ads.transformer.model.BertEncoder;
import org.distill4ads.transformer.model.Pooling;
import org.distill4ads.transformer.model.TokenBatch;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Memory of repeated training steps: the bi-encoder step of {@link TrainingStepBenchmark} (two
 * encodes of 64 x 32, MNRL, backward, AdamW) run STEPS times, printing every EVERY steps the
 * process's peak and current resident memory ({@code VmHWM}, {@code VmRSS} of /proc/self/status),
 * the Java heap in use and JavaCPP's count of off-heap bytes. Flat RSS and off-heap over the run
 * mean no step leaks native memory.
 *
 * <pre>{@code java -Xmx2g --add-modules jdk.incubator.vector -cp benchmarks.jar org.distill4ads.bench.TrainingMemory small 1000 100 [sparse]}</pre>
 */
public final class TrainingMemory {
    private TrainingMemory() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TrainingMemory small|minilm STEPS EVERY [sparse]");
            System.exit(2);
        }
        String size = args[0];
        int steps = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        boolean sparse = args.length > 3 && args[3].equals("sparse");
        BertConfig c = EncoderShapes.config(size);
        BertEncoder encoder = new BertEncoder(c, DataType.FLOAT, 1);
        encoder.train(true);
        encoder.wordEmbeddings().sparseGradient(sparse);
        AdamW optimizer = new AdamW(encoder.namedParameters(), 1e-4);
        TokenBatch queries = EncoderShapes.batch(c, 32, 1, false);
        TokenBatch documents = EncoderShapes.batch(c, 32, 2, false);
        int[] diagonal = new int[EncoderShapes.BATCH];
        for (int i = 0; i < diagonal.length; i++) {
            diagonal[i] = i;
        }
        System.out.printf("# %s bi-encoder step, word-embedding gradient %s, -Xmx %d MB%n", size, sparse ? "sparse" : "dense",
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("step\tVmHWM_MB\tVmRSS_MB\theap_MB\toffheap_MB\tms_per_step\tloss");
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            double loss;
            try (Tape t = Tape.open()) {
                Tensor q = Pooling.MEAN.pool(encoder.forward(queries.ids(), queries.typeIds(), queries.mask()), queries.mask()).l2Normalize(1e-12);
                Tensor d = Pooling.MEAN.pool(encoder.forward(documents.ids(), documents.typeIds(), documents.mask()), documents.mask()).l2Normalize(1e-12);
                Tensor l = q.matmul(d, false, true).mul(20.0).crossEntropy(diagonal);
                l.backward();
                optimizer.step();
                loss = l.item();
            }
            if (step % every == 0 || step == 1) {
                Runtime rt = Runtime.getRuntime();
                System.out.printf("%d\t%d\t%d\t%d\t%d\t%.1f\t%.4f%n", step, status("VmHWM"), status("VmRSS"),
                        (rt.totalMemory() - rt.freeMemory()) >> 20, offHeapBytes() >> 20,
                        (System.nanoTime() - start) / 1e6 / step, loss);
            }
        }
    }

    /** JavaCPP's count of the off-heap bytes ND4J holds (JavaCPP comes with the backend, at run time). */
    private static long offHeapBytes() {
        try {
            return (Long) Class.forName("org.bytedeco.javacpp.Pointer").getMethod("totalBytes").invoke(null);
        } catch (ReflectiveOperationException e) {
            return -1L << 20;
        }
    }

    /** A /proc/self/status entry in MB. */
    private static long status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        throw new IOException("/proc/self/status has no " + key);
    }
}
