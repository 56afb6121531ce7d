package org.distill4ads.transformer.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a WordPiece vocabulary from a corpus, for models trained from scratch.
 *
 * <p>The vocabulary is: the special tokens; every character seen, alone and as a continuation
 * ({@code ##c}), so every word can be covered; then, by descending frequency in the corpus
 * (ties broken lexicographically), whole words, word prefixes and continuation suffixes of at
 * least two characters, until the target size. The same corpus and size give the same vocabulary.
 */
public final class WordPieceVocabLearner {
    public static final List<String> SPECIAL = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

    private final BertNormalizer normalizer;

    public WordPieceVocabLearner(BertNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public List<String> learn(Iterable<String> corpus, int size) {
        Map<String, Long> words = new HashMap<>();
        for (String text : corpus) {
            for (String w : normalizer.preTokenize(text)) {
                words.merge(w, 1L, Long::sum);
            }
        }
        Set<String> vocab = new LinkedHashSet<>(SPECIAL);
        TreeSet<String> chars = new TreeSet<>();
        Map<String, Long> pieces = new HashMap<>();
        words.forEach((w, c) -> {
            int[] cps = w.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                String ch = new String(cps, i, 1);
                chars.add(ch);
                chars.add("##" + ch);
            }
            pieces.merge(w, c, Long::sum);
            for (int end = 2; end < cps.length; end++) {
                pieces.merge(new String(cps, 0, end), c, Long::sum);
            }
            for (int start = 1; start <= cps.length - 2; start++) {
                pieces.merge("##" + new String(cps, start, cps.length - start), c, Long::sum);
            }
        });
        vocab.addAll(chars);
        if (vocab.size() > size) {
            throw new IllegalArgumentException("vocabulary size " + size + " is smaller than the " + vocab.size()
                    + " special tokens and characters the corpus needs");
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(pieces.entrySet());
        ranked.sort((a, b) -> !a.getValue().equals(b.getValue()) ? Long.compare(b.getValue(), a.getValue()) : a.getKey().compareTo(b.getKey()));
        for (Map.Entry<String, Long> e : ranked) {
            if (vocab.size() >= size) {
                break;
            }
            vocab.add(e.getKey());
        }
        return new ArrayList<>(vocab);
    }
}
