package org.distill4ads.nn;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native thread counts ND4J runs with, set by the library itself (not only by a launcher), the
 * first time a {@link Tensor} is made and again, for OpenMP's per-thread count, on each thread
 * that opens a {@link Tape}.
 *
 * <p>ND4J's CPU backend runs GEMM on OpenBLAS's own thread pool and its other ops on an OpenMP
 * pool; our fused kernels run on a third, Java one ({@code kernel.Parallel}). On few cores the
 * pools' idle threads spin against each other. {@code -Ddistill4ads.nd4j.threads=auto} runs BLAS on
 * every core and ND4J's remaining (small) ops on the calling thread; {@code OPS,BLAS} chooses both
 * counts, e.g. {@code 1,2}. The default, {@code keep}, leaves ND4J's own counts: OpenMP's count is
 * per native thread, and a thread that never opens a tape would keep ND4J's count while the others
 * ran on one, and one computation could give last-bit-different results on different threads
 * (with {@code auto} as the default, the serving test that compares concurrent with sequential
 * answers failed in the last bits of the similarities; this is our reading, not confirmed).
 * The library compiles against nd4j-api only, so the backend's {@code NativeOps} is reached by
 * reflection; a backend without it (or a failure) is logged once and left alone. Results are
 * repeatable for one setting; whether another count changes the last bits of a reduction ND4J
 * splits over its threads is not checked (the test suite runs on the default).
 */
public final class NativeThreads {
    /** The system property: {@code OPS,BLAS}, {@code auto} (1 and every core) or {@code keep} (the default). */
    public static final String PROPERTY = "distill4ads.nd4j.threads";
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);
    private static final ThreadLocal<Boolean> THREAD_DONE = ThreadLocal.withInitial(() -> false);
    private static volatile int[] counts;   // {ops, blas}, or null when left alone
    private static volatile boolean configured;

    private NativeThreads() {}

    /** The {ops, blas} counts a property value asks for on {@code cores} cores, or null for {@code keep}. */
    static int[] parse(String value, int cores) {
        if (value == null || value.isBlank() || value.strip().equals("keep")) {
            return null;
        }
        String v = value.strip();
        if (v.equals("auto")) {
            return new int[] {1, Math.max(1, cores)};
        }
        String[] parts = v.split(",");
        if (parts.length == 2) {
            try {
                int ops = Integer.parseInt(parts[0].strip());
                int blas = Integer.parseInt(parts[1].strip());
                if (ops >= 1 && blas >= 1) {
                    return new int[] {ops, blas};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("-D" + PROPERTY + " must be OPS,BLAS (two whole numbers >= 1, e.g. 1,2), auto or keep, got \"" + value + "\"");
    }

    /** Applies the JVM-wide counts once and this thread's OpenMP count once per thread. */
    static void ensure() {
        if (!configured) {
            configureJvm();
        }
        if (!THREAD_DONE.get()) {
            THREAD_DONE.set(true);
            int[] c = counts;
            if (c != null) {
                setOmp(c[0]);
            }
        }
    }

    private static synchronized void configureJvm() {
        if (configured) {
            return;
        }
        int[] c = parse(System.getProperty(PROPERTY), Runtime.getRuntime().availableProcessors());
        if (c != null) {
            try {
                Nd4j.getEnvironment().setMaxThreads(c[0]);
                Nd4j.getEnvironment().setMaxMasterThreads(c[0]);
                Nd4j.factory().blas().setMaxThreads(c[1]);
                nativeOps("setOmpNumThreads", c[0]);
                LOG.debug("ND4J threads: {} for ops (OpenMP), {} for BLAS (-D{})", c[0], c[1], PROPERTY);
            } catch (RuntimeException | LinkageError e) {
                LOG.info("ND4J thread counts left as they are ({})", e.toString());
                c = null;
            }
        }
        counts = c;
        configured = true;
    }

    private static void setOmp(int n) {
        try {
            nativeOps("setOmpNumThreads", n);
        } catch (RuntimeException | LinkageError e) {
            counts = null;   // the backend has no such call: stop trying
        }
    }

    /**
     * Sets OpenMP's count of the calling native thread through the backend's {@code NativeOps};
     * fails with an {@link IllegalStateException} when the backend has no such call (e.g. only
     * nd4j-api is on the classpath).
     */
    public static void setOmpNumThreads(int n) {
        nativeOps("setOmpNumThreads", n);
    }

    /** OpenMP's thread count of the calling native thread, read back from the backend. */
    public static int ompThreads() {
        return (Integer) nativeOps("ompGetMaxThreads");
    }

    /** The counts in force, {ops (OpenMP, on this thread), blas}, read back from the backend. */
    public static int[] current() {
        return new int[] {ompThreads(), Nd4j.factory().blas().getMaxThreads()};
    }

    private static Object nativeOps(String method, Object... args) {
        try {
            Class<?> holder = Class.forName("org.nd4j.nativeblas.NativeOpsHolder");
            Object ops = holder.getMethod("getDeviceNativeOps").invoke(holder.getMethod("getInstance").invoke(null));
            Class<?>[] types = new Class<?>[args.length];
            java.util.Arrays.fill(types, int.class);
            return Class.forName("org.nd4j.nativeblas.NativeOps").getMethod(method, types).invoke(ops, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ND4J's backend has no NativeOps." + method, e);
        }
    }
}
