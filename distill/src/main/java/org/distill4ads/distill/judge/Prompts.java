package org.distill4ads.distill.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * Prompt templates with the placeholders {@code {title}}, {@code {category}} and
 * {@code {keyphrase}}. Substitution is a single pass, so a title that itself contains
 * "{keyphrase}" is inserted literally and never expanded.
 */
final class Prompts {
    static final String TITLE = "{title}";
    static final String CATEGORY = "{category}";
    static final String KEYPHRASE = "{keyphrase}";
    /** What an empty category is rendered as, so the prompt never shows a dangling label. */
    static final String NO_CATEGORY = "(none)";

    private Prompts() {
    }

    /** Throws when the template lacks {@code {title}} or {@code {keyphrase}}; {@code {category}} is optional. */
    static void check(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the prompt template must not be blank");
        }
        List<String> missing = new ArrayList<>();
        for (String p : List.of(TITLE, KEYPHRASE)) {
            if (!template.contains(p)) {
                missing.add(p);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the prompt template must contain " + String.join(" and ", missing)
                    + ", got: " + Answers.truncate(template, 200));
        }
    }

    static String render(String template, String title, String category, String keyphrase) {
        String cat = category == null || category.isEmpty() ? NO_CATEGORY : category;
        StringBuilder out = new StringBuilder(template.length() + title.length() + cat.length() + keyphrase.length());
        int i = 0;
        while (i < template.length()) {
            if (template.startsWith(TITLE, i)) {
                out.append(title);
                i += TITLE.length();
            } else if (template.startsWith(CATEGORY, i)) {
                out.append(cat);
                i += CATEGORY.length();
            } else if (template.startsWith(KEYPHRASE, i)) {
                out.append(keyphrase);
                i += KEYPHRASE.length();
            } else {
                out.append(template.charAt(i++));
            }
        }
        return out.toString();
    }
}
