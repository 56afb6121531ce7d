package org.distill4ads.retrieval.kernel;

import org.distill4ads.nn.kernel.Simd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the kernel once per JVM: the SIMD {@code PanamaKernel} when the
 * {@code jdk.incubator.vector} module is in the boot layer (java {@code --add-modules
 * jdk.incubator.vector}; the {@code ./distill4ads} launcher passes it), else {@link ScalarKernel}
 * with one log line saying how to turn the fast path on. {@code -Ddistill4ads.simd=false} forces
 * the reference kernel.
 */
public final class Kernels {
    private static final Logger LOG = LoggerFactory.getLogger(Kernels.class);
    static final String MODULE = Simd.MODULE;
    private static final VectorKernel SELECTED = select(Simd.modulePresent(), Simd.allowed());

    private Kernels() {}

    /** The kernel this JVM uses. */
    public static VectorKernel get() {
        return SELECTED;
    }

    /** Whether the SIMD kernel is in use. */
    public static boolean simd() {
        return SELECTED != ScalarKernel.INSTANCE;
    }

    static VectorKernel select(boolean modulePresent, boolean allowed) {
        if (!allowed) {
            LOG.info("retrieval kernels: scalar reference (-Ddistill4ads.simd=false)");
            return ScalarKernel.INSTANCE;
        }
        if (!modulePresent) {
            LOG.info("retrieval kernels: scalar reference; for the SIMD scan run java with --add-modules {}", MODULE);
            return ScalarKernel.INSTANCE;
        }
        try {
            // loaded by name so that this class links without the incubator module
            VectorKernel k = (VectorKernel) Class.forName(Kernels.class.getPackageName() + ".PanamaKernel")
                    .getDeclaredConstructor().newInstance();
            LOG.debug("retrieval kernels: {}", k.name());
            return k;
        } catch (ReflectiveOperationException | LinkageError e) {
            LOG.warn("retrieval kernels: scalar reference; the SIMD kernel failed to load ({})", e.toString());
            return ScalarKernel.INSTANCE;
        }
    }

    /** The SIMD kernel, for tests and benchmarks that compare both; fails when the module is absent. */
    public static VectorKernel panama() {
        if (!Simd.modulePresent()) {
            throw new IllegalStateException("the SIMD kernel needs java --add-modules " + MODULE);
        }
        try {
            return (VectorKernel) Class.forName(Kernels.class.getPackageName() + ".PanamaKernel")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
