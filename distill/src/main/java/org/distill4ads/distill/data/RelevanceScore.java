package org.distill4ads.distill.data;

/** The search engine's relevance score (SR) for one (item, keyphrase), a finite number in [0, 1]. */
public record RelevanceScore(String itemId, String keyphrase, double score) {
    public RelevanceScore {
        Check.nonBlank("item id", itemId);
        Check.nonBlank("keyphrase", keyphrase);
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("(" + itemId + ", " + keyphrase + "): relevance score must be in [0, 1], got " + score);
        }
    }
}
