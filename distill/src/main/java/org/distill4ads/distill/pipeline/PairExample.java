package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.RelevanceScore;
import org.distill4ads.distill.judge.PairText;
import org.distill4ads.transformer.model.CrossEncoder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A training example: an item text, a keyphrase and a target (label, SR score or teacher score). */
public record PairExample(String item, String keyphrase, float target) {
    /** The clicked pairs (at least one click) of the items {@code keep} accepts, target 1, in log order. */
    public static List<PairExample> clicked(List<ClickRecord> log, Map<String, Item> items, Predicate<String> keep) {
        List<PairExample> out = new ArrayList<>();
        for (ClickRecord c : log) {
            if (c.clicks() > 0 && keep.test(c.itemId())) {
                out.add(new PairExample(items.get(c.itemId()).text(), c.keyphrase(), 1f));
            }
        }
        return out;
    }

    /** The scored pairs (SR or teacher scores) of the items {@code keep} accepts, target the score, in order. */
    public static List<PairExample> scored(List<RelevanceScore> scores, Map<String, Item> items, Predicate<String> keep) {
        List<PairExample> out = new ArrayList<>();
        for (RelevanceScore r : scores) {
            if (keep.test(r.itemId())) {
                out.add(new PairExample(items.get(r.itemId()).text(), r.keyphrase(), (float) r.score()));
            }
        }
        return out;
    }

    static List<String> items(List<PairExample> batch) {
        return batch.stream().map(PairExample::item).toList();
    }

    static List<String> keyphrases(List<PairExample> batch) {
        return batch.stream().map(PairExample::keyphrase).toList();
    }

    /** The cross-encoder pairs, in the assistant's format ({@link PairText}). */
    static List<CrossEncoder.Pair> pairs(List<PairExample> batch) {
        return batch.stream().map(e -> PairText.of(e.item(), e.keyphrase())).toList();
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
