package org.distill4ads.distill.train;

import java.util.List;

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
 */
public record TrainingTask<E>(String name, List<E> examples, int batchSize, BatchLoss<E> loss, double weight,
                              boolean dropLast) {
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

    /** Weight 1, last partial batch dropped. */
    public static <E> TrainingTask<E> of(String name, List<E> examples, int batchSize, BatchLoss<E> loss) {
        return new TrainingTask<>(name, examples, batchSize, loss, 1.0, true);
    }

    /** The same task with another loss weight. */
    public TrainingTask<E> withWeight(double newWeight) {
        return new TrainingTask<>(name, examples, batchSize, loss, newWeight, dropLast);
    }

    /** Batches per epoch. */
    public int batchesPerEpoch() {
        return batchCount(examples.size(), batchSize, dropLast);
    }

    static int batchCount(int n, int batchSize, boolean dropLast) {
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }
}
