#!/usr/bin/env bash
# Ours against PyTorch on the same CPU, side by side in one run: encoding (EncoderBenchmark) and training
# steps (TrainingStepBenchmark) at the small and MiniLM shapes; prints ours, theirs and the ratio.
#   benchmarks/peers/encoder.sh [REPS]        (run it on an otherwise idle machine; ~13 minutes)
#   ONLY=train benchmarks/peers/encoder.sh 15  (only the four training-step rows; ~5 minutes)
#   ONLY=encode ...                            (only the encoding rows, ONNX Runtime included)
# PyTorch is Debian's python3-torch run on Debian's OpenBLAS OpenMP build, unpacked into a scratch folder
# (Debian's torch links libblas.so.3, the reference BLAS: about 4.7 GFLOPS, not a fair peer). Both sides run
# with the same OPENBLAS_CORETYPE (the ./distill4ads launcher's choice) and 2 threads.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reps=${1:-20}
only=${ONLY:-all}
case "$only" in all|train|encode) ;; *) echo "ONLY must be all, train or encode, got '$only'" >&2; exit 2 ;; esac
scratch=${PEERS_SCRATCH:-/tmp/distill4ads-peers}
mkdir -p "$scratch"

if ! /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  apt-get update -q >/dev/null && apt-get install -y -q python3-torch >/dev/null
fi
blas="$scratch/openblas-openmp"
if [ ! -d "$blas/usr/lib/x86_64-linux-gnu/openblas-openmp" ]; then
  (cd "$scratch" && apt-get download libopenblas0-openmp >/dev/null && dpkg -x libopenblas0-openmp_*.deb "$blas")
fi
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  if grep -q -m1 -w avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SKYLAKEX
  elif grep -q -m1 -w avx2 /proc/cpuinfo; then export OPENBLAS_CORETYPE=HASWELL; fi
fi
jar="$root/benchmarks/target/benchmarks.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)

echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; JDK $(java -version 2>&1 | head -1 | cut -d'"' -f2);" \
     "OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}; torch $(/usr/bin/python3 -c 'import torch; print(torch.__version__)') on OpenBLAS-openmp"
ours() { # benchmark-regex [JMH warmup options] -> "size score" lines (ms per op)
  java -jar "$jar" "$1" ${2:--wi 2 -w 3} -i 3 -r 5 -f 1 -tu ms -bm avgt -rf json -rff "$scratch/jmh.json" >/dev/null 2>&1
  /usr/bin/python3 -c 'import json,sys; [print(r.get("params", {}).get("size", "minilm"), r["benchmark"].split(".")[-1], round(r["primaryMetric"]["score"], 2)) for r in json.load(open(sys.argv[1]))]' "$scratch/jmh.json"
}
theirs() { LD_LIBRARY_PATH="$blas/usr/lib/x86_64-linux-gnu/openblas-openmp" /usr/bin/python3 "$root/benchmarks/peers/torch_peer.py" "$@" | cut -d' ' -f1; }

printf '%-8s %-32s %12s %12s %10s\n' size workload "ours (ms)" "torch (ms)" "ours/torch"
# a training step runs far more Java kernel code than an encode: 16 s of warm-up before its JIT settles
# all of ours first, then the peers: a pipe would run the torch rows while JMH still runs
rows=$( { [ "$only" = train ] || ours 'bench\.EncoderBenchmark'; [ "$only" = encode ] || ours 'bench\.TrainingStepBenchmark' '-wi 4 -w 4'; } )
while read -r size bench ms; do
  case "$bench" in
    embedBatchOf64) mode=encode; what="encode 64 x 32" ;;
    biEncoderStep) mode=train; what="bi-encoder step (MNRL + AdamW)" ;;
    crossEncoderStep) mode=cross; what="cross-encoder step (BCE + AdamW)" ;;
  esac
  peer=$(theirs "$mode" "$size" "$reps")
  printf '%-8s %-32s %12s %12s %10s\n' "$size" "$what" "$ms" "$peer" "$(/usr/bin/python3 -c "print(f'{$ms / $peer:.2f}x')")"
done <<< "$rows"
echo "(ms per batch of 64, median for torch over $reps steps, JMH average for ours; ratio > 1 means slower than torch)"
[ "$only" = train ] && exit 0
# the same pretrained MiniLM weights in ONNX Runtime (2 intra-op threads) and in our encoder, one JVM
# (JMH reports them by name: onnxRuntimeBatchOf64 first, then oursBatchOf64)
ours 'bench\.OnnxRuntimeEncoderBenchmark' | {
  read -r _ b1 ms1; read -r _ b2 ms2
  printf '%-8s %-32s %12s %12s %10s\n' minilm "encode 64 x 32, pretrained" "$ms2" "$ms1 (ORT)" "$(/usr/bin/python3 -c "print(f'{$ms2 / $ms1:.2f}x')")"
}
