# Text-like vectors for the HNSW comparison, written once and read by both sides (ours: the JMH
# benchmark HnswSearchBenchmark -p data=DIR and HnswBuild; theirs: hnswlib_graph.py): 16 latent
# Gaussian dimensions through a fixed random projection to DIM, plus 0.1 Gaussian noise, each row
# L2-normalized (seed 42, as shared/anchors/hnsw_data.py). Also the exact top-10 of 500 queries.
# Usage: /usr/bin/python3 retrieval_data.py N DIM OUTDIR
import os
import sys

import numpy as np

LATENT, NOISE, QUERIES, K = 16, 0.1, 500, 10


def sample(rng, projection, rows):
    z = rng.standard_normal((rows, LATENT)).astype(np.float32)
    x = z @ projection + NOISE * rng.standard_normal((rows, projection.shape[1])).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def main():
    n, dim, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(42)
    projection = rng.standard_normal((LATENT, dim)).astype(np.float32)
    base = sample(rng, projection, n)
    queries = sample(rng, projection, QUERIES)
    scores = queries @ base.T
    truth = np.argsort(-scores, axis=1, kind="stable")[:, :K].astype(np.int32)
    base.astype("<f4").tofile(os.path.join(out, "xb.f32"))
    queries.astype("<f4").tofile(os.path.join(out, "xq.f32"))
    truth.astype("<i4").tofile(os.path.join(out, "truth.i32"))
    with open(os.path.join(out, "meta.txt"), "w") as f:
        f.write(f"{n} {dim} {QUERIES}\n")
    print(f"data: {n} x {dim} base rows, {QUERIES} queries, exact top-{K} in {out}")


if __name__ == "__main__":
    main()
