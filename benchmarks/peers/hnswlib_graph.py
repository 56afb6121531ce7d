# hnswlib over the files retrieval_data.py writes: build with M=16, efConstruction=200 on 1 and on 2
# threads (best of one build each), then top-10 queries one at a time on one thread at each ef,
# recall@10 against the exact truth, queries/s as the median of 5 passes over the 500 queries.
# Usage: /usr/bin/python3 hnswlib_graph.py DATADIR EF[,EF...] [INDEXFILE]
# With INDEXFILE: load it when it exists (no builds; queries only), else build as above and save
# the last-built index there (retrieval.sh hnsw-rounds alternates query passes with ours).
import os
import sys
import time

import hnswlib
import numpy as np


def load(d):
    n, dim, nq = map(int, open(f"{d}/meta.txt").read().split())
    base = np.fromfile(f"{d}/xb.f32", dtype="<f4").reshape(n, dim)
    queries = np.fromfile(f"{d}/xq.f32", dtype="<f4").reshape(nq, dim)
    truth = np.fromfile(f"{d}/truth.i32", dtype="<i4").reshape(nq, -1)
    return base, queries, truth


def main():
    d, efs = sys.argv[1], [int(e) for e in sys.argv[2].split(",")]
    base, queries, truth = load(d)
    n, dim = base.shape
    index = None
    saved = sys.argv[3] if len(sys.argv) > 3 else None
    if saved and os.path.exists(saved):
        index = hnswlib.Index(space="ip", dim=dim)
        index.load_index(saved, max_elements=n)
    for threads in (1, 2) if index is None else ():
        index = hnswlib.Index(space="ip", dim=dim)
        index.init_index(max_elements=n, ef_construction=200, M=16, random_seed=100)
        t = time.perf_counter()
        index.add_items(base, np.arange(n), num_threads=threads)
        print(f"hnswlib build n={n} d={dim} M=16 efC=200 threads={threads}: {time.perf_counter() - t:.2f} s")
    if saved and not os.path.exists(saved):
        index.save_index(saved + ".tmp")
        os.replace(saved + ".tmp", saved)
    index.set_num_threads(1)
    for ef in efs:
        index.set_ef(ef)
        found = np.vstack([index.knn_query(q[None, :], k=10)[0] for q in queries])
        recall = np.mean([len(np.intersect1d(found[i], truth[i])) / 10 for i in range(len(queries))])
        rates = []
        for _ in range(5):
            t = time.perf_counter()
            for q in queries:
                index.knn_query(q[None, :], k=10)
            rates.append(len(queries) / (time.perf_counter() - t))
        rates.sort()
        print(f"hnswlib ef={ef}: recall@10 {recall:.4f} queries/s {rates[2]:.0f} (min {rates[0]:.0f}, max {rates[4]:.0f}; 1 thread)")


if __name__ == "__main__":
    main()
