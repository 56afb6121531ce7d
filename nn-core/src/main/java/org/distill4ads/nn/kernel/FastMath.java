package org.distill4ads.nn.kernel;

/** Float math for kernels. */
public final class FastMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer

    private FastMath() {}

    /**
     * e^x in float32 for {@code x <= 88} (e^x underflows to 0 below -87.3): x = k ln 2 + r with {@code |r| <= ln 2 / 2},
     * e^r by a degree-6 polynomial (Cephes' expf coefficients), times 2^k built from its bits.
     * Relative error about 1.2e-7.
     */
    public static float exp(float x) {
        if (!(x >= -87.3f)) {
            return x != x ? x : 0f; // NaN stays NaN; -infinity and underflow give 0
        }
        float k = (x * LOG2E + ROUND) - ROUND;
        float r = x - k * LN2_HI - k * LN2_LO;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * r * r + r + 1f;
        return p * Float.intBitsToFloat(((int) k + 127) << 23);
    }
}
