package org.distill4ads.distill.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.distill4ads.distill.train.Evaluator;
import org.distill4ads.transformer.TextEmbedder;

/**
 * A held-out retrieval evaluation of a bi-encoder during training (a {@link Evaluator} for the
 * {@code Trainer}): each validation query is embedded, the whole keyphrase pool is ranked by
 * cosine (ties by pool order) and the top {@code k} are scored against the query's graded
 * relevance — plain retrieval, without the pipeline's de-duplication and filter.
 *
 * <p>For every Matryoshka size {@code d} it returns {@code recall@k} (keyphrases of grade
 * {@link #RELEVANT} or more in the top {@code k}, over all such keyphrases of the query) and
 * {@code ndcg@k} ({@link RankingMetrics#ndcgAtK}, gain 2^grade − 1, the ideal order over all
 * the query's graded keyphrases), each the mean over the queries where it is defined; the
 * first size's keys are {@code recall@10}, {@code ndcg@10}, a smaller size's
 * {@code recall@10_d32}, {@code ndcg@10_d32}. A figure no query defines is NaN.
 */
public final class RetrievalEvaluator implements Evaluator {
    /** The lowest grade that counts in recall (an exact match, as in the evaluation protocol). */
    public static final int RELEVANT = 2;

    /** One validation query: its text and the grades of its graded keyphrases (absent: 0). */
    public record Query(String text, Map<String, Integer> grades) {
        public Query {
            if (text == null || grades == null) {
                throw new IllegalArgumentException("a validation query needs a text and grades, got " + text + ", " + grades);
            }
            grades = Map.copyOf(grades);
        }
    }

    private final TextEmbedder querySide;
    private final TextEmbedder poolSide;
    private final List<Query> queries;
    private final List<String> pool;
    private final int[] dims;
    private final int k;

    /**
     * @param querySide embeds the queries (the student, or its item tower)
     * @param poolSide  embeds the pool (the same student, or its keyphrase tower)
     * @param queries   at least one validation query
     * @param pool      the keyphrases to rank, at least {@code k}
     * @param dims      the Matryoshka sizes to evaluate, the first reported without a suffix
     * @param k         the cut-off, at least 1
     */
    public RetrievalEvaluator(TextEmbedder querySide, TextEmbedder poolSide, List<Query> queries, List<String> pool,
                              int[] dims, int k) {
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("a retrieval evaluator needs at least one validation query");
        }
        if (k < 1 || pool.size() < k) {
            throw new IllegalArgumentException("need 1 <= k <= pool size, got k " + k + " and a pool of " + pool.size());
        }
        if (dims.length == 0) {
            throw new IllegalArgumentException("a retrieval evaluator needs at least one embedding size");
        }
        this.querySide = querySide;
        this.poolSide = poolSide;
        this.queries = List.copyOf(queries);
        this.pool = List.copyOf(pool);
        this.dims = dims.clone();
        this.k = k;
    }

    @Override
    public Map<String, Double> evaluate(long step) {
        List<String> texts = new ArrayList<>(queries.size());
        queries.forEach(q -> texts.add(q.text()));
        int widest = java.util.Arrays.stream(dims).max().getAsInt();
        // one pass at the widest size; a smaller size is its re-normalized prefix (the TextEmbedder contract)
        float[][] q = querySide.embed(texts, widest);
        float[][] p = poolSide.embed(pool, widest);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int d = 0; d < dims.length; d++) {
            double[] figures = figures(prefix(q, dims[d]), prefix(p, dims[d]));
            String suffix = d == 0 ? "" : "_d" + dims[d];
            out.put("recall@" + k + suffix, figures[0]);
            out.put("ndcg@" + k + suffix, figures[1]);
        }
        return out;
    }

    /** The first {@code dim} components of each row, re-normalized to unit length. */
    static float[][] prefix(float[][] rows, int dim) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length == dim) {
                out[i] = rows[i];
                continue;
            }
            float[] r = java.util.Arrays.copyOf(rows[i], dim);
            double norm = 0;
            for (float v : r) {
                norm += (double) v * v;
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int c = 0; c < dim; c++) {
                r[c] *= inv;
            }
            out[i] = r;
        }
        return out;
    }

    /** Mean recall@k and NDCG@k of the queries' embeddings {@code q} against the pool's {@code p}. */
    double[] figures(float[][] q, float[][] p) {
        double recallSum = 0;
        double ndcgSum = 0;
        int recallN = 0;
        int ndcgN = 0;
        for (int i = 0; i < q.length; i++) {
            Map<String, Integer> grades = queries.get(i).grades();
            int[] top = TopOf.k(q[i], p, k);
            int[] gains = new int[top.length];
            int hits = 0;
            for (int r = 0; r < top.length; r++) {
                gains[r] = grades.getOrDefault(pool.get(top[r]), 0);
                hits += gains[r] >= RELEVANT ? 1 : 0;
            }
            int relevant = 0;
            List<Integer> all = new ArrayList<>();
            for (int g : grades.values()) {
                relevant += g >= RELEVANT ? 1 : 0;
                if (g > 0) {
                    all.add(g);
                }
            }
            if (relevant > 0) {
                recallSum += hits / (double) relevant;
                recallN++;
            }
            double ndcg = RankingMetrics.ndcgAtK(gains, all.stream().mapToInt(Integer::intValue).toArray(), k);
            if (!Double.isNaN(ndcg)) {
                ndcgSum += ndcg;
                ndcgN++;
            }
        }
        return new double[] {recallN == 0 ? Double.NaN : recallSum / recallN, ndcgN == 0 ? Double.NaN : ndcgSum / ndcgN};
    }

    /** The indices of the {@code k} rows of {@code p} with the largest dot product with {@code q}, ties by index. */
    static final class TopOf {
        private TopOf() {
        }

        static int[] k(float[] q, float[][] p, int k) {
            double[] s = new double[p.length];
            for (int j = 0; j < p.length; j++) {
                double dot = 0;
                for (int c = 0; c < q.length; c++) {
                    dot += (double) q[c] * p[j][c];
                }
                s[j] = dot;
            }
            Integer[] order = new Integer[p.length];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
            int[] out = new int[Math.min(k, p.length)];
            for (int r = 0; r < out.length; r++) {
                out[r] = order[r];
            }
            return out;
        }
    }
}
