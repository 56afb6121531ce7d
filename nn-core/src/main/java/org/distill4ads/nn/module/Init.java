package org.distill4ads.nn.module;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter initializers. Random ones draw from a Java {@link SplittableRandom} seeded
 * explicitly, so the same seed gives the same values on every backend and thread count.
 */
public final class Init {
    private Init() {}

    public static INDArray zeros(DataType type, long... shape) {
        return Nd4j.zeros(type, shape);
    }

    public static INDArray ones(DataType type, long... shape) {
        return Nd4j.ones(type, shape);
    }

    /**
     * The seed of a named component of something seeded with {@code seed}: SplitMix64's finalizer
     * over {@code seed} and a 64-bit FNV-1a hash of {@code component}. Unlike {@code seed + k},
     * two components never share a generator by accident (a [1, H] head seeded like a [V, H]
     * table would repeat its first row), and the same (seed, name) always gives the same seed.
     */
    public static long derive(long seed, String component) {
        if (component == null || component.isEmpty()) {
            throw new IllegalArgumentException("a derived seed needs a component name, got '" + component + "'");
        }
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < component.length(); i++) {
            h = (h ^ component.charAt(i)) * 0x100000001B3L;
        }
        return splitMix(splitMix(seed) ^ h);
    }

    /** SplitMix64's output function of {@code x} (Steele, Lea and Flood, 2014). */
    public static long splitMix(long x) {
        long z = x + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** N(0, std^2). */
    public static INDArray normal(DataType type, double std, long seed, long... shape) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("standard deviation must be non-negative, got " + std);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(length(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = gaussian(rng) * std;
        }
        return Nd4j.create(v, shape, DataType.DOUBLE).castTo(type);
    }

    /** Xavier/Glorot uniform for a [fanOut, fanIn] matrix: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
    public static INDArray xavierUniform(DataType type, long seed, long fanOut, long fanIn) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Math.toIntExact(fanOut * fanIn)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble(-a, a);
        }
        return Nd4j.create(v, new long[] {fanOut, fanIn}, DataType.DOUBLE).castTo(type);
    }

    /** One standard normal draw (Box-Muller, two uniforms per call: a simple, reproducible stream). */
    public static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    private static long length(long[] shape) {
        long n = 1;
        for (long s : shape) {
            if (s <= 0) {
                throw new IllegalArgumentException("shape dimensions must be positive, got " + s);
            }
            n *= s;
        }
        return n;
    }
}
