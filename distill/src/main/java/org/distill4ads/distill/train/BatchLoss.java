package org.distill4ads.distill.train;

import java.util.List;
import org.distill4ads.nn.Tensor;

/**
 * Turns a batch of examples into the scalar loss of a model: it encodes the batch (once) and
 * applies a loss, so the trainer needs to know neither the model's kind nor the loss.
 *
 * <pre>{@code
 * BatchLoss<ClickPair> clicks = batch -> mnrl.compute(biEncoder.embedPairs(batch));
 * BatchLoss<JudgedPair> judge = batch -> bce.compute(crossEncoder.logits(batch), labelsOf(batch));
 * }</pre>
 *
 * Called inside a {@link org.distill4ads.nn.Tape} opened by the trainer, in training mode, after
 * the model was re-seeded for the step.
 */
@FunctionalInterface
public interface BatchLoss<E> {
    /** The mean loss of the batch, a scalar whose graph reaches the model's parameters. */
    Tensor loss(List<E> batch);
}
