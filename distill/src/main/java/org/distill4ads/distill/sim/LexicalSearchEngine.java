package org.distill4ads.distill.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.distill4ads.distill.data.Item;
import org.distill4ads.distill.data.Keyphrase;
import org.distill4ads.distill.eval.Bm25Index;

/**
 * The simulated search engine's relevance model: the share of a query's distinct tokens that
 * occur in the item's title. It knows no synonyms, no stems and no spelling correction, so a
 * relevant item described with other words ("trainers" for "sneakers") scores low — the source of
 * the middleman bias the pipeline has to undo.
 */
public final class LexicalSearchEngine {
    private final List<Set<String>> queryTokens = new ArrayList<>();
    private final List<Set<String>> titleTokens = new ArrayList<>();
    private final Map<String, List<Integer>> queriesByToken = new HashMap<>();

    public LexicalSearchEngine(List<Item> items, List<Keyphrase> keyphrases) {
        for (Item item : items) {
            titleTokens.add(tokens(item.title()));
        }
        for (int q = 0; q < keyphrases.size(); q++) {
            Set<String> t = tokens(keyphrases.get(q).text());
            queryTokens.add(t);
            for (String token : t) {
                queriesByToken.computeIfAbsent(token, k -> new ArrayList<>()).add(q);
            }
        }
    }

    /** Lower-cased runs of letters and digits ({@link Bm25Index#tokenize}), distinct, in order. */
    public static Set<String> tokens(String text) {
        return new LinkedHashSet<>(Bm25Index.tokenize(text));
    }

    /** The relevance score of query {@code q} for item {@code i}, in [0, 1]. */
    public double score(int item, int query) {
        Set<String> qt = queryTokens.get(query);
        if (qt.isEmpty()) {
            return 0;
        }
        int hit = 0;
        for (String t : qt) {
            if (titleTokens.get(item).contains(t)) {
                hit++;
            }
        }
        return (double) hit / qt.size();
    }

    /** Every query sharing at least one token with the item's title, with its score (query index → score). */
    public Map<Integer, Double> scoredQueries(int item) {
        Map<Integer, Integer> hits = new HashMap<>();
        for (String t : titleTokens.get(item)) {
            for (int q : queriesByToken.getOrDefault(t, List.of())) {
                hits.merge(q, 1, Integer::sum);
            }
        }
        Map<Integer, Double> out = new HashMap<>();
        hits.forEach((q, h) -> out.put(q, (double) h / queryTokens.get(q).size()));
        return out;
    }
}
