package org.distill4ads.retrieval.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelsTest {
    @Test
    void withoutTheIncubatorModuleTheReferenceKernelIsChosen() {
        assertSame(ScalarKernel.INSTANCE, Kernels.select(false, true));
        assertSame(ScalarKernel.INSTANCE, Kernels.select(true, false));
    }

    @Test
    void withTheModuleTheSimdKernelIsChosen() {
        // surefire runs this module's tests with --add-modules jdk.incubator.vector
        VectorKernel k = Kernels.select(true, true);
        assertTrue(k.name().startsWith("panama-"), k.name());
        assertEquals(k.getClass(), Kernels.get().getClass());
        assertTrue(Kernels.simd());
    }
}
