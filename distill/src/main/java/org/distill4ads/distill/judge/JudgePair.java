package org.distill4ads.distill.judge;

import org.distill4ads.distill.data.Item;

/** A question for a judge: is {@code keyphrase} a relevant query for {@code item}? */
public record JudgePair(Item item, String keyphrase) {
    public JudgePair {
        if (item == null || keyphrase == null || keyphrase.isBlank()) {
            throw new IllegalArgumentException("a judge pair needs an item and a non-blank keyphrase, got " + item + ", '" + keyphrase + "'");
        }
    }
}
