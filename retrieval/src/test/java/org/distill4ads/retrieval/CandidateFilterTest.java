package org.distill4ads.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.distill4ads.transformer.PairScorer;
import org.junit.jupiter.api.Test;

/** The filter scores lazily, until k candidates pass, and keeps what scoring every candidate keeps. */
class CandidateFilterTest {
    @Test
    void lazyScoringKeepsWhatScoringEveryCandidateKeepsAndScoresFewer() {
        SplittableRandom rng = new SplittableRandom(5);
        List<String> phrases = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            phrases.add("phrase " + (char) ('a' + i % 26) + " " + (i / 26));  // distinct dedup keys
        }
        Map<String, Float> score = new HashMap<>();
        List<String> items = new ArrayList<>();
        List<List<Hit>> hits = new ArrayList<>();
        for (int it = 0; it < 40; it++) {
            String item = "item " + it;
            items.add(item);
            List<Hit> h = new ArrayList<>();
            for (int j = 0; j < 30; j++) {
                int id = rng.nextInt(phrases.size());
                h.add(new Hit(id, 1f - j / 100f));
                score.put(item + "|" + phrases.get(id), (float) rng.nextDouble());
            }
            hits.add(h);
        }
        int[] scored = {0};
        PairScorer filter = (firsts, seconds) -> {
            scored[0] += firsts.size();
            float[] out = new float[firsts.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = score.get(firsts.get(i) + "|" + seconds.get(i));
            }
            return out;
        };
        int k = 5;
        float threshold = 0.6f;
        List<Recommendation> recs = new CandidateFilter(phrases::get, filter, Deduplicator.standard(), k, threshold)
                .apply(items, hits);
        int unique = 0;
        for (int it = 0; it < items.size(); it++) {
            // the reference: every unique candidate scored, the first k that pass kept
            List<String> expected = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Hit h : hits.get(it)) {
                String text = phrases.get(h.id());
                if (seen.add(Deduplicator.standard().key(text))) {
                    unique++;
                    if (score.get(items.get(it) + "|" + text) >= threshold && expected.size() < k) {
                        expected.add(text);
                    }
                }
            }
            assertEquals(expected, recs.get(it).kept().stream().map(Recommendation.Scored::keyphrase).toList(), "item " + it);
            for (Recommendation.Dropped d : recs.get(it).dropped()) {
                if (d.reason() == Recommendation.Reason.FILTERED) {
                    assertTrue(d.relevance() < threshold, d.toString());
                }
            }
        }
        assertTrue(scored[0] < unique * 0.8, "scored " + scored[0] + " of " + unique + " unique candidates");
    }
}
