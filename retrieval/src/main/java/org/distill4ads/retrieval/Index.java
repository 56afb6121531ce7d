package org.distill4ads.retrieval;

import java.util.ArrayList;
import java.util.List;

/**
 * Top-k search by inner product over unit-length keyphrase embeddings, at any Matryoshka prefix
 * dimension {@code dim} (the first {@code dim} components of query and rows, each re-normalized).
 * Implementations are safe for concurrent queries (each states how, and what it sees of rows added
 * to the store after it was built).
 */
public interface Index {
    /** The {@code k} best rows for one query, best first; ties go to the smaller id. */
    List<Hit> search(float[] query, int k, int dim);

    /** One result list per query. */
    default List<List<Hit>> search(float[][] queries, int k, int dim) {
        List<List<Hit>> out = new ArrayList<>(queries.length);
        for (float[] q : queries) {
            out.add(search(q, k, dim));
        }
        return out;
    }

    int size();
}
