package org.distill4ads.distill.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.distill4ads.nn.NativeThreads;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J settings an executor needs (docs/spark.md, "Memory and threads"). ND4J computes off the
 * Java heap and, by default, on as many native threads as it sees cores; an executor already runs
 * one task per core, so each task's ND4J must use {@code spark.task.cpus} threads, and the
 * container must leave room outside the heap for ND4J's buffers.
 *
 * <p>On the driver, {@link #defaults(SparkConf)} fills in what the user did not set; on each
 * executor, {@link #apply()} sets ND4J's thread counts before a task's first op: the JVM-wide ones
 * (libnd4j's master threads, OpenBLAS) once, OpenMP's on every task thread (its count is per thread).
 */
public final class Nd4jExecutorSettings {
    /** ND4J (libnd4j and BLAS) threads per task; default {@code spark.task.cpus}. */
    public static final String THREADS = "spark.distill4ads.nd4j.threads";
    /** Off-heap room per executor the job asks for unless {@code spark.executor.memoryOverhead} is set. */
    public static final String MEMORY_OVERHEAD = "2g";
    /** JavaCPP's off-heap limit per executor (below the overhead) unless extraJavaOptions are set. */
    public static final String MAX_BYTES = "1536m";

    private static volatile boolean applied;
    private static final ThreadLocal<Boolean> THREAD_APPLIED = ThreadLocal.withInitial(() -> false);
    private static volatile int lastTaskThreads;
    private static int[] before;   // {OpenMP, master, BLAS threads} before apply, for tests

    private Nd4jExecutorSettings() {
    }

    /** Sets, where the user did not, the executors' memory overhead, JavaCPP limit and OpenMP threads. */
    public static SparkConf defaults(SparkConf conf) {
        String taskCpus = conf.get("spark.task.cpus", "1");
        conf.setIfMissing("spark.executor.memoryOverhead", MEMORY_OVERHEAD);
        conf.setIfMissing("spark.executor.extraJavaOptions", "-Dorg.bytedeco.javacpp.maxbytes=" + MAX_BYTES);
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", taskCpus);
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", taskCpus);
        conf.setIfMissing(THREADS, taskCpus);
        return conf;
    }

    /** The threads a task's ND4J should use in this JVM: {@value #THREADS}, else spark.task.cpus, else 1. */
    static int threads() {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return 1;
        }
        SparkConf c = env.conf();
        String v = c.get(THREADS, c.get("spark.task.cpus", "1"));
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(THREADS + " must be a whole number >= 1, got \"" + v + "\"");
        }
    }

    /** Sets ND4J's thread counts to {@link #threads()}: once per JVM, and OpenMP's once per calling thread. */
    static void apply() {
        if (THREAD_APPLIED.get()) {
            return;
        }
        int n = threads();
        synchronized (Nd4jExecutorSettings.class) {
            if (!applied) {
                before = new int[] {currentThreads(), Nd4j.getEnvironment().maxMasterThreads(), Nd4j.factory().blas().getMaxThreads()};
                set(n, n, n);
                applied = true;
            }
        }
        setOmpNumThreads(n);
        THREAD_APPLIED.set(true);
        lastTaskThreads = currentThreads();
    }

    /** The OpenMP threads the last task thread that applied the settings saw afterwards (for tests). */
    static int lastTaskThreads() {
        return lastTaskThreads;
    }

    /** Puts back the JVM-wide counts {@link #apply} changed (tests share one JVM with other suites). */
    static synchronized void restore() {
        if (applied) {
            set(before[0], before[1], before[2]);
            applied = false;
        }
    }

    // libnd4j's own maxThreads() did not go below 2 here (1.0.0-M2.1); the OpenMP threads (per calling
    // thread), the master threads and OpenBLAS's threads do, and those are what run a task's ops.
    private static void set(int omp, int master, int blas) {
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        Nd4j.getEnvironment().setMaxThreads(omp);
        setOmpNumThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }

    /** The OpenMP threads ND4J's ops run on in this JVM. */
    static int currentThreads() {
        return NativeThreads.ompThreads();
    }

    // The library compiles against nd4j-api alone; NativeThreads reaches the backend's NativeOps
    // (nd4j-native or nd4j-cuda, the user's choice, present at run time) by reflection.
    private static void setOmpNumThreads(int n) {
        try {
            NativeThreads.setOmpNumThreads(n);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("ND4J's native backend (nd4j-native or nd4j-cuda) is not on the classpath: "
                    + "an executor needs one to set its threads", e);
        }
    }
}
