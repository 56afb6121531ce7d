package org.distill4ads.distill.pipeline;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A training example: an item text, a keyphrase and a target (label, SR score or teacher score). */
public record PairExample(String item, String keyphrase, float target) {
    static List<String> items(List<PairExample> batch) {
        return batch.stream().map(PairExample::item).toList();
    }

    static List<String> keyphrases(List<PairExample> batch) {
        return batch.stream().map(PairExample::keyphrase).toList();
    }

    /** The targets as a float vector [B]. */
    static INDArray targets(List<PairExample> batch) {
        float[] t = new float[batch.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = batch.get(i).target();
        }
        return Nd4j.createFromArray(t);
    }
}
