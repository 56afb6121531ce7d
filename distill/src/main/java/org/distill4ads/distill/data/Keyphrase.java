package org.distill4ads.distill.data;

/**
 * A buyer query a seller can bid on.
 *
 * @param text         the query, non-blank
 * @param searchVolume how often buyers search it over the log's period, at least 0
 */
public record Keyphrase(String text, long searchVolume) {
    public Keyphrase {
        Check.nonBlank("keyphrase", text);
        if (searchVolume < 0) {
            throw new IllegalArgumentException("search volume of '" + text + "' must be at least 0, got " + searchVolume);
        }
    }
}
