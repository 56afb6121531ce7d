package org.distill4ads.distill.train;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * One dataset of a multi-task run and how to learn from it: the trainer draws batches of
 * {@code batchSize} examples, asks {@code loss} for their loss and scales it by {@code weight}.
 *
 * @param name      unique name, used in logs, metrics and error messages
 * @param examples  the dataset (shuffled anew every epoch; never modified)
 * @param batchSize examples per batch, at least 1
 * @param loss      the model's loss on a batch
 * @param weight    multiplier of this task's loss in the gradient (positive, finite); it does not
 *                  change how often the task is sampled
 * @param dropLast  drop the last, smaller batch of each epoch (recommended for in-batch-negative
 *                  and correlation losses, whose meaning depends on the batch size)
 * @param distinct  null, or the keys of an example (e.g. its item and its keyphrase) of which a batch
 *                  may hold each at most once: an in-batch-negative loss takes every other example
 *                  of the batch as a negative, so a second pair of the same item would be a false
 *                  negative ({@link BatchSampler} then fills batches as sentence-transformers'
 *                  no-duplicates sampler does)
 */
public record TrainingTask<E>(String name, List<E> examples, int batchSize, BatchLoss<E> loss, double weight,
                              boolean dropLast, Function<? super E, ? extends Collection<String>> distinct) {
    public TrainingTask {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a task needs a non-blank name, got '" + name + "'");
        }
        if (examples == null || examples.isEmpty()) {
            throw new IllegalArgumentException("task '" + name + "' has no examples");
        }
        examples = List.copyOf(examples);
        if (batchSize < 1) {
            throw new IllegalArgumentException("task '" + name + "': batch size must be at least 1, got " + batchSize);
        }
        if (loss == null) {
            throw new IllegalArgumentException("task '" + name + "' needs a loss, got null");
        }
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("task '" + name + "': weight must be positive and finite, got " + weight);
        }
        if (batchCount(examples.size(), batchSize, dropLast) == 0) {
            throw new IllegalArgumentException("task '" + name + "' has " + examples.size()
                    + " examples, fewer than one full batch of " + batchSize);
        }
    }

    /** Without a no-duplicates constraint. */
    public TrainingTask(String name, List<E> examples, int batchSize, BatchLoss<E> loss, double weight, boolean dropLast) {
        this(name, examples, batchSize, loss, weight, dropLast, null);
    }

    /** Weight 1, last partial batch dropped. */
    public static <E> TrainingTask<E> of(String name, List<E> examples, int batchSize, BatchLoss<E> loss) {
        return new TrainingTask<>(name, examples, batchSize, loss, 1.0, true, null);
    }

    /** The same task with another loss weight. */
    public TrainingTask<E> withWeight(double newWeight) {
        return new TrainingTask<>(name, examples, batchSize, loss, newWeight, dropLast, distinct);
    }

    /** The same task, whose batches hold no two examples sharing a key of {@code keys} (see {@link #distinct}). */
    public TrainingTask<E> withNoDuplicates(Function<? super E, ? extends Collection<String>> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("task '" + name + "': the no-duplicates keys must not be null");
        }
        return new TrainingTask<>(name, examples, batchSize, loss, weight, dropLast, keys);
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batchCount(examples.size(), batchSize, dropLast);
    }

    static int batchCount(int n, int batchSize, boolean dropLast) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }
}
