package org.distill4ads.distill.judge;

import java.util.ArrayList;
import java.util.List;
import org.distill4ads.distill.data.Item;
import org.distill4ads.transformer.PairScorer;
import org.distill4ads.transformer.model.CrossEncoder;

/**
 * The assistant's input, as in the paper's companion work ("To Judge or not to Judge"):
 * {@code keyphrase [SEP] category [SEP] item title}, that is the token sequence
 * {@code [CLS] keyphrase [SEP] category [SEP] title [SEP]} (type ids 0 for the keyphrase, 1 after
 * the first [SEP]); an item without a category gives {@code [CLS] keyphrase [SEP] title [SEP]}.
 * Every caller of the cross-encoder in this module (training, teacher scores, the relevance filter
 * of the evaluation, serving) builds its pairs here, from the item text {@link Item#text()}
 * ({@code title | category}) and the keyphrase.
 */
public final class PairText {
    private static final String BAR = " | ";

    private PairText() {
    }

    /** The cross-encoder pair of an item text ({@code title | category}) and a keyphrase. */
    public static CrossEncoder.Pair of(String itemText, String keyphrase) {
        int bar = itemText.lastIndexOf(BAR);
        String title = bar < 0 ? itemText : itemText.substring(0, bar);
        String category = bar < 0 ? "" : itemText.substring(bar + BAR.length());
        return new CrossEncoder.Pair(keyphrase, category.isEmpty() ? title : category + " [SEP] " + title);
    }

    public static CrossEncoder.Pair of(Item item, String keyphrase) {
        return of(item.text(), keyphrase);
    }

    /** Pairs of parallel lists of item texts and keyphrases. */
    public static List<CrossEncoder.Pair> of(List<String> itemTexts, List<String> keyphrases) {
        if (itemTexts.size() != keyphrases.size()) {
            throw new IllegalArgumentException(itemTexts.size() + " item texts but " + keyphrases.size() + " keyphrases");
        }
        List<CrossEncoder.Pair> out = new ArrayList<>(itemTexts.size());
        for (int i = 0; i < itemTexts.size(); i++) {
            out.add(of(itemTexts.get(i), keyphrases.get(i)));
        }
        return out;
    }

    /**
     * The cross-encoder as the relevance filter of (item text, keyphrase) pairs, in this format:
     * what {@code KeyphraseRecommender} and {@code CandidateFilter} call. Synchronized on the model,
     * which is never run by two threads at once.
     */
    public static PairScorer scorer(CrossEncoder model) {
        return (itemTexts, keyphrases) -> {
            synchronized (model) {
                return model.predict(of(itemTexts, keyphrases), CrossEncoder.DEFAULT_BATCH);
            }
        };
    }
}
