package org.distill4ads.nn.kernel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link FloatMath} once per JVM: the SIMD one when the {@code jdk.incubator.vector}
 * module is in the boot layer (run java with {@code --add-modules jdk.incubator.vector}; the
 * {@code ./distill4ads} launcher and the test runs pass it), else the scalar reference with one
 * log line saying how to turn the fast path on. {@code -Ddistill4ads.simd=false} forces the
 * reference.
 */
public final class FloatMaths {
    private static final Logger LOG = LoggerFactory.getLogger(FloatMaths.class);
    static final String MODULE = Simd.MODULE;
    private static final FloatMath SELECTED = select();

    private FloatMaths() {}

    /** The implementation this JVM uses. */
    public static FloatMath get() {
        return SELECTED;
    }

    /** The SIMD implementation, for tests and benchmarks; fails when the module is absent. */
    public static FloatMath simd() {
        if (!Simd.modulePresent()) {
            throw new IllegalStateException("the SIMD kernels need java --add-modules " + MODULE);
        }
        try {
            return (FloatMath) Class.forName(FloatMaths.class.getPackageName() + ".PanamaFloatMath")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the SIMD kernels failed to load", e);
        }
    }

    private static FloatMath select() {
        if (!Simd.allowed()) {
            LOG.info("nn kernels: scalar reference (-Ddistill4ads.simd=false)");
            return ScalarFloatMath.INSTANCE;
        }
        if (!Simd.modulePresent()) {
            LOG.info("nn kernels: scalar reference; for the SIMD attention kernels run java with --add-modules {}", MODULE);
            return ScalarFloatMath.INSTANCE;
        }
        try {
            return simd();
        } catch (IllegalStateException | LinkageError e) {
            LOG.warn("nn kernels: scalar reference; the SIMD kernels failed to load ({})", e.toString());
            return ScalarFloatMath.INSTANCE;
        }
    }
}
