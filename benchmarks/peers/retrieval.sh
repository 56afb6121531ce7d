#!/usr/bin/env bash
# Retrieval side by side in one run: ours (the JMH benchmarks) against FAISS IndexFlatIP and hnswlib
# (Debian's python3-faiss and python3-hnswlib) on the same data, with the memory-bandwidth bound.
# Prints ours, theirs and the ratio. Give it the machine to itself; keep -Xmx within the RAM
# (1M x 384 float32 is 1.5 GB, held once by the store and once more by the panel copy that ExactIndex scans).
#
#   benchmarks/peers/retrieval.sh membw           # read bandwidth, 1 .. all threads (gcc, OpenMP)
#   benchmarks/peers/retrieval.sh exact 64 384    # exact single query, batches of 256, int8 (1M rows)
#   benchmarks/peers/retrieval.sh hnsw            # HNSW 100k x 128: builds, then queries at each ef
#   benchmarks/peers/retrieval.sh hnsw-rounds 3   # after `hnsw`: 3 alternating query passes each, medians
#   benchmarks/peers/retrieval.sh all             # all of the above (d = 64, 128, 384)
#
# FAISS's batched search calls BLAS sgemm; Debian's python3-faiss links libblas.so.3, which may be
# the slow reference BLAS, so FAISS runs on Debian's OpenBLAS (pthread build), unpacked into the
# work folder without installing anything system-wide. Environment: PEERS_DIR (work folder,
# default /tmp/distill4ads-retrieval-peers), JMH_ARGS (extra JMH options, e.g. -jvmArgsAppend
# -Ddistill4ads.simd=false to measure the reference kernel), EFS (default 16,24,32,48,64).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
peers="$root/benchmarks/peers"
work="${PEERS_DIR:-/tmp/distill4ads-retrieval-peers}"
jar="$root/benchmarks/target/benchmarks.jar"
py=/usr/bin/python3
efs="${EFS:-16,24,32,48,64}"
jmh_short=(-f 1 -wi 1 -w 2 -i 3 -r 2)
mkdir -p "$work"

need_peers() {
  if ! "$py" -c 'import faiss, hnswlib' 2>/dev/null; then
    echo "retrieval.sh: installing python3-faiss and python3-hnswlib (apt-get)" >&2
    apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-faiss python3-hnswlib >/dev/null
  fi
}

# Debian's libopenblas0-pthread, unpacked (not installed); prints the folder holding its libblas.so.3.
openblas_dir() {
  local dest="$work/openblas-pthread"
  if [ ! -d "$dest/usr/lib/x86_64-linux-gnu/openblas-pthread" ]; then
    (cd "$work" && rm -f libopenblas0-pthread_*.deb && apt-get download libopenblas0-pthread >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get download libopenblas0-pthread >/dev/null; })
    dpkg -x "$work"/libopenblas0-pthread_*.deb "$dest"
  fi
  echo "$dest/usr/lib/x86_64-linux-gnu/openblas-pthread"
}

need_jar() {
  if [ ! -f "$jar" ]; then
    (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
  fi
}

machine() {
  echo "machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB;" \
    "$(java -version 2>&1 | head -1); FAISS $("$py" -c 'import faiss; print(faiss.__version__)' 2>/dev/null), hnswlib $(dpkg-query -W -f '${Version}' python3-hnswlib 2>/dev/null)"
}

run_membw() {
  gcc -O3 -march=native -fopenmp "$peers/membw.c" -o "$work/membw"
  "$work/membw" | tee "$work/membw.txt"
}

run_exact() {
  local dim=$1 blas
  blas="$(openblas_dir)"
  java -jar "$jar" 'ExactSearchBenchmark|Int8SearchBenchmark' -p rows=1000000 -p dim="$dim" "${jmh_short[@]}" \
    -rf json -rff "$work/exact-$dim.json" ${JMH_ARGS:-} > "$work/exact-$dim.log" 2>&1 \
    || { tail -30 "$work/exact-$dim.log"; exit 1; }
  # OMP_WAIT_POLICY=PASSIVE: FAISS's OpenMP threads otherwise spin against the BLAS threads (3x slower batches here).
  # OPENBLAS_CORETYPE: Debian's OpenBLAS 0.3.21 does not know Sapphire Rapids either and falls back to Prescott
  # kernels (batches of 256 at d = 64: 161-172 instead of 365-452 queries/s, 2026-12-02); SKYLAKEX unless set.
  OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-SKYLAKEX}" LD_LIBRARY_PATH="$blas" OPENBLAS_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE "$py" "$peers/faiss_flat.py" 1000000 "$dim" | tee "$work/faiss-$dim.txt"
  "$py" "$peers/retrieval_report.py" exact "$work" "$dim"
}

run_hnsw() {
  local data="$work/hnsw-100k-128"
  [ -f "$data/meta.txt" ] || "$py" "$peers/retrieval_data.py" 100000 128 "$data"
  rm -f "$data/ours-M16-efC200.hnsw"
  java --add-modules jdk.incubator.vector -Xmx6g -cp "$jar" org.distill4ads.bench.HnswBuild "$data" 2>/dev/null | tee "$work/hnsw-build.txt"
  java -jar "$jar" HnswSearchBenchmark -p data="$data" -p ef="$efs" -f 1 -wi 1 -w 2 -i 5 -r 2 \
    -rf json -rff "$work/hnsw.json" ${JMH_ARGS:-} > "$work/hnsw.log" 2>&1 || { tail -30 "$work/hnsw.log"; exit 1; }
  "$py" "$peers/hnswlib_graph.py" "$data" "$efs" | tee "$work/hnswlib.txt"
  "$py" "$peers/retrieval_report.py" hnsw "$work"
}

# Query passes only, alternating ours and hnswlib ROUNDS times on the graphs of a previous `hnsw`
# run (ours: DATA/ours-M16-efC200.hnsw; hnswlib's is built once and saved), then the medians.
run_hnsw_rounds() {
  local rounds=$1 data="$work/hnsw-100k-128" r
  [ -f "$data/ours-M16-efC200.hnsw" ] || { echo "run '$0 hnsw' first (it saves our graph)" >&2; exit 1; }
  "$py" "$peers/hnswlib_graph.py" "$data" "$efs" "$data/hnswlib-M16-efC200.bin" > "$work/hnswlib-build-once.txt"
  for r in $(seq 1 "$rounds"); do
    java -jar "$jar" HnswSearchBenchmark -p data="$data" -p ef="$efs" -f 1 -wi 1 -w 2 -i 5 -r 2 \
      -rf json -rff "$work/hnsw-round-$r.json" ${JMH_ARGS:-} > "$work/hnsw-round-$r.log" 2>&1 || { tail -30 "$work/hnsw-round-$r.log"; exit 1; }
    "$py" "$peers/hnswlib_graph.py" "$data" "$efs" "$data/hnswlib-M16-efC200.bin" > "$work/hnswlib-round-$r.txt"
  done
  "$py" "$peers/retrieval_report.py" hnsw-rounds "$work" "$rounds"
}

what="${1:-all}"
shift || true
need_peers
need_jar
machine
case "$what" in
  membw) run_membw ;;
  exact) [ $# -gt 0 ] || set -- 64 128 384; for d in "$@"; do run_exact "$d"; done ;;
  hnsw) run_hnsw ;;
  hnsw-rounds) run_hnsw_rounds "${1:-3}" ;;
  all) run_membw; for d in 64 128 384; do run_exact "$d"; done; run_hnsw ;;
  *) echo "usage: $0 [membw | exact DIM... | hnsw | hnsw-rounds N | all]" >&2; exit 2 ;;
esac
