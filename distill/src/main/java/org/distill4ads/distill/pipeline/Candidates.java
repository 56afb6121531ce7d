package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.distill4ads.distill.data.ClickRecord;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.eval.Bm25Index;
import org.distill4ads.distill.judge.JudgePair;

/**
 * Draws the (item, keyphrase) pairs the teacher labels (stage 1) and the assistant scores for
 * distillation (stage 2): per item, the best BM25 matches of its title among the keyphrases (the
 * retrieval candidates of an existing lexical system), random keyphrases (mostly negatives) and
 * every keyphrase the item was clicked for. BM25 finds pairs that share an attribute word but name
 * the product type by a synonym ("red trainers" for "Nike Sneakers Red"), which is how the judge
 * gets to teach synonyms the click log never shows. The draw is a function of the seed.
 */
public final class Candidates {
    private final List<Keyphrase> keyphrases;
    private final Bm25Index bm25;
    private final Map<String, List<String>> clicked = new HashMap<>();

    public Candidates(List<Keyphrase> keyphrases, List<ClickRecord> clicks) {
        this.keyphrases = keyphrases;
        this.bm25 = new Bm25Index(keyphrases.stream().map(Keyphrase::text).toList());
        for (ClickRecord c : clicks) {
            if (c.clicks() > 0) {
                clicked.computeIfAbsent(c.itemId(), k -> new ArrayList<>()).add(c.keyphrase());
            }
        }
    }

    /** The BM25 index over the keyphrases (the lexical baseline's retriever). */
    public Bm25Index bm25() {
        return bm25;
    }

    /**
     * Per item: {@code fromBm25} best lexical matches, {@code random} random keyphrases and its
     * clicked keyphrases, without repeats, in that order.
     */
    public List<JudgePair> draw(List<Item> items, int fromBm25, int random, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<JudgePair> out = new ArrayList<>();
        for (Item item : items) {
            Set<String> chosen = new LinkedHashSet<>();
            if (fromBm25 > 0) {
                for (Bm25Index.Hit h : bm25.search(item.title(), fromBm25)) {
                    chosen.add(keyphrases.get(h.doc()).text());
                }
            }
            int target = chosen.size() + Math.min(random, keyphrases.size() - chosen.size());
            while (chosen.size() < target) {
                chosen.add(keyphrases.get(rnd.nextInt(keyphrases.size())).text());
            }
            chosen.addAll(clicked.getOrDefault(item.id(), List.of()));
            for (String kp : chosen) {
                out.add(new JudgePair(item, kp));
            }
        }
        return out;
    }
}
