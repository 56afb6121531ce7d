package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides when two keyphrases say the same thing: both reduce to the same normalized multiset of
 * tokens. Normalization lower-cases, treats punctuation as space, folds simple English plurals
 * (shoes → shoe, boxes → box, berries → berry, dresses → dress; glass, bus, news stay), optionally
 * drops stop words, and sorts the tokens (word order does not matter).
 *
 * <p>Thread safety: immutable; safe to share between threads.
 */
public final class Deduplicator {
    private static final Set<String> KEEP = Set.of("glass", "bus", "news", "lens", "pants", "jeans", "shorts", "series", "species", "is", "was", "this", "its");
    private static final Set<String> STOP = Set.of("a", "an", "the", "for", "of", "and", "with", "in", "on", "to");

    private final boolean foldPlurals;
    private final boolean dropStopWords;

    public Deduplicator(boolean foldPlurals, boolean dropStopWords) {
        this.foldPlurals = foldPlurals;
        this.dropStopWords = dropStopWords;
    }

    /** Plural folding on, stop words kept. */
    public static Deduplicator standard() {
        return new Deduplicator(true, false);
    }

    /** The canonical key of a keyphrase: its normalized tokens, sorted, joined by one space. */
    public String key(String keyphrase) {
        List<String> tokens = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String s = keyphrase.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                cur.append(c);
            } else if (cur.length() > 0) {
                String t = cur.toString();
                cur.setLength(0);
                if (dropStopWords && STOP.contains(t)) {
                    continue;
                }
                tokens.add(foldPlurals ? singular(t) : t);
            }
        }
        tokens.sort(null);
        return String.join(" ", tokens);
    }

    static String singular(String t) {
        if (t.length() <= 3 || KEEP.contains(t) || t.endsWith("ss") || t.endsWith("us") || t.endsWith("is")) {
            return t;
        }
        if (t.endsWith("ies") && t.length() > 4) {
            return t.substring(0, t.length() - 3) + "y";
        }
        if (t.endsWith("sses") || t.endsWith("xes") || t.endsWith("ches") || t.endsWith("shes") || t.endsWith("zes")) {
            return t.substring(0, t.length() - 2);
        }
        if (t.endsWith("s")) {
            return t.substring(0, t.length() - 1);
        }
        return t;
    }
}
