# FAISS IndexFlatIP exact top-10 over N random unit vectors of DIM (i.i.d. Gaussian, normalized:
# the distribution ExactSearchBenchmark and Int8SearchBenchmark draw from), one query at a time
# on 1 and on 2 threads, and batches of 256 queries on 2 threads. Prints one line per figure.
# Run with Debian's OpenBLAS (retrieval.sh sets LD_LIBRARY_PATH); batches go through BLAS sgemm.
# Usage: /usr/bin/python3 faiss_flat.py N DIM
import sys
import time

import faiss
import numpy as np


def unit(rng, rows, dim):
    x = rng.standard_normal((rows, dim), dtype=np.float32)
    faiss.normalize_L2(x)
    return x


def timed(index, queries, reps, batch):
    times = []
    for r in range(reps):
        start = (r * batch) % (len(queries) - batch + 1)
        t = time.perf_counter()
        index.search(queries[start:start + batch], 10)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2], times[0], times[-1]


def main():
    n, dim = int(sys.argv[1]), int(sys.argv[2])
    rng = np.random.default_rng(7)
    index = faiss.IndexFlatIP(dim)
    index.add(unit(rng, n, dim))
    queries = unit(rng, 1024, dim)
    index.search(queries[:4], 10)  # warm-up
    for threads in (1, 2):
        faiss.omp_set_num_threads(threads)
        med, lo, hi = timed(index, queries, 31, 1)
        print(f"faiss single d={dim} threads={threads}: {med * 1e3:.2f} ms/query "
              f"(min {lo * 1e3:.2f}, max {hi * 1e3:.2f}, 31 queries; {4 * n * dim / med / 1e9:.1f} GB/s)")
    faiss.omp_set_num_threads(2)
    index.search(queries[:256], 10)
    med, lo, hi = timed(index, queries, 5, 256)
    print(f"faiss batch256 d={dim} threads=2: {256 / med:.0f} queries/s "
          f"({med:.3f} s per batch, min {lo:.3f}, max {hi:.3f}, 5 batches)")


if __name__ == "__main__":
    main()
