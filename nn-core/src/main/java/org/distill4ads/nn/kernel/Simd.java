package org.distill4ads.nn.kernel;

/**
 * Whether this JVM may use the SIMD kernels, decided once for every module's kernel selector
 * (nn-core's {@link FloatMaths}, retrieval's kernels): the {@code jdk.incubator.vector} module must
 * be in the boot layer (java {@code --add-modules jdk.incubator.vector}) and {@code -Ddistill4ads.simd}
 * must not be {@code false}.
 */
public final class Simd {
    /** The module that holds the Vector API on JDK 17. */
    public static final String MODULE = "jdk.incubator.vector";
    private static final boolean MODULE_PRESENT = ModuleLayer.boot().findModule(MODULE).isPresent();
    private static final boolean ALLOWED = !"false".equalsIgnoreCase(System.getProperty("distill4ads.simd", "true"));

    private Simd() {}

    /** Whether the Vector API module is in the boot layer. */
    public static boolean modulePresent() {
        return MODULE_PRESENT;
    }

    /** Whether SIMD is allowed ({@code -Ddistill4ads.simd=false} forbids it). */
    public static boolean allowed() {
        return ALLOWED;
    }
}
