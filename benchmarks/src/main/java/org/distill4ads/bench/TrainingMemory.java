package org.distill4ads.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * the Java heap in use, the bytes this thread's buffer pool holds ({@link Tape#pooledBytes()}) and
 * the garbage collections so far. Flat RSS over the run means no step leaks native memory. At the end it prints the least-squares slope of VmRSS over the
 * second half of the run.
 *
 * <p>{@code gc=N} calls {@code System.gc()} every N steps (to tell garbage-collector-deferred
 * releases from leaks); {@code chunk=K} reads a line from standard input before every K steps, so
 * that one process can run a long series in pieces, each started when a driver (holding the
 * machine's build lock) writes a line.
 *
 * <pre>{@code java -Xmx2g --add-modules jdk.incubator.vector -cp benchmarks.jar org.distill4ads.bench.TrainingMemory small 1000 100 [dense|sparse] [gc=N] [chunk=K]}</pre>
 */
public final class TrainingMemory {
    private TrainingMemory() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: TrainingMemory small|minilm STEPS EVERY [dense|sparse] [gc=N] [chunk=K]");
            System.exit(2);
        }
        String size = args[0];
        int steps = Integer.parseInt(args[1]);
        int every = Integer.parseInt(args[2]);
        boolean sparse = false;
        int gcEvery = 0;
        int chunk = 0;
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("sparse") || args[i].equals("dense")) {
                sparse = args[i].equals("sparse");
            } else if (args[i].startsWith("gc=")) {
                gcEvery = Integer.parseInt(args[i].substring(3));
            } else if (args[i].startsWith("chunk=")) {
                chunk = Integer.parseInt(args[i].substring(6));
            } else {
                throw new IllegalArgumentException("expected dense, sparse, gc=N or chunk=K, got " + args[i]);
            }
        }
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
        System.out.println("step\tVmHWM_MB\tVmRSS_MB\theap_MB\tpool_MB\tgcs\tms_per_step\tloss");
        List<long[]> samples = new ArrayList<>();
        BufferedReader gate = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            if (chunk > 0 && (step - 1) % chunk == 0) {
                System.out.printf("# waiting before step %d%n", step);
                System.out.flush();
                long waitStart = System.nanoTime();
                if (gate.readLine() == null) {
                    throw new IOException("chunk=" + chunk + ": standard input closed before step " + step);
                }
                start += System.nanoTime() - waitStart; // ms_per_step counts running time only
            }
            double loss;
            try (Tape t = Tape.open()) {
                Tensor q = Pooling.MEAN.pool(encoder.forward(queries.ids(), queries.typeIds(), queries.mask()), queries.mask()).l2Normalize(1e-12);
                Tensor d = Pooling.MEAN.pool(encoder.forward(documents.ids(), documents.typeIds(), documents.mask()), documents.mask()).l2Normalize(1e-12);
                Tensor l = q.matmul(d, false, true).mul(20.0).crossEntropy(diagonal);
                l.backward();
                optimizer.step();
                loss = l.item();
            }
            if (gcEvery > 0 && step % gcEvery == 0) {
                System.gc();
            }
            if (step % every == 0 || step == 1 || step == 10 || step == 100 || step == steps) {
                Runtime rt = Runtime.getRuntime();
                long rss = status("VmRSS");
                samples.add(new long[] {step, rss});
                System.out.printf("%d\t%d\t%d\t%d\t%d\t%d\t%.1f\t%.4f%n", step, status("VmHWM"), rss,
                        (rt.totalMemory() - rt.freeMemory()) >> 20, Tape.pooledBytes() >> 20, gcCount(),
                        (System.nanoTime() - start) / 1e6 / step, loss);
            }
        }
        System.out.printf("# VmRSS slope over steps %d-%d: %.1f MB per 100 steps%n", steps / 2, steps,
                100 * slope(samples, steps / 2));
    }

    /** Least-squares slope (MB per step) of the samples at step >= {@code from}. */
    static double slope(List<long[]> samples, long from) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (long[] s : samples) {
            if (s[0] >= from) {
                n++;
                sx += s[0];
                sy += s[1];
                sxx += (double) s[0] * s[0];
                sxy += (double) s[0] * s[1];
            }
        }
        double d = n * sxx - sx * sx;
        return n < 2 || d == 0 ? Double.NaN : (n * sxy - sx * sy) / d;
    }

    /** Collections of every garbage collector so far. */
    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
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
