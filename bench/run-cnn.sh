#!/usr/bin/env bash
# bench/run-cnn.sh — periodic-CNN throughput: the native CPU tier (JMH CnnBenchmark: forward and one
# DSM training step, 16×16 and 32×32, 16 channels, batch 64, F32 and F64) against PyTorch on the CPU
# (bench/peers/torch_cnn.py, same network, batch, precision and step), alternating REPS times so that
# both see the same load from other jobs; the summary takes medians over the repetitions. Usage:
#   bench/run-cnn.sh [--no-build]
# Environment: REPS (default 3), THREADS (default 2), BENCH_OUT (default target/bench-cnn),
#   RESULT (default bench/results/cnn-cpu.json), JMH_ARGS (default "-f 1 -wi 2 -i 5 -w 1s -r 2s").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPS="${REPS:-3}"
THREADS="${THREADS:-2}"
OUT="${BENCH_OUT:-target/bench-cnn}"
RESULT="${RESULT:-bench/results/cnn-cpu.json}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 5 -w 1s -r 2s}"
# Debian's PyTorch installs into /usr/bin/python3 (another python3 on PATH would not see it).
TORCH_PY=/usr/bin/python3
if ! "$TORCH_PY" -c 'import torch' 2>/dev/null; then
  SUDO=""; [[ "$(id -u)" == 0 ]] || SUDO=sudo
  $SUDO apt-get install -y python3-torch python3-numpy
fi
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -Pbench -o -q -DskipTests package || mvn -Pbench -q -DskipTests package
fi
mkdir -p "$OUT" "$(dirname "$RESULT")"
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" | tee "$OUT/host.txt"
: > "$OUT/torch.jsonl"
for rep in $(seq 1 "$REPS"); do
  echo "rep $rep: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/host.txt"
  # shellcheck disable=SC2086
  java -cp target/scorefdt.jar org.openjdk.jmh.Main 'org.scorefdt.bench.CnnBenchmark' -p threads="$THREADS" \
    $JMH_ARGS -rf json -rff "$OUT/jmh-$rep.json" > "$OUT/jmh-$rep.txt"
  # The peer runs with the OPENBLAS_* overrides of this environment removed (torch's own defaults).
  env $(env | grep -o '^OPENBLAS_[A-Z_]*' | sed 's/^/-u /') "$TORCH_PY" bench/peers/torch_cnn.py --threads "$THREADS" \
    --seconds 2 --rounds 5 | sed "s/^{/{\"rep\": $rep, /" >> "$OUT/torch.jsonl"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/host.txt"
python3 bench/cnn_report.py "$OUT" "$RESULT"
