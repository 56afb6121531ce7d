package org.distill4ads.distill.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The order of batches of a multi-task run, as a pure function of (tasks' sizes, sampling,
 * seed, epoch): so the sampler's whole state is (epoch, position), which is what a checkpoint
 * stores, and resuming replays the same batches.
 *
 * <p>For epoch e a {@link SplittableRandom} seeded with {@code seed + e} first shuffles each
 * task's example indices (one split per task, in task order), then, for
 * {@link Sampling#PROPORTIONAL}, shuffles the sequence of task ids. Each occurrence of a task
 * takes that task's next batch.
 */
public final class BatchSampler {
    /** One batch: the task it comes from and the indices of its examples. */
    public record Batch(int task, int[] indices) {}

    private final int[] sizes;
    private final int[] batchSizes;
    private final boolean[] dropLast;
    private final Sampling sampling;
    private final long seed;

    public BatchSampler(List<? extends TrainingTask<?>> tasks, Sampling sampling, long seed) {
        if (tasks == null || tasks.isEmpty()) {
            throw new IllegalArgumentException("a training run needs at least one task");
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling must not be null");
        }
        int n = tasks.size();
        sizes = new int[n];
        batchSizes = new int[n];
        dropLast = new boolean[n];
        for (int t = 0; t < n; t++) {
            sizes[t] = tasks.get(t).examples().size();
            batchSizes[t] = tasks.get(t).batchSize();
            dropLast[t] = tasks.get(t).dropLast();
        }
        this.sampling = sampling;
        this.seed = seed;
    }

    /** Number of batches in every epoch. */
    public int epochLength() {
        int total = 0;
        int fewest = Integer.MAX_VALUE;
        for (int t = 0; t < sizes.length; t++) {
            int b = TrainingTask.batchCount(sizes[t], batchSizes[t], dropLast[t]);
            total += b;
            fewest = Math.min(fewest, b);
        }
        return sampling == Sampling.PROPORTIONAL ? total : fewest * sizes.length;
    }

    /** The batches of {@code epoch}, in order. */
    public List<Batch> epoch(long epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        SplittableRandom rng = new SplittableRandom(seed + epoch);
        int n = sizes.length;
        List<List<int[]>> perTask = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            perTask.add(batchesOf(t, rng.split()));
        }
        int[] order = taskOrder(perTask, rng);
        int[] next = new int[n];
        List<Batch> out = new ArrayList<>(order.length);
        for (int t : order) {
            out.add(new Batch(t, perTask.get(t).get(next[t]++)));
        }
        return out;
    }

    private List<int[]> batchesOf(int task, SplittableRandom rng) {
        int[] perm = permutation(sizes[task], rng);
        int count = TrainingTask.batchCount(sizes[task], batchSizes[task], dropLast[task]);
        List<int[]> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int from = b * batchSizes[task];
            batches.add(Arrays.copyOfRange(perm, from, Math.min(from + batchSizes[task], perm.length)));
        }
        return batches;
    }

    private int[] taskOrder(List<List<int[]>> perTask, SplittableRandom rng) {
        int n = perTask.size();
        if (sampling == Sampling.ROUND_ROBIN) {
            int rounds = perTask.stream().mapToInt(List::size).min().orElse(0);
            int[] order = new int[rounds * n];
            for (int i = 0; i < order.length; i++) {
                order[i] = i % n;
            }
            return order;
        }
        int[] order = new int[perTask.stream().mapToInt(List::size).sum()];
        int k = 0;
        for (int t = 0; t < n; t++) {
            for (int b = 0; b < perTask.get(t).size(); b++) {
                order[k++] = t;
            }
        }
        shuffle(order, rng);
        return order;
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p, rng);
        return p;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
