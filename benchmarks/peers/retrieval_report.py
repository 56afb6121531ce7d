# Prints ours, theirs and the ratio from one retrieval.sh run: JMH JSON results (ours) and the
# peers' output lines (FAISS, hnswlib), plus the bandwidth bound from membw.
# Usage: /usr/bin/python3 retrieval_report.py exact WORKDIR DIM | hnsw WORKDIR
import json
import re
import sys


def jmh(path):
    out = {}
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        key = (name[-2], name[-1], tuple(sorted(r.get("params", {}).items())))
        out[key] = (r["primaryMetric"]["score"], r["primaryMetric"]["scoreUnit"])
    return out


def find(results, cls, method, **params):
    for (c, m, p), v in results.items():
        if c == cls and m == method and all(dict(p).get(k) == str(v2) for k, v2 in params.items()):
            return v
    raise KeyError(f"no JMH result for {cls}.{method} {params}")


def number(pattern, text, default=None):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else default


def bandwidth(work):
    try:
        text = open(f"{work}/membw.txt").read()
    except FileNotFoundError:
        return None
    return number(r"threads=2 read ([\d.]+) GB/s", text)


def exact(work, dim):
    ours = jmh(f"{work}/exact-{dim}.json")
    faiss = open(f"{work}/faiss-{dim}.txt").read()
    log = open(f"{work}/exact-{dim}.log").read()
    single, _ = find(ours, "ExactSearchBenchmark", "singleQueryTop10", dim=dim)
    batch, _ = find(ours, "ExactSearchBenchmark", "batch256Top10", dim=dim)
    int8, _ = find(ours, "Int8SearchBenchmark", "singleQueryTop10", dim=dim)
    f1 = number(rf"faiss single d={dim} threads=1: ([\d.]+) ms", faiss)
    f2 = number(rf"faiss single d={dim} threads=2: ([\d.]+) ms", faiss)
    fb = number(rf"faiss batch256 d={dim} threads=2: ([\d.]+) queries/s", faiss)
    recall = number(r"ours int8 .* recall@10 ([\d.]+)", log)
    bw = bandwidth(work)
    bound = 4e6 * dim / (bw * 1e9) * 1e3 if bw else None
    faiss_best = min(f1, f2)
    print(f"exact top-10, 1 query, 1M x {dim}: ours {single:.2f} ms | FAISS {f2:.2f} ms (2 threads), {f1:.2f} ms (1) "
          f"| ours {faiss_best / single:.2f}x FAISS's speed"
          + (f" | bandwidth bound {bound:.2f} ms ({bw:.1f} GB/s), ours at {single / bound:.2f}x it" if bound else ""))
    print(f"exact top-10, batches of 256, 1M x {dim}: ours {256 / batch:.0f} q/s | FAISS {fb:.0f} q/s "
          f"| ours {256 / batch / fb:.2f}x FAISS's queries/s")
    print(f"int8 scan + re-rank, 1 query, 1M x {dim}: {int8:.2f} ms, recall@10 {recall} | our float scan {single:.2f} ms "
          f"| int8 at {int8 / single:.2f}x the float time")


def hnsw(work):
    ours = jmh(f"{work}/hnsw.json")
    log = open(f"{work}/hnsw.log").read()
    build = open(f"{work}/hnsw-build.txt").read()
    theirs = open(f"{work}/hnswlib.txt").read()
    for threads in (1, 2):
        a = number(rf"ours build .* threads={threads}: ([\d.]+) s", build)
        b = number(rf"hnswlib build .* threads={threads}: ([\d.]+) s", theirs)
        print(f"HNSW build 100k x 128, M 16, efC 200, {threads} thread(s): ours {a:.1f} s | hnswlib {b:.1f} s | ours {a / b:.2f}x hnswlib's time")
    for (c, m, p), (score, unit) in sorted(ours.items(), key=lambda kv: int(dict(kv[0][2])["ef"])):
        ef = dict(p)["ef"]
        rec = number(rf"ef={ef}: recall@10 ([\d.]+)", log)
        their_rec = number(rf"hnswlib ef={ef}: recall@10 ([\d.]+)", theirs)
        their_qps = number(rf"hnswlib ef={ef}: recall@10 [\d.]+ queries/s (\d+)", theirs)
        print(f"HNSW query ef={ef}, 1 thread: ours {score:.0f} q/s at recall@10 {rec} | hnswlib {their_qps:.0f} q/s "
              f"at recall@10 {their_rec} | ours {score / their_qps:.2f}x hnswlib's queries/s")


def hnsw_rounds(work, rounds):
    ours, theirs = {}, {}
    for r in range(1, rounds + 1):
        log = open(f"{work}/hnsw-round-{r}.log").read()
        text = open(f"{work}/hnswlib-round-{r}.txt").read()
        for (c, m, p), (score, unit) in jmh(f"{work}/hnsw-round-{r}.json").items():
            ef = int(dict(p)["ef"])
            ours.setdefault(ef, []).append((score, number(rf"ef={ef}: recall@10 ([\d.]+)", log)))
            qps = number(rf"hnswlib ef={ef}: recall@10 [\d.]+ queries/s (\d+)", text)
            theirs.setdefault(ef, []).append((qps, number(rf"hnswlib ef={ef}: recall@10 ([\d.]+)", text)))
    for ef in sorted(ours):
        a = sorted(s for s, _ in ours[ef])
        b = sorted(s for s, _ in theirs[ef])
        ratios = sorted(x / y for (x, _), (y, _) in zip(ours[ef], theirs[ef]))
        med = lambda v: v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
        print(f"HNSW query ef={ef}, 1 thread, {rounds} alternating rounds: ours median {med(a):.0f} q/s "
              f"(rounds {', '.join(f'{s:.0f}' for s, _ in ours[ef])}; recall@10 {ours[ef][0][1]}) | hnswlib median "
              f"{med(b):.0f} q/s (rounds {', '.join(f'{s:.0f}' for s, _ in theirs[ef])}; recall@10 {theirs[ef][0][1]}) "
              f"| ratio of medians {med(a) / med(b):.2f}x, per-round ratios {', '.join(f'{x:.2f}' for x in ratios)}")


if __name__ == "__main__":
    if sys.argv[1] == "exact":
        exact(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "hnsw-rounds":
        hnsw_rounds(sys.argv[2], int(sys.argv[3]))
    else:
        hnsw(sys.argv[2])
