package org.distill4ads.distill.judge;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * Strict reading of an LLM judge's one-word answer. Only the surrounding whitespace, quotes,
 * markdown emphasis and punctuation are forgiven; a sentence ("The item is relevant") is not an
 * answer, because guessing at free text would silently turn refusals and hedges into labels.
 */
final class Answers {
    private Answers() {
    }

    /**
     * 1 for "relevant" or "yes", 0 for "irrelevant", "not relevant" or "no" (any case); empty for
     * anything else, including null.
     */
    static OptionalDouble label(String content) {
        if (content == null) {
            return OptionalDouble.empty();
        }
        String word = stripEnds(content.strip()).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        return switch (word) {
            case "relevant", "yes" -> OptionalDouble.of(1);
            case "irrelevant", "not relevant", "no" -> OptionalDouble.of(0);
            default -> OptionalDouble.empty();
        };
    }

    /** Drops everything that is not a letter or digit from both ends: quotes, '.', '!', '*', backticks. */
    private static String stripEnds(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && !Character.isLetterOrDigit(s.charAt(from))) {
            from++;
        }
        while (to > from && !Character.isLetterOrDigit(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    /** {@code s} cut to {@code max} characters with an ellipsis, for error messages. */
    static String truncate(String s, int max) {
        if (s == null) {
            return "null";
        }
        return s.length() <= max ? s : s.substring(0, max) + "… (" + s.length() + " chars)";
    }
}
