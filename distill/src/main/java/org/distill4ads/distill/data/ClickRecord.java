package org.distill4ads.distill.data;

/**
 * What the click log holds for one (item, keyphrase): how often the item was shown for the
 * keyphrase and how often it was clicked.
 */
public record ClickRecord(String itemId, String keyphrase, long impressions, long clicks) {
    public ClickRecord {
        Check.nonBlank("item id", itemId);
        Check.nonBlank("keyphrase", keyphrase);
        if (impressions < 0 || clicks < 0 || clicks > impressions) {
            throw new IllegalArgumentException("(" + itemId + ", " + keyphrase + "): need 0 <= clicks <= impressions, got "
                    + clicks + " clicks and " + impressions + " impressions");
        }
    }

    /** clicks / impressions, 0 without impressions. */
    public double ctr() {
        return impressions == 0 ? 0 : (double) clicks / impressions;
    }
}
