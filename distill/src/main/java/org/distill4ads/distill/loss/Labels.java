package org.distill4ads.distill.loss;

import java.util.Arrays;
import org.distill4ads.nn.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shape and value checks shared by the losses, with messages that name the loss and the value. */
final class Labels {
    private Labels() {}

    /** Checks scores [N] against labels [N]; returns the labels cast to the scores' data type. */
    static INDArray vector(String loss, Tensor scores, INDArray labels, int minSize) {
        if (labels == null) {
            throw new IllegalArgumentException(loss + " needs labels, got null");
        }
        if (scores.rank() != 1) {
            throw new IllegalArgumentException(loss + " needs scores of shape [N], got " + Arrays.toString(scores.shape()));
        }
        long n = scores.size(0);
        if (labels.length() != n || (labels.rank() > 1 && labels.size(0) != n)) {
            throw new IllegalArgumentException(loss + ": labels " + Arrays.toString(labels.shape())
                    + " must hold one value per score, N = " + n);
        }
        if (n < minSize) {
            throw new IllegalArgumentException(loss + " needs at least " + minSize + " pairs per batch, got " + n);
        }
        return finite(loss, labels.reshape(n).castTo(scores.dataType()));
    }

    /** Checks labels with the scores' exact shape. */
    static INDArray sameShape(String loss, Tensor scores, INDArray labels) {
        if (labels == null || !Arrays.equals(labels.shape(), scores.shape())) {
            throw new IllegalArgumentException(loss + ": labels " + (labels == null ? "null" : Arrays.toString(labels.shape()))
                    + " must have the scores' shape " + Arrays.toString(scores.shape()));
        }
        return finite(loss, labels.castTo(scores.dataType()));
    }

    static INDArray finite(String loss, INDArray labels) {
        for (long i = 0; i < labels.length(); i++) {
            double v = labels.getDouble(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(loss + ": label " + i + " is " + v + ", labels must be finite");
            }
        }
        return labels;
    }

    static double positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
        return v;
    }
}
