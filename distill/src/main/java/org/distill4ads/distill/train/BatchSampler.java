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
 *
 * <p>A task with {@linkplain TrainingTask#distinct no-duplicates keys} keeps its number of batches,
 * but fills them as sentence-transformers' {@code NoDuplicatesBatchSampler} does: batch after batch,
 * it takes the first examples of the shuffled order not yet used whose keys are not yet in the
 * batch; an example that would repeat a key waits for a later batch. Every example is used at
 * most once an epoch and a batch never holds a key twice; when the keys make that impossible (the
 * examples left over cannot fill the last batches) those batches are shorter, and the examples that
 * did not fit — as many as a dropped last batch, at most, unless one key dominates the data — wait
 * for the next epoch's shuffle.
 */
public final class BatchSampler {
    /** One batch: the task it comes from and the indices of its examples. */
    public record Batch(int task, int[] indices) {}

    private final int[] sizes;
    private final int[] batchSizes;
    private final boolean[] dropLast;
    /** Per task: null, or each example's keys as ids (no-duplicates tasks). */
    private final int[][][] keys;
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
        keys = new int[n][][];
        for (int t = 0; t < n; t++) {
            sizes[t] = tasks.get(t).examples().size();
            batchSizes[t] = tasks.get(t).batchSize();
            dropLast[t] = tasks.get(t).dropLast();
            keys[t] = keyIds(tasks.get(t));
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
        if (keys[task] != null) {
            return withoutDuplicates(perm, count, batchSizes[task], keys[task]);
        }
        List<int[]> batches = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            int from = b * batchSizes[task];
            batches.add(Arrays.copyOfRange(perm, from, Math.min(from + batchSizes[task], perm.length)));
        }
        return batches;
    }

    /**
     * {@code count} batches of at most {@code size} from the order {@code perm}, none holding a key
     * twice: each batch scans the unused examples in order and takes those whose keys it lacks. A
     * batch the scan leaves short (the tail of the epoch, where the examples left over clash) is
     * topped up by swaps: an unused example goes into an earlier batch in place of one of that
     * batch's examples that fits here, the latest batch first.
     */
    static List<int[]> withoutDuplicates(int[] perm, int count, int size, int[][] keyIds) {
        boolean[] used = new boolean[perm.length];
        List<int[]> batches = new ArrayList<>(count);
        List<java.util.Set<Integer>> batchKeys = new ArrayList<>(count);
        int first = 0; // every position before it is used
        for (int b = 0; b < count; b++) {
            while (first < perm.length && used[first]) {
                first++;
            }
            int[] batch = new int[size];
            java.util.Set<Integer> keys = new java.util.HashSet<>();
            int filled = 0;
            for (int pos = first; pos < perm.length && filled < size; pos++) {
                if (!used[pos] && fits(keyIds[perm[pos]], keys, null)) {
                    add(keys, keyIds[perm[pos]]);
                    used[pos] = true;
                    batch[filled++] = perm[pos];
                }
            }
            for (int pos = first; pos < perm.length && filled < size; pos++) {
                if (!used[pos] && swapIn(perm[pos], batches, batchKeys, keyIds, keys, batch, filled)) {
                    used[pos] = true;
                    filled++;
                }
            }
            batches.add(filled == size ? batch : Arrays.copyOf(batch, filled));
            batchKeys.add(keys);
        }
        return batches;
    }

    /**
     * Puts {@code x} into an earlier batch in place of an example {@code y} that fits the current
     * batch, and {@code y} at {@code batch[filled]}; false when no such swap exists.
     */
    private static boolean swapIn(int x, List<int[]> batches, List<java.util.Set<Integer>> batchKeys, int[][] keyIds,
                                  java.util.Set<Integer> keys, int[] batch, int filled) {
        for (int j = batches.size() - 1; j >= 0; j--) {
            int[] earlier = batches.get(j);
            java.util.Set<Integer> earlierKeys = batchKeys.get(j);
            for (int p = 0; p < earlier.length; p++) {
                int y = earlier[p];
                if (fits(keyIds[y], keys, null) && fits(keyIds[x], earlierKeys, keyIds[y])) {
                    for (int k : keyIds[y]) {
                        earlierKeys.remove(k);
                    }
                    add(earlierKeys, keyIds[x]);
                    earlier[p] = x;
                    add(keys, keyIds[y]);
                    batch[filled] = y;
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether none of {@code exampleKeys} is in {@code batchKeys}, not counting the keys of {@code leaving}. */
    private static boolean fits(int[] exampleKeys, java.util.Set<Integer> batchKeys, int[] leaving) {
        for (int key : exampleKeys) {
            if (batchKeys.contains(key) && (leaving == null || !contains(leaving, key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    private static void add(java.util.Set<Integer> batchKeys, int[] exampleKeys) {
        for (int k : exampleKeys) {
            batchKeys.add(k);
        }
    }

    /** Each example's keys as small ids, or null for a task without the constraint. */
    private static <E> int[][] keyIds(TrainingTask<E> task) {
        if (task.distinct() == null) {
            return null;
        }
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        List<E> examples = task.examples();
        int[][] out = new int[examples.size()][];
        for (int i = 0; i < out.length; i++) {
            java.util.Collection<String> k = task.distinct().apply(examples.get(i));
            if (k == null) {
                throw new IllegalArgumentException("task '" + task.name() + "': the no-duplicates keys of example " + i
                        + " are null");
            }
            out[i] = k.stream().distinct().mapToInt(key -> ids.computeIfAbsent(key, x -> ids.size())).toArray();
        }
        return out;
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
