package org.distill4ads.distill.judge;

import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.transformer.model.CrossEncoder;

/** A question for a judge: is {@code keyphrase} a relevant query for {@code item}? */
public record JudgePair(Item item, String keyphrase) {
    public JudgePair {
        if (item == null || keyphrase == null || keyphrase.isBlank()) {
            throw new IllegalArgumentException("a judge pair needs an item and a non-blank keyphrase, got " + item + ", '" + keyphrase + "'");
        }
    }

    /** The cross-encoder pairs of these questions, in the assistant's format ({@link PairText}). */
    public static List<CrossEncoder.Pair> texts(List<JudgePair> pairs) {
        return pairs.stream().map(p -> PairText.of(p.item(), p.keyphrase())).toList();
    }
}
