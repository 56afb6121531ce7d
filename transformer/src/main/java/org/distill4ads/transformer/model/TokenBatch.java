package org.distill4ads.transformer.model;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A padded batch of token sequences as the encoder consumes it: ids, token-type ids and the
 * attention mask, each [B, T] INT.
 */
public record TokenBatch(INDArray ids, INDArray typeIds, INDArray mask) {
    public TokenBatch {
        if (ids.rank() != 2 || !Arrays.equals(ids.shape(), typeIds.shape()) || !Arrays.equals(ids.shape(), mask.shape())) {
            throw new IllegalArgumentException("ids " + Arrays.toString(ids.shape()) + ", type ids "
                    + Arrays.toString(typeIds.shape()) + " and mask " + Arrays.toString(mask.shape()) + " must all be the same [B, T]");
        }
    }

    /** From Java arrays (rows of equal length). */
    public static TokenBatch of(int[][] ids, int[][] typeIds, int[][] mask) {
        return new TokenBatch(Nd4j.createFromArray(ids), Nd4j.createFromArray(typeIds), Nd4j.createFromArray(mask));
    }

    public long batchSize() {
        return ids.size(0);
    }

    public long length() {
        return ids.size(1);
    }

    /** The mask as a [B, T] array of the given floating type. */
    public INDArray floatMask(DataType type) {
        return mask.castTo(type);
    }
}
