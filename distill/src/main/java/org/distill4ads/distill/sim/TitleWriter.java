package org.distill4ads.distill.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes item titles the way sellers do: the type name and the attribute values in one of a few
 * orders, with noise — abbreviations, filler words, SHOUTING or Title Case, a typo, and now and
 * then the product type named twice (keyword stuffing).
 */
final class TitleWriter {
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("black", "blk"), Map.entry("white", "wht"), Map.entry("grey", "gry"), Map.entry("brown", "brn"),
            Map.entry("leather", "lthr"), Map.entry("stainless steel", "ss"), Map.entry("wireless", "wrls"),
            Map.entry("bluetooth", "bt"), Map.entry("vintage", "vtg"), Map.entry("polyester", "poly"),
            Map.entry("navy", "nvy"), Map.entry("cast iron", "cst iron"), Map.entry("headphones", "hdphones"));
    private static final List<String> FILLERS = List.of("NEW", "free shipping", "authentic", "sale", "2024", "gift",
            "fast ship", "best seller", "great condition", "L@@K");

    private final MarketplaceConfig config;

    TitleWriter(MarketplaceConfig config) {
        this.config = config;
    }

    String write(Vocabulary.Category category, Meaning item, String typeName, SplittableRandom rnd) {
        List<String> parts = new ArrayList<>();
        for (String kind : category.attributeKinds()) {
            parts.add(abbreviate(item.attributes().get(kind), rnd));
        }
        // sellers put the brand (or style) first more often than not; the rest in random order
        for (int i = parts.size() - 1; i > 1; i--) {
            int j = 1 + rnd.nextInt(i);
            String t = parts.get(i);
            parts.set(i, parts.get(j));
            parts.set(j, t);
        }
        if (rnd.nextDouble() < 0.5) {
            parts.add(0, parts.remove(1));
        }
        String type = abbreviate(typeName, rnd);
        parts.add(rnd.nextInt(parts.size() + 1), type);
        List<String> names = category.types().get(item.type()).names();
        if (names.size() > 1 && rnd.nextDouble() < config.keywordStuffingRate()) {
            String other;
            do {
                other = names.get(rnd.nextInt(names.size()));
            } while (other.equals(typeName));
            parts.add(other);
        }
        if (rnd.nextDouble() < config.fillerRate()) {
            String filler = FILLERS.get(rnd.nextInt(FILLERS.size()));
            if (rnd.nextBoolean()) {
                parts.add(0, filler);
            } else {
                parts.add(filler);
            }
        }
        if (rnd.nextDouble() < config.typoRate()) {
            int i = rnd.nextInt(parts.size());
            parts.set(i, typo(parts.get(i), rnd));
        }
        String title = String.join(" ", parts);
        double caseRoll = rnd.nextDouble();
        if (caseRoll < 0.15) {
            return title.toUpperCase(Locale.ROOT);
        } else if (caseRoll < 0.6) {
            return titleCase(title);
        }
        return title;
    }

    private String abbreviate(String word, SplittableRandom rnd) {
        String abbreviation = ABBREVIATIONS.get(word);
        return abbreviation != null && rnd.nextDouble() < config.abbreviationRate() ? abbreviation : word;
    }

    /** Swaps two neighbouring letters inside the word's longest token (of at least four letters). */
    static String typo(String words, SplittableRandom rnd) {
        String[] tokens = words.split(" ");
        int best = -1;
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].length() >= 4 && (best < 0 || tokens[i].length() > tokens[best].length())) {
                best = i;
            }
        }
        if (best < 0) {
            return words;
        }
        char[] c = tokens[best].toCharArray();
        int at = 1 + rnd.nextInt(c.length - 2);
        char t = c[at];
        c[at] = c[at + 1];
        c[at + 1] = t;
        tokens[best] = new String(c);
        return String.join(" ", tokens);
    }

    static String titleCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean start = true;
        for (char ch : s.toCharArray()) {
            out.append(start ? Character.toUpperCase(ch) : ch);
            start = ch == ' ';
        }
        return out.toString();
    }
}
