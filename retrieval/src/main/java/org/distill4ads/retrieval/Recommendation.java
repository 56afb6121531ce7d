package org.distill4ads.retrieval;

import java.util.List;

/**
 * The keyphrases recommended for one item, and every candidate that was dropped with its reason.
 *
 * @param kept     surviving keyphrases, best first, at most k
 * @param dropped  candidates removed by de-duplication or the relevance filter, in retrieval order
 */
public record Recommendation(String item, List<Scored> kept, List<Dropped> dropped) {
    /** A kept keyphrase: retrieval similarity and relevance-filter probability (NaN without a filter). */
    public record Scored(String keyphrase, float similarity, float relevance) {}

    /** Why a candidate was dropped. */
    public enum Reason { DUPLICATE, FILTERED }

    /** A dropped candidate: a duplicate of {@code duplicateOf}, or filtered with {@code relevance} below the threshold. */
    public record Dropped(String keyphrase, Reason reason, String duplicateOf, float similarity, float relevance) {
        @Override
        public String toString() {
            return reason == Reason.DUPLICATE
                    ? keyphrase + " (duplicate of \"" + duplicateOf + "\")"
                    : keyphrase + String.format(" (filtered with score %.3f)", relevance);
        }
    }
}
