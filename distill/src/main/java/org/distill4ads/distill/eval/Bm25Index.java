package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Okapi BM25 over short documents (keyphrases): the lexical baseline of the ablation.
 *
 * <p>score(q, d) = Σ_{t in q} idf(t) · tf(t, d) (k1 + 1) / (tf(t, d) + k1 (1 − b + b |d| / avgdl)),
 * idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)) (the non-negative Lucene form). Tokens are
 * lower-cased runs of letters and digits. Ties break by smaller document index.
 */
public final class Bm25Index {
    private final double k1;
    private final double b;
    private final List<Map<String, Integer>> termFrequencies = new ArrayList<>();
    private final int[] lengths;
    private final Map<String, List<Integer>> postings = new HashMap<>();
    private final double averageLength;

    /** Hit: document index and score. */
    public record Hit(int doc, double score) {}

    public Bm25Index(List<String> documents) {
        this(documents, 1.2, 0.75);
    }

    public Bm25Index(List<String> documents, double k1, double b) {
        if (k1 < 0 || b < 0 || b > 1) {
            throw new IllegalArgumentException("BM25 needs k1 >= 0 and b in [0, 1], got k1=" + k1 + " b=" + b);
        }
        this.k1 = k1;
        this.b = b;
        this.lengths = new int[documents.size()];
        long total = 0;
        for (int d = 0; d < documents.size(); d++) {
            List<String> tokens = tokenize(documents.get(d));
            Map<String, Integer> tf = new HashMap<>();
            for (String t : tokens) {
                tf.merge(t, 1, Integer::sum);
            }
            termFrequencies.add(tf);
            lengths[d] = tokens.size();
            total += tokens.size();
            for (String t : tf.keySet()) {
                postings.computeIfAbsent(t, x -> new ArrayList<>()).add(d);
            }
        }
        this.averageLength = documents.isEmpty() ? 0 : total / (double) documents.size();
    }

    public static List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                cur.append(c);
            } else if (cur.length() > 0) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    public double idf(String term) {
        int n = postings.getOrDefault(term, List.of()).size();
        return Math.log(1 + (lengths.length - n + 0.5) / (n + 0.5));
    }

    /** BM25 score of one document for a query. */
    public double score(String query, int doc) {
        double s = 0;
        Map<String, Integer> tf = termFrequencies.get(doc);
        for (String t : tokenize(query)) {
            Integer f = tf.get(t);
            if (f != null) {
                s += idf(t) * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[doc] / averageLength));
            }
        }
        return s;
    }

    /** The {@code k} best documents with a positive score, best first. */
    public List<Hit> search(String query, int k) {
        if (k <= 0) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        Map<Integer, Double> acc = new HashMap<>();
        for (String t : tokenize(query)) {
            List<Integer> docs = postings.get(t);
            if (docs == null) {
                continue;
            }
            double idf = idf(t);
            for (int d : docs) {
                int f = termFrequencies.get(d).get(t);
                double w = idf * f * (k1 + 1) / (f + k1 * (1 - b + b * lengths[d] / averageLength));
                acc.merge(d, w, Double::sum);
            }
        }
        PriorityQueue<Hit> heap = new PriorityQueue<>((x, y) -> x.score() != y.score()
                ? Double.compare(x.score(), y.score()) : Integer.compare(y.doc(), x.doc()));
        for (Map.Entry<Integer, Double> e : acc.entrySet()) {
            heap.add(new Hit(e.getKey(), e.getValue()));
            if (heap.size() > k) {
                heap.poll();
            }
        }
        List<Hit> out = new ArrayList<>(heap);
        out.sort((x, y) -> x.score() != y.score() ? Double.compare(y.score(), x.score()) : Integer.compare(x.doc(), y.doc()));
        return out;
    }

    public int size() {
        return lengths.length;
    }
}
