package org.distill4ads.nn.kernel;

/** Per-thread heap arrays that kernels reuse across calls (they only grow). */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] arrays = new float[9][];

    static Scratch get() {
        return LOCAL.get();
    }

    float[] a(int n) { return array(0, n); }
    float[] b(int n) { return array(1, n); }
    float[] c(int n) { return array(2, n); }
    float[] d(int n) { return array(3, n); }
    float[] e(int n) { return array(4, n); }
    float[] f(int n) { return array(5, n); }
    float[] g(int n) { return array(6, n); }
    float[] h(int n) { return array(7, n); }
    float[] i(int n) { return array(8, n); }

    private float[] array(int slot, int n) {
        float[] a = arrays[slot];
        if (a == null || a.length < n) {
            a = new float[Math.max(n, a == null ? 0 : a.length * 2)];
            arrays[slot] = a;
        }
        return a;
    }
}
