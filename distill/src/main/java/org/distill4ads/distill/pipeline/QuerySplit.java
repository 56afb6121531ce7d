package org.distill4ads.distill.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.distill4ads.distill.data.Marketplace;
import org.distill4ads.distill.data.Truth;

/**
 * The split of a human-judged set by query: a seeded share of the judged queries is held out, and
 * with them every product judged for one of them. No human grade of a held-out query, and none of
 * a held-out product, reaches training; the held-out queries' texts stay in the keyphrase pool (as
 * a production pool would hold them), so clicks and SR scores simulated for training products may
 * name them.
 *
 * @param heldOutQueries the held-out queries, in shuffled order
 * @param split          the products: training, and held out (those judged for a held-out query)
 */
public record QuerySplit(List<String> heldOutQueries, Split split) {
    public QuerySplit {
        heldOutQueries = List.copyOf(heldOutQueries);
    }

    /**
     * Holds out {@code share} of the judged queries (at least one, and one fewer than all), drawn
     * by shuffling the sorted queries with {@link Random}{@code (seed)}.
     */
    public static QuerySplit of(Marketplace m, double share, long seed) {
        Truth truth = m.truth();
        if (truth == null) {
            throw new IllegalArgumentException("a split by query needs the judged pairs, the marketplace has no truth");
        }
        Set<String> judged = new TreeSet<>();
        for (String item : truth.items()) {
            judged.addAll(truth.gradesOf(item).keySet());
        }
        if (judged.size() < 2) {
            throw new IllegalArgumentException("a split by query needs at least 2 judged queries, got " + judged.size());
        }
        List<String> queries = new ArrayList<>(judged);
        Collections.shuffle(queries, new Random(seed));
        int n = Math.max(1, Math.min(queries.size() - 1, (int) Math.round(queries.size() * share)));
        List<String> held = queries.subList(0, n);
        Set<String> heldSet = Set.copyOf(held);
        Set<String> heldItems = new LinkedHashSet<>();
        for (String item : truth.items()) {
            for (Map.Entry<String, Integer> g : truth.gradesOf(item).entrySet()) {
                if (heldSet.contains(g.getKey())) {
                    heldItems.add(item);
                }
            }
        }
        Split split = Split.byIds(m.items(), heldItems);
        if (split.train().isEmpty()) {
            throw new IllegalArgumentException("holding out " + n + " of " + queries.size()
                    + " queries holds out every product (each is judged for a held-out query); hold out fewer");
        }
        return new QuerySplit(held, split);
    }
}
