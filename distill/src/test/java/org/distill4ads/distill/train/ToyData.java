package org.distill4ads.distill.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.distill4ads.distill.loss.EmbeddingBatch;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Synthetic (item, keyphrase) pairs. Every item and keyphrase is a random mixture of LATENT
 * topics, seen through a different fixed random projection per side, plus noise. A click pair
 * shares its topic mixture; a teacher pair is two unrelated mixtures scored by their true
 * (latent) cosine.
 */
final class ToyData {
    static final int FEATURES = 12;
    static final int LATENT = 4;

    /** One pair: item features, keyphrase features and a teacher score (0 for clicks). */
    record Pair(float[] item, float[] keyphrase, float score) {}

    private final SplittableRandom rng;
    private final double[][] itemProjection;
    private final double[][] phraseProjection;

    ToyData(long seed) {
        rng = new SplittableRandom(seed);
        itemProjection = matrix(FEATURES, LATENT);
        phraseProjection = matrix(FEATURES, LATENT);
    }

    List<Pair> clicks(int n) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] z = latent();
            out.add(new Pair(observe(itemProjection, z), observe(phraseProjection, z), 0f));
        }
        return out;
    }

    List<Pair> teacherPairs(int n) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] a = latent();
            double[] b = rng.nextDouble() < 0.5 ? jitter(a) : latent();
            out.add(new Pair(observe(itemProjection, a), observe(phraseProjection, b), (float) cosine(a, b)));
        }
        return out;
    }

    /** Encodes both sides of a batch with one model (siamese) into an EmbeddingBatch labelled with the scores. */
    static EmbeddingBatch embed(ToyEncoder model, List<Pair> batch, boolean withLabels) {
        int b = batch.size();
        float[][] items = new float[b][];
        float[][] phrases = new float[b][];
        float[] scores = new float[b];
        for (int i = 0; i < b; i++) {
            items[i] = batch.get(i).item();
            phrases[i] = batch.get(i).keyphrase();
            scores[i] = batch.get(i).score();
        }
        Tensor a = model.encode(Tensor.constant(Nd4j.create(items)));   // [B, D]
        Tensor p = model.encode(Tensor.constant(Nd4j.create(phrases))); // [B, D]
        INDArray labels = withLabels ? Nd4j.create(scores, new long[] {b}, 'c') : null;
        return new EmbeddingBatch(a, p, List.of(), labels);
    }

    private double[] latent() {
        double[] z = new double[LATENT];
        for (int k = 0; k < LATENT; k++) {
            z[k] = Math.max(0, rng.nextGaussian());
        }
        z[rng.nextInt(LATENT)] += 1.0;
        return z;
    }

    private double[] jitter(double[] z) {
        double[] out = z.clone();
        for (int k = 0; k < LATENT; k++) {
            out[k] = Math.max(0, out[k] + 0.3 * rng.nextGaussian());
        }
        return out;
    }

    private float[] observe(double[][] projection, double[] z) {
        float[] x = new float[FEATURES];
        for (int f = 0; f < FEATURES; f++) {
            double v = 0.05 * rng.nextGaussian();
            for (int k = 0; k < LATENT; k++) {
                v += projection[f][k] * z[k];
            }
            x[f] = (float) v;
        }
        return x;
    }

    private double[][] matrix(int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = rng.nextGaussian() / Math.sqrt(cols);
            }
        }
        return m;
    }

    private static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb + 1e-12);
    }
}
