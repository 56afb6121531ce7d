package org.distill4ads.distill.data;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pipeline learns from: the catalog, the keyphrases buyers search, the click log
 * and the search engine's relevance scores, and — when it is known (simulated data, a labelled
 * set) — the graded truth, which only evaluation reads.
 */
public record Marketplace(List<Item> items, List<Keyphrase> keyphrases, List<ClickRecord> clicks,
                          List<RelevanceScore> relevance, Truth truth) {
    public Marketplace {
        items = List.copyOf(items);
        keyphrases = List.copyOf(keyphrases);
        clicks = List.copyOf(clicks);
        relevance = List.copyOf(relevance);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a marketplace needs at least one item");
        }
        if (keyphrases.isEmpty()) {
            throw new IllegalArgumentException("a marketplace needs at least one keyphrase");
        }
    }

    /** Items by id. */
    public Map<String, Item> itemsById() {
        Map<String, Item> byId = new HashMap<>();
        for (Item item : items) {
            if (byId.put(item.id(), item) != null) {
                throw new IllegalArgumentException("item id '" + item.id() + "' occurs twice");
            }
        }
        return byId;
    }

    public Optional<Truth> knownTruth() {
        return Optional.ofNullable(truth);
    }
}
