package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.transformer.PairScorer;

/**
 * Remembers the relevance filter's score of every pair it has seen, so the systems of one
 * evaluation, which retrieve largely the same candidates, pay for each pair once.
 */
public final class CachingPairScorer implements PairScorer {
    private final PairScorer inner;
    private final Map<String, Float> cache = new HashMap<>();

    public CachingPairScorer(PairScorer inner) {
        this.inner = inner;
    }

    @Override
    public synchronized float[] score(List<String> firsts, List<String> seconds) {
        if (firsts.size() != seconds.size()) {
            throw new IllegalArgumentException(firsts.size() + " firsts but " + seconds.size() + " seconds");
        }
        List<String> missFirst = new ArrayList<>();
        List<String> missSecond = new ArrayList<>();
        Map<String, Integer> pending = new HashMap<>();
        for (int i = 0; i < firsts.size(); i++) {
            String key = firsts.get(i) + '\u0000' + seconds.get(i);
            if (!cache.containsKey(key) && pending.putIfAbsent(key, missFirst.size()) == null) {
                missFirst.add(firsts.get(i));
                missSecond.add(seconds.get(i));
            }
        }
        if (!missFirst.isEmpty()) {
            float[] s = inner.score(missFirst, missSecond);
            for (int i = 0; i < s.length; i++) {
                cache.put(missFirst.get(i) + '\u0000' + missSecond.get(i), s[i]);
            }
        }
        float[] out = new float[firsts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = cache.get(firsts.get(i) + '\u0000' + seconds.get(i));
        }
        return out;
    }
}
