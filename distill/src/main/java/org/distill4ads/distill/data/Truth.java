package org.distill4ads.distill.data;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Graded relevance known for certain (the simulator's hidden truth, or a human-labelled set such as
 * WANDS): 2 exact, 1 partial, 0 irrelevant. A pair not stored is irrelevant (grade 0). A
 * keyphrase counts as <em>relevant</em> to an item when its grade is at least
 * {@link #RELEVANT}.
 */
public final class Truth {
    /** The lowest grade that counts as relevant in precision and recall: exact matches only. */
    public static final int RELEVANT = 2;

    private final Map<String, Map<String, Integer>> grades = new HashMap<>();

    /** Records a grade in {0, 1, 2}; a later grade for the same pair replaces it. */
    public void put(String itemId, String keyphrase, int grade) {
        if (grade < 0 || grade > 2) {
            throw new IllegalArgumentException("(" + itemId + ", " + keyphrase + "): grade must be 0, 1 or 2, got " + grade);
        }
        grades.computeIfAbsent(itemId, k -> new HashMap<>()).put(keyphrase, grade);
    }

    /** The grade of a pair, 0 when not stored. */
    public int grade(String itemId, String keyphrase) {
        Map<String, Integer> g = grades.get(itemId);
        if (g == null) {
            return 0;
        }
        return g.getOrDefault(keyphrase, 0);
    }

    public boolean relevant(String itemId, String keyphrase) {
        return grade(itemId, keyphrase) >= RELEVANT;
    }

    /** The keyphrases relevant to an item (grade ≥ {@link #RELEVANT}), in no particular order. */
    public Set<String> relevantTo(String itemId) {
        Map<String, Integer> g = grades.getOrDefault(itemId, Map.of());
        Set<String> out = new LinkedHashSet<>();
        g.forEach((k, v) -> {
            if (v >= RELEVANT) {
                out.add(k);
            }
        });
        return out;
    }

    /** Every stored grade of an item (keyphrase → grade), read-only. */
    public Map<String, Integer> gradesOf(String itemId) {
        return Collections.unmodifiableMap(grades.getOrDefault(itemId, Map.of()));
    }

    /** Items with at least one stored grade. */
    public Set<String> items() {
        return Collections.unmodifiableSet(grades.keySet());
    }

    /** Number of stored pairs. */
    public long size() {
        long n = 0;
        for (Map<String, Integer> g : grades.values()) {
            n += g.size();
        }
        return n;
    }
}
