package org.distill4ads.retrieval.kernel;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernel on JDK 17's incubating Vector API, at the CPU's preferred width (512 bits on
 * AVX-512, 256 on AVX2). Only {@link Kernels} loads this class, and only when the
 * {@code jdk.incubator.vector} module is present, so the library still runs without it.
 *
 * <p>Float dot products use fused multiply-adds, so they differ from {@link ScalarKernel} in the
 * last bits (a different summation order); the int8 products are exact. {@link #dotRows} scores
 * four rows per pass so that each query vector load serves four multiply-adds.
 */
final class PanamaKernel implements VectorKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Bytes widened to one full short vector: half the preferred width (32 bytes on AVX-512). */
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_PREFERRED.withShape(
            VectorShape.forBitSize(ByteVector.SPECIES_PREFERRED.vectorBitSize() / 2));
    private static final int FL = F.length();
    private static final int BL = B.length();

    @Override
    public String name() {
        return "panama-" + F.vectorBitSize();
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int j = 0;
        float s = 0;
        if (n >= FL) {
            // two accumulators hide the FMA latency on long vectors (HNSW rows, d >= 128)
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (; j + 2 * FL <= n; j += 2 * FL) {
                acc0 = FloatVector.fromArray(F, a, aOff + j).fma(FloatVector.fromArray(F, b, bOff + j), acc0);
                acc1 = FloatVector.fromArray(F, a, aOff + j + FL).fma(FloatVector.fromArray(F, b, bOff + j + FL), acc1);
            }
            for (; j + FL <= n; j += FL) {
                acc0 = FloatVector.fromArray(F, a, aOff + j).fma(FloatVector.fromArray(F, b, bOff + j), acc0);
            }
            s = sum(acc0.add(acc1));
        }
        for (; j < n; j++) {
            s += a[aOff + j] * b[bOff + j];
        }
        return s;
    }

    private static final VectorShuffle<Float> ROT8 = VectorShuffle.iota(F, 8, 1, true);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.iota(F, 4, 1, true);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.iota(F, 2, 1, true);
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.iota(F, 1, 1, true);

    /**
     * The sum of the lanes by a tree of rotations: log2(lanes) dependent adds, where JDK 17's
     * {@code reduceLanes(ADD)} for floats adds the lanes one after another (it keeps their order).
     */
    private static float sum(FloatVector v) {
        if (FL >= 16) {
            v = v.add(v.rearrange(ROT8));
        }
        if (FL >= 8) {
            v = v.add(v.rearrange(ROT4));
        }
        v = v.add(v.rearrange(ROT2));
        return v.add(v.rearrange(ROT1)).lane(0);
    }

    /** Lanes whose index has bit h set (h = 8, 4), and the shuffle i -> i ^ h (h = 8, 4, 2, 1); used only when FL = 16. */
    private static final VectorMask<Float> HIGH8 = FL == 16 ? VectorMask.fromLong(F, 0xFF00L) : null;
    private static final VectorMask<Float> HIGH4 = FL == 16 ? VectorMask.fromLong(F, 0xF0F0L) : null;
    private static final VectorShuffle<Float> SWAP8 = FL == 16 ? VectorShuffle.fromOp(F, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = FL == 16 ? VectorShuffle.fromOp(F, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = FL == 16 ? VectorShuffle.fromOp(F, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP1 = FL == 16 ? VectorShuffle.fromOp(F, i -> i ^ 1) : null;

    /**
     * Half a transposed reduction: lanes with bit h clear get a[i] + a[i ^ h], lanes with it set
     * b[i] + b[i ^ h]. Two levels (h = 8, 4) turn four row accumulators into one vector whose
     * lanes hold the four rows' partial sums, four lanes each.
     */
    private static FloatVector fold(FloatVector a, FloatVector b, VectorMask<Float> high, VectorShuffle<Float> swap) {
        return a.blend(b, high).add(b.blend(a, high).rearrange(swap));
    }

    /** Rows at o, o1, o2, o3 against q[qOff, + bound), folded twice: lane i holds a partial sum of row (i >> 3 & 1) + 2 (i >> 2 & 1). */
    private static FloatVector quad(float[] q, int qOff, float[] data, int o, int o1, int o2, int o3, int bound) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int j = 0; j < bound; j += FL) {
            FloatVector qv = FloatVector.fromArray(F, q, qOff + j);
            a0 = FloatVector.fromArray(F, data, o + j).fma(qv, a0);
            a1 = FloatVector.fromArray(F, data, o1 + j).fma(qv, a1);
            a2 = FloatVector.fromArray(F, data, o2 + j).fma(qv, a2);
            a3 = FloatVector.fromArray(F, data, o3 + j).fma(qv, a3);
        }
        return fold(fold(a0, a1, HIGH8, SWAP8), fold(a2, a3, HIGH8, SWAP8), HIGH4, SWAP4);
    }

    /**
     * Four rows per pass: each query load serves four multiply-adds. (A sixteen-row pass folding
     * the accumulators like {@link #dotIds} was tried on 2026-12-02: at 1M × 64 one query took
     * 25.0 ms against 19.6 the day before, so it was taken out.)
     */
    @Override
    public void dotRows(float[] q, float[] data, int first, int count, int stride, int n, float[] out) {
        int bound = n - n % FL;
        int r = 0;
        for (; r + 3 < count; r += 4) {
            int o0 = (first + r) * stride;
            int o1 = o0 + stride;
            int o2 = o1 + stride;
            int o3 = o2 + stride;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            FloatVector a2 = FloatVector.zero(F);
            FloatVector a3 = FloatVector.zero(F);
            for (int j = 0; j < bound; j += FL) {
                FloatVector qv = FloatVector.fromArray(F, q, j);
                a0 = FloatVector.fromArray(F, data, o0 + j).fma(qv, a0);
                a1 = FloatVector.fromArray(F, data, o1 + j).fma(qv, a1);
                a2 = FloatVector.fromArray(F, data, o2 + j).fma(qv, a2);
                a3 = FloatVector.fromArray(F, data, o3 + j).fma(qv, a3);
            }
            float s0 = a0.reduceLanes(VectorOperators.ADD);
            float s1 = a1.reduceLanes(VectorOperators.ADD);
            float s2 = a2.reduceLanes(VectorOperators.ADD);
            float s3 = a3.reduceLanes(VectorOperators.ADD);
            for (int j = bound; j < n; j++) {
                float x = q[j];
                s0 += x * data[o0 + j];
                s1 += x * data[o1 + j];
                s2 += x * data[o2 + j];
                s3 += x * data[o3 + j];
            }
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < count; r++) {
            out[r] = dot(q, 0, data, (first + r) * stride, n);
        }
    }

    /**
     * Four rows per pass at 16 floats per vector: their accumulators are folded into one vector
     * and its lanes summed by two swaps, a quarter of four lane reductions. Others one at a time.
     */
    @Override
    public void dotIds(float[] q, int qOff, float[] data, int[] ids, int count, int stride, int n, float[] out) {
        int bound = n - n % FL;
        int i = 0;
        if (FL == 16 && bound > 0) {
            for (; i + 3 < count; i += 4) {
                int o0 = ids[i] * stride;
                int o1 = ids[i + 1] * stride;
                int o2 = ids[i + 2] * stride;
                int o3 = ids[i + 3] * stride;
                FloatVector v = quad(q, qOff, data, o0, o1, o2, o3, bound);
                v = v.add(v.rearrange(SWAP2));
                v = v.add(v.rearrange(SWAP1));
                float s0 = v.lane(0);
                float s1 = v.lane(8);
                float s2 = v.lane(4);
                float s3 = v.lane(12);
                for (int j = bound; j < n; j++) {
                    float x = q[qOff + j];
                    s0 += x * data[o0 + j];
                    s1 += x * data[o1 + j];
                    s2 += x * data[o2 + j];
                    s3 += x * data[o3 + j];
                }
                out[i] = s0;
                out[i + 1] = s1;
                out[i + 2] = s2;
                out[i + 3] = s3;
            }
        }
        for (; i < count; i++) {
            out[i] = dot(q, qOff, data, ids[i] * stride, n);
        }
    }

    @Override
    public int dot(byte[] a, int aOff, byte[] b, int bOff, int n) {
        IntVector acc = IntVector.zero(I);
        int j = 0;
        for (; j + BL <= n; j += BL) {
            ShortVector x = (ShortVector) ByteVector.fromArray(B, a, aOff + j).convertShape(VectorOperators.B2S, S, 0);
            ShortVector y = (ShortVector) ByteVector.fromArray(B, b, bOff + j).convertShape(VectorOperators.B2S, S, 0);
            acc = acc.add(pairSums(x.mul(y)));
        }
        int s = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            s += a[aOff + j] * b[bOff + j];
        }
        return s;
    }

    @Override
    public void dotRows(byte[] q, byte[] codes, int first, int count, int stride, int n, int[] out) {
        int bound = n - n % (2 * BL);
        short[] qs = new short[bound];
        for (int j = 0; j < bound; j++) {
            qs[j] = q[j];
        }
        for (int r = 0; r < count; r++) {
            int o = (first + r) * stride;
            IntVector acc = IntVector.zero(I);
            for (int j = 0; j < bound; j += 2 * BL) {
                // |q·x| <= 127·127, so the sum of two such products still fits a short: widen once per pair
                ShortVector x0 = (ShortVector) ByteVector.fromArray(B, codes, o + j).convertShape(VectorOperators.B2S, S, 0);
                ShortVector x1 = (ShortVector) ByteVector.fromArray(B, codes, o + j + BL).convertShape(VectorOperators.B2S, S, 0);
                ShortVector p = x0.mul(ShortVector.fromArray(S, qs, j)).add(x1.mul(ShortVector.fromArray(S, qs, j + BL)));
                acc = acc.add(pairSums(p));
            }
            int s = acc.reduceLanes(VectorOperators.ADD);
            if (bound < n) {
                s += dot(q, bound, codes, o + bound, n - bound);
            }
            out[r] = s;
        }
    }

    /** Adds adjacent short lanes into int lanes: each int holds two shorts, sign-extended by shifts. */
    private static IntVector pairSums(ShortVector v) {
        IntVector w = v.reinterpretAsInts();
        return w.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16).add(w.lanewise(VectorOperators.ASHR, 16));
    }

    @Override
    public int panelWidth() {
        return FL;
    }

    /**
     * Register tiles of 4 queries × 4 panels ({@link #tile4x4}), then 4 × 2: per column, the panel
     * loads and 4 broadcasts feed 16 (8) independent multiply-adds, and no lane is summed across:
     * each lane is a row. A query left over scores four panels at a time ({@link #fourPanels}),
     * the rest one at a time.
     */
    @Override
    public void dotPanels(float[] qs, int q0, int qCount, int n, float[] panels, int width, int first, int count, float[] out) {
        int panel = width * FL;
        int i = 0;
        for (; i + 3 < qCount; i += 4) {
            int a = (q0 + i) * n;
            int b = a + n;
            int c = b + n;
            int d = c + n;
            int p = 0;
            for (; p + 3 < count; p += 4) {
                tile4x4(qs, a, n, panels, (first + p) * panel, panel, out, i * count * FL + p * FL, count * FL);
            }
            for (; p + 1 < count; p += 2) {
                int o0 = (first + p) * panel;
                int o1 = o0 + panel;
                FloatVector s00 = FloatVector.zero(F);
                FloatVector s01 = s00;
                FloatVector s10 = s00;
                FloatVector s11 = s00;
                FloatVector s20 = s00;
                FloatVector s21 = s00;
                FloatVector s30 = s00;
                FloatVector s31 = s00;
                for (int j = 0; j < n; j++) {
                    FloatVector r0 = FloatVector.fromArray(F, panels, o0 + j * FL);
                    FloatVector r1 = FloatVector.fromArray(F, panels, o1 + j * FL);
                    FloatVector x = FloatVector.broadcast(F, qs[a + j]);
                    s00 = r0.fma(x, s00);
                    s01 = r1.fma(x, s01);
                    x = FloatVector.broadcast(F, qs[b + j]);
                    s10 = r0.fma(x, s10);
                    s11 = r1.fma(x, s11);
                    x = FloatVector.broadcast(F, qs[c + j]);
                    s20 = r0.fma(x, s20);
                    s21 = r1.fma(x, s21);
                    x = FloatVector.broadcast(F, qs[d + j]);
                    s30 = r0.fma(x, s30);
                    s31 = r1.fma(x, s31);
                }
                int row = count * FL;
                int at = i * row + p * FL;
                s00.intoArray(out, at);
                s01.intoArray(out, at + FL);
                s10.intoArray(out, at + row);
                s11.intoArray(out, at + row + FL);
                s20.intoArray(out, at + 2 * row);
                s21.intoArray(out, at + 2 * row + FL);
                s30.intoArray(out, at + 3 * row);
                s31.intoArray(out, at + 3 * row + FL);
            }
            for (; p < count; p++) {
                for (int t = 0; t < 4; t++) {
                    onePanel(qs, (q0 + i + t) * n, n, panels, (first + p) * panel, out, (i + t) * count * FL + p * FL);
                }
            }
        }
        for (; i < qCount; i++) {
            int qo = (q0 + i) * n;
            int at = i * count * FL;
            int p = 0;
            for (; p + 3 < count; p += 4) {
                fourPanels(qs, qo, n, panels, (first + p) * panel, panel, out, at + p * FL);
            }
            for (; p < count; p++) {
                onePanel(qs, qo, n, panels, (first + p) * panel, out, at + p * FL);
            }
        }
    }

    /**
     * Four queries (at qs[a], + n, + 2n, + 3n) × four consecutive panels: per column 4 panel loads
     * and 4 broadcasts feed 16 independent multiply-adds, half the panel loads per multiply-add of
     * the 4 × 2 tile (a 512-row block at d = 384 sits in L2, not L1: 63 against 36 GFLOPS on one
     * core in a scratch test, 2026-12-02). Same column order per lane as every other path.
     */
    private static void tile4x4(float[] qs, int a, int n, float[] panels, int o0, int panel, float[] out, int at, int row) {
        int o1 = o0 + panel;
        int o2 = o1 + panel;
        int o3 = o2 + panel;
        int b = a + n;
        int c = b + n;
        int d = c + n;
        FloatVector s00 = FloatVector.zero(F);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        for (int j = 0; j < n; j++) {
            int cj = j * FL;
            FloatVector r0 = FloatVector.fromArray(F, panels, o0 + cj);
            FloatVector r1 = FloatVector.fromArray(F, panels, o1 + cj);
            FloatVector r2 = FloatVector.fromArray(F, panels, o2 + cj);
            FloatVector r3 = FloatVector.fromArray(F, panels, o3 + cj);
            FloatVector x = FloatVector.broadcast(F, qs[a + j]);
            s00 = r0.fma(x, s00);
            s01 = r1.fma(x, s01);
            s02 = r2.fma(x, s02);
            s03 = r3.fma(x, s03);
            x = FloatVector.broadcast(F, qs[b + j]);
            s10 = r0.fma(x, s10);
            s11 = r1.fma(x, s11);
            s12 = r2.fma(x, s12);
            s13 = r3.fma(x, s13);
            x = FloatVector.broadcast(F, qs[c + j]);
            s20 = r0.fma(x, s20);
            s21 = r1.fma(x, s21);
            s22 = r2.fma(x, s22);
            s23 = r3.fma(x, s23);
            x = FloatVector.broadcast(F, qs[d + j]);
            s30 = r0.fma(x, s30);
            s31 = r1.fma(x, s31);
            s32 = r2.fma(x, s32);
            s33 = r3.fma(x, s33);
        }
        s00.intoArray(out, at);
        s01.intoArray(out, at + FL);
        s02.intoArray(out, at + 2 * FL);
        s03.intoArray(out, at + 3 * FL);
        at += row;
        s10.intoArray(out, at);
        s11.intoArray(out, at + FL);
        s12.intoArray(out, at + 2 * FL);
        s13.intoArray(out, at + 3 * FL);
        at += row;
        s20.intoArray(out, at);
        s21.intoArray(out, at + FL);
        s22.intoArray(out, at + 2 * FL);
        s23.intoArray(out, at + 3 * FL);
        at += row;
        s30.intoArray(out, at);
        s31.intoArray(out, at + FL);
        s32.intoArray(out, at + 2 * FL);
        s33.intoArray(out, at + 3 * FL);
    }

    /**
     * One query against four consecutive panels (the single-query scan): four independent
     * multiply-add chains, each in the same column order as {@link #onePanel} and the tile, so a
     * row's score is the same bit for bit whichever path computed it.
     */
    private static void fourPanels(float[] qs, int qo, int n, float[] panels, int po, int panel, float[] out, int at) {
        int o1 = po + panel;
        int o2 = o1 + panel;
        int o3 = o2 + panel;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int j = 0; j < n; j++) {
            FloatVector x = FloatVector.broadcast(F, qs[qo + j]);
            int c = j * FL;
            s0 = FloatVector.fromArray(F, panels, po + c).fma(x, s0);
            s1 = FloatVector.fromArray(F, panels, o1 + c).fma(x, s1);
            s2 = FloatVector.fromArray(F, panels, o2 + c).fma(x, s2);
            s3 = FloatVector.fromArray(F, panels, o3 + c).fma(x, s3);
        }
        s0.intoArray(out, at);
        s1.intoArray(out, at + FL);
        s2.intoArray(out, at + 2 * FL);
        s3.intoArray(out, at + 3 * FL);
    }

    private static void onePanel(float[] qs, int qo, int n, float[] panels, int po, float[] out, int at) {
        FloatVector s0 = FloatVector.zero(F);
        for (int j = 0; j < n; j++) {
            s0 = FloatVector.fromArray(F, panels, po + j * FL).fma(FloatVector.broadcast(F, qs[qo + j]), s0);
        }
        s0.intoArray(out, at);
    }

    @Override
    public int int8PanelRows() {
        return BL / 2;
    }

    /**
     * The query's values widened to shorts and repeated per row, in the order the int8 panels are
     * read: pattern[k · 2R + 2l + c] = q[2k + c] (0 past n). One per thread, rebuilt only when the
     * query's values change, so a scan called chunk by chunk builds it once.
     */
    private static final class Int8Pattern {
        private byte[] query = new byte[0];
        private int n = -1;
        private short[] pattern = new short[0];

        short[] of(byte[] q, int n) {
            if (n != this.n || !java.util.Arrays.equals(query, 0, n, q, 0, n)) {
                int rows = BL / 2;
                int pairs = (n + 1) / 2;
                query = java.util.Arrays.copyOf(q, n);
                pattern = new short[pairs * BL];
                for (int k = 0; k < pairs; k++) {
                    for (int l = 0; l < rows; l++) {
                        pattern[k * BL + 2 * l] = q[2 * k];
                        pattern[k * BL + 2 * l + 1] = 2 * k + 1 < n ? q[2 * k + 1] : 0;
                    }
                }
                this.n = n;
            }
            return pattern;
        }
    }

    private static final ThreadLocal<Int8Pattern> PATTERNS = ThreadLocal.withInitial(Int8Pattern::new);

    /**
     * Each load takes two columns of R = 16 rows (32 bytes), widened to shorts and multiplied by
     * the query's two values repeated per row; two such products are added per short
     * (|q·x| ≤ 127·127, so two still fit), and the row's two shorts then sit in one int lane.
     * Instead of splitting that int into its shorts (three shifts) each step adds it whole, with
     * bit 15 flipped, to one accumulator and its high short (one shift) to another; the row's
     * sum is recovered exactly at the end (see {@link #rowSums}). No lane sums across rows.
     */
    @Override
    public void dotPanelsInt8(byte[] q, int n, byte[] panels, int width, int first, int count, int[] out) {
        int rows = BL / 2;
        int w = width + (width & 1);
        int pairs = (n + 1) / 2;
        short[] pattern = PATTERNS.get().of(q, n);
        for (int p = 0; p < count; p++) {
            int po = (first + p) * w * rows;
            IntVector whole0 = IntVector.zero(I);
            IntVector high0 = whole0;
            IntVector whole1 = whole0;
            IntVector high1 = whole0;
            int steps = 0;
            int k = 0;
            for (; k + 3 < pairs; k += 4) {
                IntVector a = widen(panels, po + k * BL).mul(ShortVector.fromArray(S, pattern, k * BL))
                        .add(widen(panels, po + (k + 1) * BL).mul(ShortVector.fromArray(S, pattern, (k + 1) * BL)))
                        .reinterpretAsInts().lanewise(VectorOperators.XOR, FLIP15);
                IntVector b = widen(panels, po + (k + 2) * BL).mul(ShortVector.fromArray(S, pattern, (k + 2) * BL))
                        .add(widen(panels, po + (k + 3) * BL).mul(ShortVector.fromArray(S, pattern, (k + 3) * BL)))
                        .reinterpretAsInts().lanewise(VectorOperators.XOR, FLIP15);
                whole0 = whole0.add(a);
                high0 = high0.add(a.lanewise(VectorOperators.ASHR, 16));
                whole1 = whole1.add(b);
                high1 = high1.add(b.lanewise(VectorOperators.ASHR, 16));
                steps += 2;
            }
            for (; k < pairs; k += 2) {
                ShortVector x = widen(panels, po + k * BL).mul(ShortVector.fromArray(S, pattern, k * BL));
                if (k + 1 < pairs) {
                    x = x.add(widen(panels, po + (k + 1) * BL).mul(ShortVector.fromArray(S, pattern, (k + 1) * BL)));
                }
                IntVector a = x.reinterpretAsInts().lanewise(VectorOperators.XOR, FLIP15);
                whole0 = whole0.add(a);
                high0 = high0.add(a.lanewise(VectorOperators.ASHR, 16));
                steps++;
            }
            rowSums(whole0.add(whole1), high0.add(high1), steps).intoArray(out, p * rows);
        }
    }

    private static final IntVector FLIP15 = IntVector.broadcast(I, 0x8000);

    /** 32 bytes (two columns of 16 rows) sign-extended to 32 shorts. */
    private static ShortVector widen(byte[] a, int off) {
        return (ShortVector) ByteVector.fromArray(B, a, off).convertShape(VectorOperators.B2S, S, 0);
    }

    /**
     * Each step added w' = w ^ 0x8000 for an int w holding a low short lo and a high short hi.
     * Flipping bit 15 adds 32768 to the low short's unsigned value without a carry, so w' equals
     * 65536·hi + lo + 32768 exactly and w' >> 16 is hi. Over K steps, with W = Σ w' and
     * H = Σ hi, the row's sum Σ (lo + hi) is W − 65535·H − 32768·K; the arithmetic wraps mod 2^32
     * but the true sum fits an int (|Σ| ≤ n · 127 · 127), so the result is exact.
     */
    private static IntVector rowSums(IntVector whole, IntVector high, int steps) {
        return whole.sub(high.mul(65535)).sub(32768 * steps);
    }

    @Override
    public int firstAtLeast(float[] a, int from, int to, float t) {
        int i = from;
        for (; i + FL <= to; i += FL) {
            if (FloatVector.fromArray(F, a, i).compare(VectorOperators.GE, t).anyTrue()) {
                break;
            }
        }
        for (; i < to; i++) {
            if (a[i] >= t) {
                return i;
            }
        }
        return to;
    }
}
