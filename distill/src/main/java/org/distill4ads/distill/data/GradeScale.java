package org.distill4ads.distill.data;

import java.util.Locale;

/**
 * How a relevance file's human grade maps to the pipeline's 0/1/2 truth (2 exact, 1 partial,
 * 0 irrelevant). A pair is relevant for the binary judge labels and the AUC when its mapped grade
 * is at least {@link Truth#RELEVANT} (2), so each scale also fixes the binary label.
 */
public enum GradeScale {
    /**
     * Crowdflower {@code median_relevance}, the median of three raters on 1–4:
     * 4 → 2, 3 → 1, 2 and 1 → 0; binary: relevant iff 4.
     */
    CROWDFLOWER_MEDIAN("a whole number 1, 2, 3 or 4", "4 -> 2, 3 -> 1, 1-2 -> 0; relevant iff 4"),
    /**
     * Home Depot {@code relevance}, the mean of raters on 1–3 (e.g. 2.33): the nearest rater grade
     * (halves up) minus 1, so 2.5–3 → 2, 1.5–2.49 → 1, 1–1.49 → 0; binary: relevant iff the mean is
     * at least 2.5.
     */
    HOME_DEPOT_MEAN("a number from 1 to 3", "round(mean) - 1 (halves up): 2.5-3 -> 2, 1.5-2.49 -> 1, 1-1.49 -> 0; relevant iff >= 2.5"),
    /** WANDS labels: Exact → 2, Partial → 1, Irrelevant → 0 (any case); binary: relevant iff Exact. */
    WANDS_LABEL("Exact, Partial or Irrelevant", "Exact -> 2, Partial -> 1, Irrelevant -> 0; relevant iff Exact"),
    /**
     * Amazon ESCI labels: E (exact) → 2, S (substitute) → 1, C (complement) → 0, I (irrelevant) → 0;
     * the full words are accepted too. Binary: relevant iff E. A complement does not answer the
     * query, so it is not a partial match here (the ESCI paper's gains are 1, 0.1, 0.01, 0).
     */
    ESCI_LABEL("E, S, C or I (or exact, substitute, complement, irrelevant)",
            "E -> 2, S -> 1, C -> 0, I -> 0; relevant iff E"),
    /** Already the pipeline's grades: 0, 1 or 2. */
    GRADE_0_2("a grade 0, 1 or 2", "0, 1, 2 as they are; relevant iff 2");

    private final String expected;
    private final String mapping;

    GradeScale(String expected, String mapping) {
        this.expected = expected;
        this.mapping = mapping;
    }

    /** What a valid raw grade looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** The mapping to 0/1/2 and to the binary label, in one line (for docs and logs). */
    public String mapping() {
        return mapping;
    }

    /** The 0/1/2 grade of a raw value, or -1 when the value is not on this scale. */
    public int grade(String raw) {
        String v = raw.trim();
        switch (this) {
            case CROWDFLOWER_MEDIAN:
                return switch (v) {
                    case "4" -> 2;
                    case "3" -> 1;
                    case "1", "2" -> 0;
                    default -> -1;
                };
            case HOME_DEPOT_MEAN:
                double mean = number(v);
                if (!(mean >= 1 && mean <= 3)) {
                    return -1;
                }
                return (int) Math.floor(mean + 0.5) - 1;
            case WANDS_LABEL:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "exact" -> 2;
                    case "partial" -> 1;
                    case "irrelevant" -> 0;
                    default -> -1;
                };
            case ESCI_LABEL:
                return switch (v.toLowerCase(Locale.ROOT)) {
                    case "e", "exact" -> 2;
                    case "s", "substitute" -> 1;
                    case "c", "complement", "i", "irrelevant" -> 0;
                    default -> -1;
                };
            case GRADE_0_2:
                return switch (v) {
                    case "0" -> 0;
                    case "1" -> 1;
                    case "2" -> 2;
                    default -> -1;
                };
            default:
                throw new AssertionError(this);
        }
    }

    private static double number(String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
