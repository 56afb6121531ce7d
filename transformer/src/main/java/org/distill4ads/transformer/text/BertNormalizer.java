package org.distill4ads.transformer.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * BERT's text normalization and pre-tokenization, with the semantics of Hugging Face's
 * {@code BertNormalizer} and {@code BertPreTokenizer}: remove NUL, U+FFFD and control characters;
 * map whitespace to a space; put spaces around CJK ideographs; optionally strip accents (NFD, then
 * drop non-spacing marks) and lower-case; then split on whitespace and isolate every punctuation
 * character.
 */
public final class BertNormalizer {
    private final boolean lowercase;
    private final boolean stripAccents;
    private final boolean handleChineseChars;
    private final boolean cleanText;

    public BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        this.cleanText = cleanText;
        this.handleChineseChars = handleChineseChars;
        this.stripAccents = stripAccents;
        this.lowercase = lowercase;
    }

    /** BERT uncased: every step on, accents stripped because text is lower-cased. */
    public static BertNormalizer uncased() {
        return new BertNormalizer(true, true, true, true);
    }

    public boolean lowercase() {
        return lowercase;
    }

    public boolean stripAccents() {
        return stripAccents;
    }

    public boolean handleChineseChars() {
        return handleChineseChars;
    }

    public boolean cleanText() {
        return cleanText;
    }

    public String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            if (cleanText) {
                if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                    return;
                }
                if (isWhitespace(cp)) {
                    sb.append(' ');
                    return;
                }
            }
            if (handleChineseChars && isChinese(cp)) {
                sb.append(' ').appendCodePoint(cp).append(' ');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        String s = sb.toString();
        if (stripAccents) {
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            StringBuilder out = new StringBuilder(nfd.length());
            nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
            s = out.toString();
        }
        return lowercase ? lowerEachCharacter(s) : s;
    }

    /**
     * Lower-cases code point by code point, as Hugging Face does: no context rules, so a final
     * capital sigma becomes σ, not ς (String.toLowerCase would apply the final-sigma rule).
     */
    static String lowerEachCharacter(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp < 128) {
                out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            } else {
                out.append(s.substring(i, i + n).toLowerCase(Locale.ROOT));
            }
            i += n;
        }
        return out.toString();
    }

    /** Normalized words: whitespace-separated, with each punctuation character a word of its own. */
    public List<String> preTokenize(String text) {
        String s = normalize(text);
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isWhitespace(cp)) {
                flush(cur, words);
            } else if (isPunctuation(cp)) {
                flush(cur, words);
                words.add(new String(Character.toChars(cp)));
            } else {
                cur.appendCodePoint(cp);
            }
        }
        flush(cur, words);
        return words;
    }

    private static void flush(StringBuilder cur, List<String> words) {
        if (cur.length() > 0) {
            words.add(cur.toString());
            cur.setLength(0);
        }
    }

    /** Unicode White_Space (what Rust's char::is_whitespace tests), which tab, newline and CR are. */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0B, 0x0C, '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Categories Cc, Cf, Co, Cs, Cn, except tab, newline and carriage return (treated as whitespace). */
    static boolean isControl(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        int t = Character.getType(cp);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.PRIVATE_USE
                || t == Character.SURROGATE || t == Character.UNASSIGNED;
    }

    /** ASCII punctuation (which includes $, +, <, =, >, ^, `, |, ~) or a Unicode P* category. */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        int t = Character.getType(cp);
        return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION
                || t == Character.START_PUNCTUATION || t == Character.END_PUNCTUATION
                || t == Character.INITIAL_QUOTE_PUNCTUATION || t == Character.FINAL_QUOTE_PUNCTUATION
                || t == Character.OTHER_PUNCTUATION;
    }

    /** The CJK Unified Ideographs blocks BERT treats as one token per character. */
    static boolean isChinese(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
