package org.distill4ads.distill.data;

/**
 * A relevance judgment of (item, keyphrase): {@code label} 1 relevant, 0 irrelevant, or a graded
 * score in between (e.g. a judge's probability).
 */
public record Judgment(String itemId, String keyphrase, double label) {
    public Judgment {
        Check.nonBlank("item id", itemId);
        Check.nonBlank("keyphrase", keyphrase);
        if (!(label >= 0 && label <= 1)) {
            throw new IllegalArgumentException("(" + itemId + ", " + keyphrase + "): a judgment's label must be in [0, 1], got " + label);
        }
    }

    public boolean relevant() {
        return label >= 0.5;
    }
}
